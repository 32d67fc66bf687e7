import Testing
@testable import Bonsai

/// `Pruning.refitStates`: a state's update neuron searched as a whole on a grid of Ameo-exact values.
@Suite("state refit")
struct StateRefitTests {
    /// dfsm-3 (0s until the first 1, then 1s) as training left it for seed 9: the "seen a 1" memory is an
    /// integrator whose value alternates between −0.34375 and −0.3125, so 3 vectors for a 2-state machine.
    static func integratorLatch() -> Graph {
        let x = Graph.Ref.input(0), s = Graph.Ref.state(0)
        return Graph(objective: "dfsm-3", inputs: ["x0"],
                     neurons: [.init(name: "o", activation: .hardAmeo, bias: 1, edges: [.init(from: x, weight: 2), .init(from: s, weight: 1.25)]),
                               .init(name: "r", activation: .hardAmeo, bias: 1.328125,
                                     edges: [.init(from: x, weight: -0.671875), .init(from: s, weight: 1)])],
                     states: [.init(name: "s", initial: 1, next: .neuron(1))],
                     outputs: [.init(name: "y0", from: .neuron(0))])
    }

    @Test("an integrator latch with a spare value is refit into exactly the 2-state machine, proven")
    func latch() throws {
        let task = TransducerTasks.task(3)
        let g = Self.integratorLatch()
        #expect(Verifier.verify(g, objective: task).status == .proven)
        #expect(try #require(Pruning.startCandidates(g, task)).reachable == 3)
        let pruning = Pruning(objective: task, trainingLength: 20)
        var w = Pruning.Work(graph: g, proven: true)
        pruning.refitStates(&w)
        #expect(try #require(Pruning.startCandidates(w.graph, task)).reachable == 2)
        #expect(Verifier.verify(w.graph, objective: task).status == .proven)
        // Only the state's update neuron changed, and only in its weights and bias.
        #expect(w.graph.neurons[0] == g.neurons[0])
        #expect(w.graph.neurons[1].edges.allSatisfy { e in g.neurons[1].edges.contains { $0.from == e.from } })
    }

    /// A latch whose memory, `ameo(0.5 + 0.5·x0 − 0.5·s)`, keeps taking new values (1,449 distinct ones on
    /// 40 random sequences), so the graph can only be checked, not proven.
    static func analogLatch() -> Graph {
        let x = Graph.Ref.input(0), s = Graph.Ref.state(0)
        return Graph(objective: "dfsm-3", inputs: ["x0"],
                     neurons: [.init(name: "o", activation: .hardAmeo, bias: -1.5,
                                     edges: [.init(from: x, weight: 0.5), .init(from: s, weight: -0.5)]),
                               .init(name: "r", activation: .hardAmeo, bias: 0.5,
                                     edges: [.init(from: x, weight: 0.5), .init(from: s, weight: -0.5)])],
                     states: [.init(name: "s", initial: 1, next: .neuron(1))],
                     outputs: [.init(name: "y0", from: .neuron(0))])
    }

    @Test("an analog memory is refit into a digital one: the graph goes from checked to proven")
    func analogToProven() throws {
        let task = TransducerTasks.task(3)
        let g = Self.analogLatch()
        #expect(Verifier.verify(g, objective: task, limits: .init(maxPairs: 20_000, sampledSequences: 200, sampledLength: 200)).status == .checked)
        let pruning = Pruning(objective: task, trainingLength: 20)
        var w = Pruning.Work(graph: g, proven: false)
        pruning.refitStates(&w)
        #expect(w.proven)
        #expect(Verifier.verify(w.graph, objective: task).status == .proven)
        #expect(try #require(Pruning.startCandidates(w.graph, task)).reachable == 2)
    }

    @Test("a graph that already is the minimal machine is left alone")
    func minimalUnchanged() {
        let g = GraphTests.twoAgo()
        let pruning = Pruning(objective: TwoAgo(), trainingLength: 20)
        var w = Pruning.Work(graph: g, proven: true)
        pruning.refitStates(&w)
        #expect(w.graph == g)
    }

    @Test("the grid odometer visits every combination once")
    func odometer() {
        var digits = [0, 0, 0], seen = Set<[Int]>()
        repeat { seen.insert(digits) } while Pruning.advance(&digits, base: 3)
        #expect(seen.count == 27)
        #expect(digits == [0, 0, 0])
    }
}
