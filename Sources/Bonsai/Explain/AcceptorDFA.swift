/// A one-output Mealy machine read as an acceptor: the output after each step says whether the input so
/// far is accepted, so a DFA state is a machine state together with the output of the step that entered
/// it. A machine state entered with both outputs is split in two (`s2_acc`, `s2_rej`); one always entered
/// with the same output keeps its name `s2`, so the DFA and machine.dot name the same states alike.
///
/// The empty sequence has no output in the step semantics, so the start's acceptance is a choice: the
/// start is the rejecting copy when its state is split, and otherwise takes the one output it is entered
/// with (not accepting when it is never re-entered).
public struct AcceptorDFA: Equatable, Sendable {
    public var names: [String]
    public var accepting: [Bool]
    public var start: Int
    /// transitions[state][input symbol]; nil where the input cannot occur.
    public var transitions: [[Int?]]

    public init?(_ m: MealyMachine) {
        guard m.outputCount == 1 else { return nil }
        var entered = [Set<Int>](repeating: [], count: m.stateCount)
        for row in m.transitions { for t in row.compactMap({ $0 }) { entered[t.to].insert(t.output) } }
        var copy: [[Int: Int]] = Array(repeating: [:], count: m.stateCount)  // [state][output] → DFA state
        var names: [String] = [], accepting: [Bool] = []
        for q in 0..<m.stateCount {
            let outputs = entered[q].isEmpty ? [0] : entered[q].sorted()
            for o in outputs {
                copy[q][o] = names.count
                names.append(outputs.count == 1 ? "s\(q)" : "s\(q)_\(o == 1 ? "acc" : "rej")")
                accepting.append(o == 1)
            }
        }
        self.names = names
        self.accepting = accepting
        start = copy[m.start][0] ?? copy[m.start][1]!
        var transitions = [[Int?]](repeating: Array(repeating: nil, count: m.alphabetSize), count: names.count)
        for q in 0..<m.stateCount {
            for (_, from) in copy[q] {
                for x in 0..<m.alphabetSize {
                    guard let t = m.transitions[q][x] else { continue }
                    transitions[from][x] = copy[t.to][t.output]
                }
            }
        }
        self.transitions = transitions
    }

    /// Whether each prefix of `inputs` is accepted; nil once an input is not allowed.
    public func run(_ inputs: [Int]) -> [Bool]? {
        var s = start, out: [Bool] = []
        for x in inputs {
            guard let next = transitions[s][x] else { return nil }
            out.append(accepting[next])
            s = next
        }
        return out
    }
}
