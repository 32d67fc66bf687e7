/// The state machines behind a graph and behind an objective.
///
/// The graph's machine: its reachable state vectors are its states (identified by exact Double bit
/// patterns, as in the Verifier), its output signs are its output symbols. Inputs are the ones the
/// objective can produce, so the exploration runs over (graph state, reference state) pairs, breadth first,
/// exactly like verification, but without stopping at a wrong output: a wrong graph still has a machine,
/// and comparing it with the reference shows the shortest difference. Graphs whose states never repeat
/// (analog counters) do not close within the cap; they get no machine.
enum MachineExtraction {
    /// A graph state index alongside a reference state index.
    typealias Pair = ReachableStates<Int>.Pair

    /// The graph's reachable behaviour.
    struct GraphExploration {
        /// Distinct reachable graph state vectors; index 0 is the initial state.
        var graphStates: [[Double]]
        /// Over graph state indices; a state allows the inputs the objective can produce alongside it.
        var machine: MealyMachine
        /// Every reachable pair was explored: `machine` is the whole reachable behaviour.
        var closed: Bool
        var pairs: Int
        /// Input sequences up to this length were all explored.
        var depth: Int
        var observations: ValueObservations
        /// Every (graph state, reference state) pair reached.
        var visited: Set<Pair>
        /// Per graph state: the input sequence length at which it was first reached.
        var depths: [Int]
    }

    /// The objective's reference machine reachable from `start` over `possibleInputs` (not minimized).
    static func referenceMachine<O: Objective>(
        _ o: O, maxStates: Int = 100_000
    ) throws -> (machine: MealyMachine, states: [O.State]) {
        var index: [O.State: Int] = [o.start: 0]
        var states = [o.start]
        var table: [[MealyMachine.Transition?]] = []
        var head = 0
        while head < states.count {
            let s = states[head]
            head += 1
            var row = [MealyMachine.Transition?](repeating: nil, count: 1 << o.inputCount)
            for x in o.possibleInputs(in: s) {
                let (n, y) = o.step(s, input: x)
                if index[n] == nil {
                    guard states.count < maxStates else {
                        throw BonsaiError("objective '\(o.name)': more than \(maxStates) reachable reference states")
                    }
                    index[n] = states.count
                    states.append(n)
                }
                row[x] = .init(to: index[n]!, output: y)
            }
            table.append(row)
        }
        return (
            MealyMachine(inputCount: o.inputCount, outputCount: o.outputCount, start: 0, transitions: table), states
        )
    }

    /// Breadth-first exploration of (graph state, reference state) pairs, up to `maxPairs` pairs.
    static func explore<O: Objective>(
        _ graph: Graph, _ o: O, reference: MealyMachine, maxPairs: Int
    ) -> GraphExploration {
        let observations = ValueObservations(graph)
        var x = ReachableStates<Int>(graph, start: reference.start, alphabet: 1 << o.inputCount, cachingSteps: true)
        x.run(
            maxPairs: maxPairs,
            inputs: { r in (0..<reference.alphabetSize).filter { reference.transitions[r][$0] != nil } },
            reference: { r, input in
                let t = reference.transitions[r][input]!
                return (t.to, t.output)
            },
            observe: { observations.record($0) }, check: { _, _, _, _, _ in true }, reached: { _, _, _ in true })
        // The graph's machine: each evaluated (graph state, input), its output signs as bits.
        let table = x.steps.map { row in
            row.map { s in
                s.map { s -> MealyMachine.Transition in
                    var out = 0
                    for (m, v) in s.outputs.enumerated() where v > 0 { out |= 1 << m }
                    return .init(to: s.to, output: out)
                }
            }
        }
        let machine = MealyMachine(inputCount: o.inputCount, outputCount: o.outputCount, start: 0, transitions: table)
        return GraphExploration(
            graphStates: x.graphStates, machine: machine, closed: x.closed,
            pairs: x.visited.count, depth: x.depth, observations: observations,
            visited: x.visited, depths: x.depths)
    }
}
