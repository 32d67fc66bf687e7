import Testing

@testable import Bonsai

/// `Pruning.binarizedGraph`: each trained state cut to one exact bit, updates and outputs fitted anew.
@Suite("binarized codes")
struct BinarizedCodesTests {
    static func neuron(
        _ name: String, _ bias: Double, _ edges: [(Graph.Ref, Double)],
        _ activation: Activation = .hardAmeo
    ) -> Graph.Neuron {
        .init(name: name, activation: activation, bias: bias, edges: edges.map { .init(from: $0.0, weight: $0.1) })
    }

    /// dfsm-9 (skip every 4th 1) as pruned from seed 8 of the 40-seed sweep: c0.s3 holds the parity of the
    /// ones seen exactly, the count's high bit is spread over three analog states whose ranges overlap
    /// between machine states. It behaves as the 4-state machine but its states never repeat.
    static func analogCounter() -> Graph {
        let x = Graph.Ref.input(0), s0 = Graph.Ref.state(0), s1 = Graph.Ref.state(1), s2 = Graph.Ref.state(2),
            s3 = Graph.Ref.state(3)
        return Graph(
            objective: "dfsm-9", inputs: ["x0"],
            neurons: [
                neuron("c0.o4", 0, [(x, 0.5), (s1, -0.75), (s2, 0.9375)]),
                neuron("c0.r0", 0.875, [(x, 0.5625), (s0, -0.6875), (s1, 0.6875), (s2, -0.6875), (s3, -0.375)]),
                neuron("c0.r1", 0, [(s0, 1), (s1, -0.53125), (s2, 0.5), (s3, -0.1015625)]),
                neuron("c0.r2", 0, [(x, 1.3125), (s0, -0.25), (s1, 0.9375), (s2, -0.9375), (s3, -0.75)]),
                neuron("c0.r3", -1, [(x, -1), (s3, -1)]),
                neuron("post0", 0, [(.neuron(0), -1), (x, 0.5625)], .linear),
            ],
            states: [
                .init(name: "c0.s0", initial: 1, next: .neuron(1)), .init(name: "c0.s1", initial: 0, next: .neuron(2)),
                .init(name: "c0.s2", initial: 0, next: .neuron(3)), .init(name: "c0.s3", initial: 1, next: .neuron(4)),
            ],
            outputs: [.init(name: "y0", from: .neuron(5))])
    }

    @Test("an analog 4-state counter becomes the minimal machine on two exact bits cut from its trained states")
    func analogCounterBecomesMinimal() throws {
        let task = TransducerTasks.task(9)
        let g = Self.analogCounter()
        let quick = Verifier.Limits(maxPairs: 20_000, sampledSequences: 100, sampledLength: 200)
        #expect(Verifier.verify(g, objective: task, limits: quick).status == .checked)
        let pruning = Pruning(objective: task, trainingLength: 20)
        // No code from the trained values fits: the state stages' own re-encoding leaves the graph analog.
        var trained = Pruning.Work(graph: g, proven: false)
        pruning.reencodeStates(&trained)
        #expect(!trained.proven && trained.graph == g)
        var w = Pruning.Work(graph: g, proven: false)
        pruning.reencodeStates(&w, cuttingToBits: true)
        #expect(w.proven)
        #expect(Verifier.verify(w.graph, objective: task).status == .proven)
        #expect(try #require(Pruning.startCandidates(w.graph, task)).reachable == 4)
        // Two bits for four machine states, each one of the trained states, starting on exact ±1.
        #expect(w.graph.states.count == 2)
        #expect(w.graph.states.allSatisfy { g.states.map(\.name).contains($0.name) && abs($0.initial) == 1 })
        #expect(w.graph.neurons.count == 3)
        // The size table says the weights are no longer the trained ones.
        let kept = w.graph.states.map(\.name).joined(separator: ", ")
        #expect(w.note == "\(kept) cut to one bit each, every neuron fitted anew")
        #expect(w.fittedAnew)
        // The outputs are the graph's own: a graph that is wrong stays wrong (fitted to the objective's
        // outputs, the new neurons would make it right).
        var wrong = g
        wrong.neurons[5].edges[1].weight = -0.5625
        #expect(
            Pruning.reencodings(wrong, task, cuttingToBits: true).allSatisfy {
                !Verifier.verify($0.graph, objective: task, limits: quick).passed
            })
    }

    @Test("pruning cuts states to bits only after the trained codes had their chance, and reports it")
    func lastResortInThePipeline() throws {
        // Sampled checks on sequences of 50 instead of 200 keep the test quick; the proof does not sample.
        let pruning = Pruning(objective: TransducerTasks.task(9), trainingLength: 5)
        let (graph, report) = try pruning.run(Self.analogCounter())
        #expect(report.verification.status == .proven && report.fittedAnew == true && graph.states.count == 2)
        #expect(report.stages.contains { $0.name.hasSuffix("cut to one bit each, every neuron fitted anew") })
        // dfsm-5's coupled analog states become the minimal machine on codes from their trained values.
        let alternator = try Pruning(objective: TransducerTasks.task(5), trainingLength: 5).run(
            StateReencodingTests.alternator())
        #expect(alternator.1.verification.status == .proven && alternator.1.fittedAnew == false)
    }

    @Test("a fit is not searched when two equal rows want different values; mixed-radix odometer")
    func contradictionsAndOdometer() {
        #expect(Pruning.gridFit([[1, -1], [1, -1]], want: [1, -1], activation: .hardAmeo) == nil)
        #expect(Pruning.gridFit([[1], [-1]], want: [1, -1], activation: .hardAmeo) != nil)
        var digits = [0, 0], seen: [[Int]] = []
        repeat { seen.append(digits) } while Pruning.advance(&digits, base: [2, 3])
        #expect(seen == [[0, 0], [1, 0], [0, 1], [1, 1], [0, 2], [1, 2]])
    }
}
