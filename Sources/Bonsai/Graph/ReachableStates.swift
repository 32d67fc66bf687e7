/// Breadth-first exploration of the reachable (graph state, reference state) pairs: the one loop behind
/// verification, machine extraction and finite-value analysis (docs/design.md, section 6).
///
/// Graph states are told apart by `exactKey` and numbered in the order they are reached (0 is the initial
/// state). The graph is deterministic, so with `cachingSteps` each (graph state, input) is evaluated once
/// and kept in `steps` (machine extraction reads them as its machine); without, each explored (pair, input)
/// is evaluated and nothing is kept (a state vector per pair is all the memory an analog graph that never
/// closes costs). `observe` sees the node values of each evaluation. What a caller needs from the exploration it takes through
/// observers: `check` sees every explored transition before its target pair counts (returning false stops
/// the exploration there), `reached` every new pair (returning false stops it after that pair).
struct ReachableStates<R: Hashable> {
    struct Pair: Hashable {
        var g: Int
        var r: R
    }

    /// One evaluated (graph state, input): the graph's outputs and the number of its next state.
    struct Step {
        var outputs: [Double]
        var to: Int
    }

    /// Distinct reachable graph state vectors; index 0 is the initial state.
    private(set) var graphStates: [[Double]]
    /// Per graph state: the input sequence length at which it was first reached.
    private(set) var depths: [Int] = [0]
    /// With `cachingSteps`, per graph state and input symbol: the evaluated step, nil where no explored
    /// pair needed it. Empty without.
    private(set) var steps: [[Step?]]
    /// Every pair reached.
    private(set) var visited: Set<Pair>
    /// Input sequences up to this length were all explored.
    private(set) var depth = 0
    /// Every reachable pair was explored.
    private(set) var closed = false

    private let evaluator: GraphEvaluator
    private let caching: Bool
    private let alphabet: Int
    private var index: [[UInt64]: Int]
    private var values: [Double]
    /// Per explored pair (numbered as reached): the pair it was reached from and the input, for paths.
    private var parent: [(node: Int, input: Int)] = [(-1, -1)]
    private var frontier: [(pair: Pair, node: Int)]

    /// `alphabet`: the number of input symbols (the reference's; by default the graph's).
    init(_ graph: Graph, start: R, alphabet: Int? = nil, cachingSteps: Bool) {
        evaluator = GraphEvaluator(graph)
        caching = cachingSteps
        self.alphabet = alphabet ?? 1 << graph.inputs.count
        let initial = evaluator.initialState
        graphStates = [initial]
        index = [initial.exactKey: 0]
        steps = caching ? [Array(repeating: nil, count: self.alphabet)] : []
        values = Array(repeating: 0, count: evaluator.valueCount)
        visited = [Pair(g: 0, r: start)]
        frontier = [(Pair(g: 0, r: start), 0)]
    }

    /// The input sequence that reaches pair number `node` from the start.
    func path(_ node: Int) -> [Int] {
        var p: [Int] = [], n = node
        while n > 0 {
            p.append(parent[n].input)
            n = parent[n].node
        }
        return p.reversed()
    }

    /// Explores level by level while pairs remain and at most `maxPairs` are known. Returns false when an
    /// observer stopped it.
    @discardableResult
    mutating func run(
        maxPairs: Int,
        inputs: (R) -> [Int],
        reference: (R, Int) -> (next: R, output: Int),
        observe: ([Double]) throws -> Void,
        check: (_ from: Pair, _ node: Int, _ input: Int, _ outputs: [Double], _ expected: Int) -> Bool,
        reached: (_ pair: Pair, _ state: [Double], _ count: Int) throws -> Bool
    ) rethrows -> Bool {
        while !frontier.isEmpty, visited.count <= maxPairs {
            var next: [(pair: Pair, node: Int)] = []
            for (p, node) in frontier {
                for x in inputs(p.r) {
                    let s = try step(p.g, x, observe)
                    let (rn, out) = reference(p.r, x)
                    guard check(p, node, x, s.outputs, out) else { return false }
                    let q = Pair(g: s.to, r: rn)
                    if visited.insert(q).inserted {
                        parent.append((node, x))
                        next.append((q, parent.count - 1))
                        guard try reached(q, graphStates[q.g], visited.count) else { return false }
                    }
                }
            }
            depth += 1
            frontier = next
        }
        closed = frontier.isEmpty
        return true
    }

    /// The step from graph state g on input x (evaluated the first time it is needed when caching).
    private mutating func step(_ g: Int, _ x: Int, _ observe: ([Double]) throws -> Void) rethrows -> Step {
        if caching, let known = steps[g][x] { return known }
        let (y, ns) = evaluator.step(state: graphStates[g], inputBits: x, values: &values)
        try observe(values)
        let key = ns.exactKey
        let to: Int
        if let i = index[key] {
            to = i
        } else {
            to = graphStates.count
            index[key] = to
            graphStates.append(ns)
            depths.append(depth + 1)
            if caching { steps.append(Array(repeating: nil, count: alphabet)) }
        }
        let s = Step(outputs: y, to: to)
        if caching { steps[g][x] = s }
        return s
    }
}
