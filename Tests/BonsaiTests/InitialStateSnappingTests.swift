import Testing

@testable import Bonsai

/// `Pruning.snapInitialStates`: start values that only matter for the first steps.
@Suite("initial-state snapping")
struct InitialStateSnappingTests {
    /// two-ago's test graph plus a state `s2` that `o` reads with a small weight (never enough to flip it).
    static func withExtraState(initial: Double, next: Graph.Ref, extraNeuron: Graph.Neuron? = nil) -> Graph {
        var g = GraphTests.twoAgo()
        if let n = extraNeuron { g.neurons.append(n) }
        g.states.append(.init(name: "s2", initial: initial, next: next))
        g.neurons[2].edges.append(.init(from: .state(2), weight: 0.1))
        return g
    }

    @Test("a state fed by a constant starts at that constant, and folding then removes it")
    func constantState() throws {
        // k = ameo(4) = 1 at every step, but s2 starts at −5.
        let k = Graph.Neuron(name: "k", activation: .hardAmeo, bias: 4, edges: [])
        let g = Self.withExtraState(initial: -5, next: .neuron(4), extraNeuron: k)
        #expect(Verifier.verify(g, objective: TwoAgo()).status == .proven)
        let pruning = Pruning(objective: TwoAgo(), trainingLength: 20)
        var w = Pruning.Work(graph: g, proven: true)
        pruning.snapInitialStates(&w)
        #expect(w.graph.states[2].initial == 1)
        pruning.simplify(&w)
        #expect(w.graph.states.count == 2)
        #expect(Verifier.verify(w.graph, objective: TwoAgo()).status == .proven)
    }

    @Test("a transient start vector is replaced by a later one that behaves the same: fewer reachable states")
    func transientStart() throws {
        // s2 copies the input like s1 but starts at 0, a value it never takes again.
        let g = Self.withExtraState(initial: 0, next: .neuron(0))
        let before = try #require(Pruning.startCandidates(g, TwoAgo())).reachable
        let pruning = Pruning(objective: TwoAgo(), trainingLength: 20)
        var w = Pruning.Work(graph: g, proven: true)
        pruning.snapInitialStates(&w)
        #expect(abs(w.graph.states[2].initial) == 1)
        let after = try #require(Pruning.startCandidates(w.graph, TwoAgo())).reachable
        #expect(after < before)
        #expect(Verifier.verify(w.graph, objective: TwoAgo()).status == .proven)
    }
}
