/// Initial state values matter only for the first steps, yet they can cost a graph whole states:
///
/// - a state whose next value is a constant c holds c from step 1 on; started at c it is a constant
///   that folding removes (trained networks keep such states with an unrelated initial value);
/// - a proven graph often starts from a transient vector that it never returns to, so its machine has
///   states that only minimization merges (dfsm-8: 5–7 reachable vectors for a 4-state machine).
///   Starting from a later vector that behaves like the start drops them.
///
/// Every candidate is verified like any other; a new start vector is kept only when the graph then
/// reaches fewer distinct states.
extension Pruning {
    public func snapInitialStates(_ w: inout Work) {
        let constants = Simplification.constantValues(w.graph)
        for j in w.graph.states.indices {
            guard let c = constants[w.graph.states[j].next], c != w.graph.states[j].initial else { continue }
            var candidate = w.graph
            candidate.states[j].initial = c
            _ = accept(candidate, into: &w)
        }
        guard w.proven, let (vectors, count) = Self.startCandidates(w.graph, objective, reference) else { return }
        var best = count
        for v in vectors.prefix(Self.maxStartCandidates) {
            var candidate = w.graph
            for j in candidate.states.indices { candidate.states[j].initial = v[j] }
            guard let (_, n) = Self.startCandidates(candidate, objective, reference), n < best else { continue }
            if accept(candidate, into: &w) { best = n }
        }
    }

    /// Start vectors tried per graph: each costs one exploration and one verification.
    static let maxStartCandidates = 64

    /// Builds the reference machine (outside a pruning run, which has it).
    static func startCandidates(_ graph: Graph, _ objective: any Objective) -> (vectors: [[Double]], reachable: Int)? {
        startCandidates(graph, objective, ReferenceMachine.of(objective))
    }

    /// The reachable state vectors that occur alongside the objective's start state (the start itself
    /// excluded), and the number of distinct reachable vectors; nil when the exploration does not close.
    static func startCandidates(
        _ graph: Graph, _ objective: any Objective,
        _ reference: ReferenceMachine?
    ) -> (vectors: [[Double]], reachable: Int)? {
        guard let reference = reference?.machine else { return nil }
        func open<O: Objective>(_ o: O) -> (vectors: [[Double]], reachable: Int)? {
            let x = MachineExtraction.explore(graph, o, reference: reference, maxPairs: 20_000)
            guard x.closed else { return nil }
            let atStart = Set(x.visited.filter { $0.r == reference.start && $0.g != 0 }.map(\.g))
            return (atStart.sorted().map { x.graphStates[$0] }, x.graphStates.count)
        }
        return open(objective)
    }
}
