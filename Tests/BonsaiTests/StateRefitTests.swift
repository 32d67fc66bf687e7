import Testing

@testable import Bonsai

/// `Pruning.refitStates`: a state's update neuron searched as a whole on a grid of Ameo-exact values.
@Suite("state refit")
struct StateRefitTests {
    /// A one-state dfsm-3 graph: output neuron `o` and the state's update neuron `r`, each
    /// ameo(bias + wx·x0 + ws·s), the state starting at 1.
    static func latch(o: (bias: Double, wx: Double, ws: Double), r: (bias: Double, wx: Double, ws: Double)) -> Graph {
        let x = Graph.Ref.input(0), s = Graph.Ref.state(0)
        func neuron(_ name: String, _ p: (bias: Double, wx: Double, ws: Double)) -> Graph.Neuron {
            .init(
                name: name, activation: .hardAmeo, bias: p.bias,
                edges: [.init(from: x, weight: p.wx), .init(from: s, weight: p.ws)])
        }
        return Graph(
            objective: "dfsm-3", inputs: ["x0"], neurons: [neuron("o", o), neuron("r", r)],
            states: [.init(name: "s", initial: 1, next: .neuron(1))], outputs: [.init(name: "y0", from: .neuron(0))])
    }

    /// dfsm-3 (0s until the first 1, then 1s) as training left it for seed 9: the "seen a 1" memory is an
    /// integrator whose value alternates between −0.34375 and −0.3125, so 3 vectors for a 2-state machine.
    static func integratorLatch() -> Graph { latch(o: (1, 2, 1.25), r: (1.328125, -0.671875, 1)) }

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
    static func analogLatch() -> Graph { latch(o: (-1.5, 0.5, -0.5), r: (0.5, 0.5, -0.5)) }

    @Test("an analog memory is refit into a digital one: the graph goes from checked to proven")
    func analogToProven() throws {
        let task = TransducerTasks.task(3)
        let g = Self.analogLatch()
        #expect(
            Verifier.verify(
                g, objective: task, limits: .init(maxPairs: 20_000, sampledSequences: 200, sampledLength: 200)
            ).status == .checked)
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
