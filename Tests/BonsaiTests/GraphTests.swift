import Foundation
import Testing

@testable import Bonsai

/// Hand-built graphs with known behaviour: verification, simplification passes and pruning.
@Suite("Graph verification and simplification")
struct GraphTests {
    static let ameo = Activation.interpolatedAmeo

    /// The original 2-ago bonsai (docs/design.md A.9): state1 ← A(−x) = x, state0 ← A(state1) = −state1,
    /// out = −A(−state0)... here with the output read through one negation: y = A(−s0)·(−1) via post.
    static func twoAgo(outputWeight: Double = -1) -> Graph {
        Graph(
            objective: "two-ago", inputs: ["x0"],
            neurons: [
                .init(name: "r1", activation: ameo, bias: 0, edges: [.init(from: .input(0), weight: -1)]),  // = x
                .init(name: "r0", activation: ameo, bias: 0, edges: [.init(from: .state(1), weight: 1)]),  // = −s1
                .init(name: "o", activation: ameo, bias: 0, edges: [.init(from: .state(0), weight: -1)]),  // = s0
                .init(
                    name: "post", activation: .linear, bias: 0, edges: [.init(from: .neuron(2), weight: outputWeight)]),
            ],
            states: [
                .init(name: "s0", initial: 1, next: .neuron(1)), .init(name: "s1", initial: -1, next: .neuron(0)),
            ],
            outputs: [.init(name: "y0", from: .neuron(3))])
    }

    @Test("a correct digital graph is proven for all sequences, with its margin")
    func proven() throws {
        let g = Self.twoAgo()
        try g.validate()
        let v = Verifier.verify(g, objective: TwoAgo())
        #expect(v.status == .proven)
        #expect(v.worstMargin == 1)
        #expect(v.exploredPairs <= 16)
    }

    @Test("a wrong graph fails with the shortest input sequence that shows the difference")
    func counterexample() {
        // Output negated: wrong from the very first step.
        let v = Verifier.verify(Self.twoAgo(outputWeight: 1), objective: TwoAgo())
        #expect(v.status == .failed)
        #expect(v.counterexample?.count == 1)
        // Initial state wrong: s0 = −1 makes the first output +1 (x_{−2} is false by definition).
        var g = Self.twoAgo()
        g.states[0].initial = -1
        let w = Verifier.verify(g, objective: TwoAgo())
        #expect(w.status == .failed)
        #expect(w.counterexample?.count == 1)
        // Second state wrong: only visible at step 2.
        g = Self.twoAgo()
        g.states[1].initial = 1
        #expect(Verifier.verify(g, objective: TwoAgo()).counterexample?.count == 2)
    }

    @Test("known sequences are checked first, and a failure is reported as the shortest failing prefix")
    func regressionSequences() {
        var limits = Verifier.Limits(maxPairs: 10, sampledSequences: 0, sampledLength: 0)
        limits.sequences = [[0, 1, 1, 0, 1]]
        var g = Self.twoAgo()
        g.states[1].initial = 1  // wrong from step 2 on
        let v = Verifier.verify(g, objective: TwoAgo(), limits: limits)
        #expect(v.status == .failed)
        #expect(v.counterexample == [0, 1])
        #expect(Verifier.verify(Self.twoAgo(), objective: TwoAgo(), limits: limits).passed)
    }

    @Test("an analog counter does not close: checked to a length, then sampled")
    func analog() {
        // A leaky integrator: its state never repeats exactly, but the output is the current input.
        let g = Graph(
            objective: "passthrough", inputs: ["x0"],
            neurons: [
                .init(
                    name: "acc", activation: .linear, bias: 0,
                    edges: [.init(from: .state(0), weight: 0.5), .init(from: .input(0), weight: 0.001)]),
                .init(
                    name: "out", activation: .linear, bias: 0,
                    edges: [.init(from: .input(0), weight: 1), .init(from: .state(0), weight: 0.1)]),
            ],
            states: [.init(name: "s", initial: 0.3, next: .neuron(0))],
            outputs: [.init(name: "y0", from: .neuron(1))])
        let v = Verifier.verify(
            g, objective: Passthrough(), limits: .init(maxPairs: 500, sampledSequences: 20, sampledLength: 50))
        #expect(v.status == .checked)
        #expect(v.exhaustiveLength >= 8)
        #expect(v.sampledSequences == 20)
    }

    @Test("constant folding uses f(bias), never assuming f(0) = 0")
    func constantFolding() throws {
        let g = Graph(
            objective: "passthrough", inputs: ["x0"],
            neurons: [
                .init(name: "c", activation: .sigmoid, bias: 0, edges: []),  // constant 0.5
                .init(
                    name: "out", activation: .linear, bias: -1,
                    edges: [.init(from: .input(0), weight: 1), .init(from: .neuron(0), weight: 2)]),
            ],
            states: [], outputs: [.init(name: "y0", from: .neuron(1))])
        let folded = try #require(Simplification.foldConstants(g))
        #expect(folded.neurons[1].edges.count == 1)
        #expect(folded.neurons[1].bias == 0)  // −1 + 2·sigmoid(0)
        let clean = try #require(Simplification.removeDeadNodes(folded))
        #expect(clean.neurons.count == 1)
        #expect(GraphEvaluator(clean).trace([1, 0]).outputs == GraphEvaluator(g).trace([1, 0]).outputs)
    }

    @Test("dead nodes go, loops through states that reach an output stay")
    func deadNodes() throws {
        var g = Self.twoAgo()
        g.neurons.append(
            .init(name: "unused", activation: Self.ameo, bias: 0.3, edges: [.init(from: .state(0), weight: 1)]))
        g.states.append(.init(name: "orphan", initial: 1, next: .neuron(4)))
        let clean = try #require(Simplification.removeDeadNodes(g))
        #expect(clean == Self.twoAgo())
        #expect(Simplification.removeDeadNodes(clean) == nil)
    }

    @Test("a weight −1 self-loop through Ameo holds its initial value and folds into a constant")
    func constantLoop() throws {
        var g = Self.twoAgo()
        g.neurons.insert(
            .init(name: "hold", activation: Self.ameo, bias: 0, edges: [.init(from: .state(2), weight: -1)]), at: 0)
        // Shift neuron references by one for the inserted neuron.
        g = Graph(
            objective: g.objective, inputs: g.inputs,
            neurons: [g.neurons[0]]
                + Self.twoAgo().neurons.map { n in
                    var n = n
                    n.edges = n.edges.map { e in
                        if case .neuron(let k) = e.from { return .init(from: .neuron(k + 1), weight: e.weight) }
                        return e
                    }
                    return n
                },
            states: [
                .init(name: "s0", initial: 1, next: .neuron(2)), .init(name: "s1", initial: -1, next: .neuron(1)),
                .init(name: "hold", initial: 1, next: .neuron(0)),
            ],
            outputs: [.init(name: "y0", from: .neuron(4))])
        g.neurons[3].edges.append(.init(from: .state(2), weight: 0.25))  // the held constant feeds the output tree
        try g.validate()
        let folded = try #require(Simplification.foldConstantLoops(g))
        #expect(folded.neurons[3].bias == 0.25)
        #expect(!folded.neurons[3].edges.contains { $0.from == .state(2) })
        #expect(Verifier.verify(folded, objective: TwoAgo()).status == Verifier.verify(g, objective: TwoAgo()).status)
    }

    @Test("identity and negation chains on ±1 signals collapse; the result is still proven")
    func chains() throws {
        let g = Self.twoAgo()
        let values = Verifier.ValueSets(count: 1 + 2 + 4)
        _ = Verifier.verify(g, objective: TwoAgo(), limits: .init(), seed: 1, collecting: values)
        let collapsed = try #require(Simplification.collapseChains(g, values))
        let small = Simplification.removeDeadNodes(collapsed) ?? collapsed
        #expect(small.neurons.count < g.neurons.count)
        #expect(Verifier.verify(small, objective: TwoAgo()).status == .proven)
    }

    @Test("a linear ±1·v neuron is a wire even without value sets (analog graphs); other linear ones stay")
    func linearWires() throws {
        let g = Self.twoAgo(outputWeight: 1)  // post = 1·o: the output can read o directly
        let collapsed = try #require(Simplification.collapseChains(g, nil))
        #expect(collapsed.outputs[0].from == .neuron(2))
        let small = try #require(Simplification.removeDeadNodes(collapsed))
        #expect(small.neurons.count == g.neurons.count - 1)
        // Same function: the same outputs on a sequence, value for value.
        let bits = [1, 0, 0, 1, 1, 0, 1]
        #expect(GraphEvaluator(g).trace(bits).outputs == GraphEvaluator(small).trace(bits).outputs)
        // post = 0.5·o scales the value: not a wire.
        #expect(Simplification.collapseChains(Self.twoAgo(outputWeight: 0.5), nil) == nil)
    }

    @Test("neurons that only rescale an input fold into the linear post neuron; the outputs stay value for value")
    func affineFold() throws {
        let g = ExplainTests.parenthesesCounter()  // c0.o1 reads x0 only, and only post reads c0.o1
        let folded = try #require(Simplification.foldAffine(g, nil))
        // c0.o1 (reads only x0) is gone; c0.o3 reads the state too and stays; post reads x0 directly.
        #expect(folded.neurons.count == g.neurons.count - 1)
        #expect(folded.size.edges == g.size.edges - 1)
        let post = try #require(folded.neurons.last)
        #expect(post.edges.contains { $0.from == .input(0) })
        var rng = Rng(seed: 3)
        for _ in 0..<20 {
            let bits = (0..<30).map { _ in rng.bernoulli(0.5) ? 1 : 0 }
            let (a, b) = (GraphEvaluator(g).trace(bits).outputs, GraphEvaluator(folded).trace(bits).outputs)
            for (x, y) in zip(a, b) { for (u, v) in zip(x, y) { #expect(abs(u - v) < 1e-12) } }
        }
        #expect(Verifier.verify(folded, objective: BalancedParentheses()).status == .proven)
        // A neuron read by a nonlinear neuron or a state stays.
        #expect(Simplification.foldAffine(Self.twoAgo(), nil) == nil)
    }

    @Test("duplicate neurons merge")
    func duplicates() throws {
        var g = Self.twoAgo()
        g.neurons.insert(g.neurons[0], at: 1)  // a copy of r1 (reads only the input)
        g.neurons = g.neurons.map { n in
            var n = n
            n.edges = n.edges.map { e in
                if case .neuron(let k) = e.from, k >= 1 { return .init(from: .neuron(k + 1), weight: e.weight) }
                return e
            }
            return n
        }
        g.states = [.init(name: "s0", initial: 1, next: .neuron(2)), .init(name: "s1", initial: -1, next: .neuron(1))]
        g.outputs = [.init(name: "y0", from: .neuron(4))]
        try g.validate()
        let merged = try #require(Simplification.mergeDuplicates(g))
        #expect(merged.states[1].next == .neuron(0))
        #expect(Simplification.removeDeadNodes(merged)?.neurons.count == 4)
    }

    @Test("a pass that would break the objective is rejected and the graph is kept")
    func rejection() {
        let p = Pruning(objective: TwoAgo(), trainingLength: 20)
        var w = Pruning.Work(graph: Self.twoAgo(), proven: true)
        #expect(!p.accept(Self.twoAgo(outputWeight: 1), into: &w))
        #expect(w.graph == Self.twoAgo())
        #expect(w.rejected == 1)
        // Pruning the correct graph can drop nothing essential: it stays proven and correct.
        var pruned = w
        p.prune(&pruned)
        #expect(pruned.proven)
        #expect(Verifier.verify(pruned.graph, objective: TwoAgo()).status == .proven)
    }

    @Test("graph JSON round-trips; malformed graphs are refused with the file name")
    func json() throws {
        let dir = TestDirectory.make("graph")
        let url = dir.appendingPathComponent("graph.json")
        try Self.twoAgo().write(url)
        #expect(try Graph.read(url) == Self.twoAgo())
        var bad = Self.twoAgo()
        bad.neurons[0].edges[0] = .init(from: .neuron(3), weight: 1)  // reads a later neuron
        try AtomicFile.writeJSON(bad, to: url)
        let e = #expect(throws: BonsaiError.self) { try Graph.read(url) }
        #expect(e?.description.hasPrefix(url.path) == true)
        try Data(#"{"format":"bonsai-graph","version":9}"#.utf8).write(to: url)
        let v = #expect(throws: BonsaiError.self) { try Graph.read(url) }
        #expect(v?.description.contains("unsupported version 9") == true)
    }
}

@Suite("Pruning a trained run")
struct PruneStageTests {
    @Test("a trained two-ago run prunes into a small graph that is verified and saved with its size table")
    func pruneRun() throws {
        let dir = TestDirectory.make("prune", create: false)
        var t = TrainingTests.quick(steps: 800)
        t.batchSize = 256
        t.patience = 400
        t.regularizer.normalization = .sum
        let config = RunConfig(objective: "two-ago", seed: 2, restarts: 2, threads: 2, training: t)
        let summary = try TrainingRun.start(config, in: dir, printer: ProgressPrinter(mode: .quiet))
        try #require(summary.status == .solved)
        let (graph, report) = try PruneStage.run(dir, rounds: 2, threads: 2, printer: ProgressPrinter(mode: .quiet))
        let rd = RunDirectory(dir)
        #expect(try Graph.read(rd.graph) == graph)
        #expect(try String(contentsOf: rd.dot, encoding: .utf8).hasPrefix("digraph"))
        #expect(try String(contentsOf: rd.sizes, encoding: .utf8).contains("| magnitude pruning |"))
        #expect(report.verification.passed)
        #expect(Verifier.verify(graph, objective: TwoAgo()).passed)
        // Much smaller than the dense network it came from, which is the table's first row.
        let dense = Graph(network: try Checkpoint.read(rd.network).network(), objective: "two-ago")
        #expect(report.stages.first?.size == dense.size)
        #expect(graph.size.edges * 2 < dense.size.edges)
    }

    @Test("prune refuses a directory without a trained network, naming the file")
    func missingNetwork() throws {
        let dir = TestDirectory.make("prune", create: false)
        let config = RunConfig(objective: "two-ago", seed: 1, restarts: 0, threads: 1, training: TrainingTests.quick())
        _ = try RunDirectory.create(dir)
        try AtomicFile.writeJSON(config, to: RunDirectory(dir).config)
        let e = #expect(throws: BonsaiError.self) { try PruneStage.run(dir, printer: ProgressPrinter(mode: .quiet)) }
        #expect(e?.description.contains("network.json") == true)
    }

    @Test("fine-tuning keeps masked parameters at exactly zero")
    func maskedTraining() throws {
        var net = try Network(shape: TwoAgo().preset.shape(inputSize: 1, outputSize: 1), seed: 5)
        for i in stride(from: 0, to: net.parameters.count, by: 3) { net.parameters[i] = 0 }
        let t = try Trainer(
            objective: TwoAgo(), config: TrainingTests.quick(steps: 30), seed: 5, threads: 1, start: net)
        t.mask = net.parameters.map { $0 != 0 }
        _ = try t.run(MemorySink())
        for i in stride(from: 0, to: net.parameters.count, by: 3) { #expect(t.network.parameters[i] == 0) }
        #expect(t.network.parameters != net.parameters)
    }
}
