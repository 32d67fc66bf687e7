/// The extracted machine as files other tools read.
///
/// DOT follows the convention of automata-learning tools (AALpy's `load_automaton_from_file(...,
/// automaton_type='mealy')`, LearnLib's DOT parsers): states `s0, s1, …`, the start marked by an edge from
/// the invisible node `__start0`, and each transition labelled `input/output` with the symbols as bit
/// strings in single quotes ("'101'/'1'": inputs 0 and 2 true, output true). The quotes are there because
/// AALpy turns every all-digit label into an integer ('01' would become 1, losing the leading zero and the
/// width); quoted, every symbol stays a string of one width.
///
/// AALpy's loader matches lines by substring ("label", "->", "__start0"), so no line holds free text: the
/// graph is named `machine` (the objective is in machine.json) and state names are `s<number>` or
/// `s<number>_acc` / `s<number>_rej`.
public enum MachineExport {
    /// A symbol as written in the DOT files: its bit string in single quotes.
    public static func symbol(_ x: Int, bits: Int) -> String { "'" + MealyMachine.label(x, bits: bits) + "'" }

    public static func dot(_ m: MealyMachine) -> String {
        var s = "digraph machine {\n"
        for q in 0..<m.stateCount { s += "s\(q) [label=\"s\(q)\"];\n" }
        for q in 0..<m.stateCount {
            for x in 0..<m.alphabetSize {
                guard let t = m.transitions[q][x] else { continue }
                let label = symbol(x, bits: m.inputCount) + "/" + symbol(t.output, bits: m.outputCount)
                s += "s\(q) -> s\(t.to) [label=\"\(label)\"];\n"
            }
        }
        s += "__start0 [label=\"\", shape=none];\n__start0 -> s\(m.start) [label=\"\"];\n}\n"
        return s
    }

    /// machine.dfa.dot: a one-output machine as a DFA (AALpy `automaton_type='dfa'`): accepting states are
    /// `doublecircle`, edges are labelled with the input symbol. nil when the machine has another number
    /// of outputs.
    public static func dfaDOT(_ m: MealyMachine) -> String? {
        guard let d = AcceptorDFA(m) else { return nil }
        var s = "digraph dfa {\n"
        for (q, name) in d.names.enumerated() {
            s += "\(name) [label=\"\(name)\"" + (d.accepting[q] ? ", shape=doublecircle" : "") + "];\n"
        }
        for q in d.names.indices {
            for x in 0..<m.alphabetSize {
                guard let to = d.transitions[q][x] else { continue }
                s += "\(d.names[q]) -> \(d.names[to]) [label=\"\(symbol(x, bits: m.inputCount))\"];\n"
            }
        }
        s += "__start0 [label=\"\", shape=none];\n__start0 -> \(d.names[d.start]) [label=\"\"];\n}\n"
        return s
    }

    /// machine.json: format "bonsai-machine", version 1; the fields of `Explanation.Machine` plus the
    /// objective and the names of the input and output bits (symbol character i is `inputNames[i]`).
    public struct File: Codable, Equatable, Sendable {
        public var format = "bonsai-machine"
        public var version = 1
        public var objective: String
        public var inputNames: [String]
        public var outputNames: [String]
        public var states: Int
        public var start: Int
        public var inputs: [String]
        public var outputs: [String]
        public var transitions: [Explanation.Machine.Transition]
        public var encoding: [Explanation.Machine.Encoding]

        public init(objective: String, inputNames: [String], outputNames: [String], machine m: Explanation.Machine) {
            self.objective = objective
            self.inputNames = inputNames
            self.outputNames = outputNames
            states = m.states
            start = m.start
            inputs = m.inputs
            outputs = m.outputs
            transitions = m.transitions
            encoding = m.encoding
        }
    }
}
