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
    struct Pair: Hashable { var g: Int, r: Int }

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
    static func referenceMachine<O: Objective>(_ o: O, maxStates: Int = 100_000) throws -> (machine: MealyMachine, states: [O.State]) {
        var index: [O.State: Int] = [o.start: 0]
        var states = [o.start]
        var table: [[MealyMachine.Transition?]] = []
        var head = 0
        while head < states.count {
            let s = states[head]; head += 1
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
        return (MealyMachine(inputCount: o.inputCount, outputCount: o.outputCount, start: 0, transitions: table), states)
    }

    /// Breadth-first exploration of (graph state, reference state) pairs, up to `maxPairs` pairs.
    static func explore<O: Objective>(_ graph: Graph, _ o: O, reference: MealyMachine, maxPairs: Int) -> GraphExploration {
        let ev = GraphEvaluator(graph)
        let observations = ValueObservations(graph)
        let k = 1 << o.inputCount
        var values = [Double](repeating: 0, count: ev.valueCount)
        var index: [[UInt64]: Int] = [ev.initialState.exactKey: 0]
        var graphStates = [ev.initialState]
        var depths = [0]
        var table: [[MealyMachine.Transition?]] = [Array(repeating: nil, count: k)]
        var visited: Set<Pair> = [Pair(g: 0, r: reference.start)]
        var frontier = [Pair(g: 0, r: reference.start)]
        var depth = 0
        while !frontier.isEmpty, visited.count <= maxPairs {
            var next: [Pair] = []
            for p in frontier {
                for x in 0..<k {
                    guard let r = reference.transitions[p.r][x] else { continue }
                    let t: MealyMachine.Transition
                    if let known = table[p.g][x] { t = known } else {
                        // The graph is deterministic: each (graph state, input) is stepped once.
                        let (y, ns) = ev.step(state: graphStates[p.g], inputBits: x, values: &values)
                        observations.record(values)
                        var out = 0
                        for (m, v) in y.enumerated() where v > 0 { out |= 1 << m }
                        let nk = ns.exactKey
                        let to: Int
                        if let i = index[nk] { to = i } else {
                            to = graphStates.count
                            index[nk] = to
                            graphStates.append(ns)
                            depths.append(depth + 1)
                            table.append(Array(repeating: nil, count: k))
                        }
                        t = .init(to: to, output: out)
                        table[p.g][x] = t
                    }
                    let q = Pair(g: t.to, r: r.to)
                    if visited.insert(q).inserted { next.append(q) }
                }
            }
            depth += 1
            frontier = next
        }
        let machine = MealyMachine(inputCount: o.inputCount, outputCount: o.outputCount, start: 0, transitions: table)
        return GraphExploration(graphStates: graphStates, machine: machine, closed: frontier.isEmpty,
                                pairs: visited.count, depth: depth, observations: observations,
                                visited: visited, depths: depths)
    }
}
