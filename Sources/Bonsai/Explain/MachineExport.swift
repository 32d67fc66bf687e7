/// The extracted machine as files other tools read.
///
/// DOT follows the convention of automata-learning tools (AALpy's `load_automaton_from_file(...,
/// automaton_type='mealy')`, LearnLib's DOT parsers): states `s0, s1, …`, the start marked by an edge from
/// the invisible node `__start0`, and each transition labelled `input/output` with the symbols as bit
/// strings ("101/1": inputs 0 and 2 true, output true).
public enum MachineExport {
    public static func dot(_ m: MealyMachine, title: String) -> String {
        var s = "digraph \"\(title.replacingOccurrences(of: "\"", with: "'"))\" {\n"
        for q in 0..<m.stateCount { s += "s\(q) [label=\"s\(q)\"];\n" }
        for q in 0..<m.stateCount {
            for x in 0..<m.alphabetSize {
                guard let t = m.transitions[q][x] else { continue }
                let label = MealyMachine.label(x, bits: m.inputCount) + "/" + MealyMachine.label(t.output, bits: m.outputCount)
                s += "s\(q) -> s\(t.to) [label=\"\(label)\"];\n"
            }
        }
        s += "__start0 [label=\"\", shape=none];\n__start0 -> s\(m.start) [label=\"\"];\n}\n"
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
