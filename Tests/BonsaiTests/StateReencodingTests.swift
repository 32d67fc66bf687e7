import Testing

@testable import Bonsai

/// `Pruning.reencodeStates`: exact codes chosen first, then every state's update neuron fitted to them.
@Suite("state re-encoding")
struct StateReencodingTests {
    static let ameo = Activation.hardAmeo

    static func neuron(
        _ name: String, _ bias: Double, _ edges: [(Graph.Ref, Double)], _ activation: Activation = ameo
    ) -> Graph.Neuron {
        .init(name: name, activation: activation, bias: bias, edges: edges.map { .init(from: $0.0, weight: $0.1) })
    }

    /// dfsm-5 (0101… whatever the input) as pruned from seed 7 of a 10-seed sweep: three coupled analog
    /// states, so the graph can only be checked.
    static func alternator() -> Graph {
        let x = Graph.Ref.input(0), s0 = Graph.Ref.state(0), s1 = Graph.Ref.state(1), s2 = Graph.Ref.state(2)
        return Graph(
            objective: "dfsm-5", inputs: ["x0"],
            neurons: [
                neuron("o2", 0, [(s0, 1), (s1, -1), (s2, -1)]),
                neuron("r0", 0, [(x, -0.6640625), (s0, -0.71875), (s1, -0.25), (s2, 0.625)]),
                neuron("r1", 0, [(x, 0.65625), (s0, 0.5), (s2, -0.5)]),
                neuron("r2", 0, [(x, 1.328125), (s1, 1)]),
            ],
            states: [
                .init(name: "s0", initial: 0.5, next: .neuron(1)), .init(name: "s1", initial: 0, next: .neuron(2)),
                .init(name: "s2", initial: 0, next: .neuron(3)),
            ],
            outputs: [.init(name: "y0", from: .neuron(0))])
    }

    /// The logic-gate switcher graph of docs/pipeline.md (one 16x8 hard-Ameo cell, seed 1, `--noise 0.1`), as
    /// pruned before this stage existed: 4 analog states that behave as the 4 modes but never repeat.
    static func switcher() -> Graph {
        let x0 = Graph.Ref.input(0), x1 = Graph.Ref.input(1), x2 = Graph.Ref.input(2)
        let s0 = Graph.Ref.state(0), s5 = Graph.Ref.state(1), s6 = Graph.Ref.state(2), s7 = Graph.Ref.state(3)
        return Graph(
            objective: "logic-gate-switcher", inputs: ["x0", "x1", "x2"],
            neurons: [
                neuron(
                    "c0.o7", -0.6899996399879456,
                    [
                        (x0, 0.6364656090736389), (x1, -0.5905392169952393), (x2, -0.591522753238678),
                        (s0, 0.4297480583190918), (s5, -0.5472589731216431), (s6, 0.7167680263519287),
                    ]),
                neuron(
                    "c0.o9", -0.7650245428085327,
                    [
                        (x0, 0.46357297897338867), (x1, -0.7569752335548401), (x2, -0.7557921409606934),
                        (s0, -0.6044577956199646), (s5, 0.4186500310897827), (s7, 0.24395489692687988),
                    ]),
                neuron(
                    "c0.o11", 0,
                    [
                        (x0, -0.8117282390594482), (x1, 0.4169558584690094), (x2, 0.41661155223846436),
                        (s5, 0.6652945280075073), (s6, -1.1699763536453247), (s7, -0.4353034794330597),
                    ]),
                neuron(
                    "c0.o13", 0,
                    [
                        (x1, -0.7337092757225037), (x2, -0.7302061319351196), (s6, -0.7216909527778625),
                        (s7, -0.457010954618454),
                    ]),
                neuron("c0.r0", 0, [(s0, -0.5755296349525452), (s5, 0.5788962244987488), (s6, -0.5235410928726196)]),
                neuron(
                    "c0.r5", 1.0597511529922485,
                    [
                        (x0, 1.0634369850158691), (s0, 1.150733470916748), (s5, -0.6392785310745239),
                        (s7, -0.6532843708992004),
                    ]),
                neuron("c0.r6", 0, [(s0, 0.47357529401779175), (s6, -0.6048954725265503), (s7, -0.5393455624580383)]),
                neuron(
                    "c0.r7", 1.1906522512435913,
                    [
                        (x0, 1.1277726888656616), (s5, 0.6647827625274658), (s6, -1.1600492000579834),
                        (s7, -0.6073595285415649),
                    ]),
                neuron(
                    "post0", 0,
                    [
                        (.neuron(0), -0.8478550910949707), (.neuron(1), 0.8399505615234375),
                        (.neuron(2), -0.9275464415550232), (.neuron(3), -0.7971556782722473),
                    ], .linear),
            ],
            states: [
                .init(name: "c0.s0", initial: 0, next: .neuron(4)),
                .init(name: "c0.s5", initial: 0.9097650051116943, next: .neuron(5)),
                .init(name: "c0.s6", initial: -0.9065802693367004, next: .neuron(6)),
                .init(name: "c0.s7", initial: 1.036574125289917, next: .neuron(7)),
            ],
            outputs: [.init(name: "y0", from: .neuron(8))])
    }

    static let quick = Verifier.Limits(maxPairs: 20_000, sampledSequences: 100, sampledLength: 200)

    /// `g`, proven with `before` reachable states, re-encoded: it must stay proven and reach `after`.
    static func reencoded(_ g: Graph, _ task: some Objective, from before: Int, to after: Int) throws -> Graph {
        #expect(Verifier.verify(g, objective: task).status == .proven)
        #expect(try #require(Pruning.startCandidates(g, task)).reachable == before)
        var w = Pruning.Work(graph: g, proven: true)
        Pruning(objective: task, trainingLength: 20).reencodeStates(&w)
        #expect(Verifier.verify(w.graph, objective: task).status == .proven)
        #expect(try #require(Pruning.startCandidates(w.graph, task)).reachable == after)
        return w.graph
    }

    @Test("three coupled analog states, which refit cannot fix one at a time, become exactly the 2-state machine")
    func alternatorBecomesMinimal() throws {
        let task = TransducerTasks.task(5)
        let g = Self.alternator()
        #expect(Verifier.verify(g, objective: task, limits: Self.quick).status == .checked)
        let pruning = Pruning(objective: task, trainingLength: 20)
        var refit = Pruning.Work(graph: g, proven: false)
        pruning.refitStates(&refit)
        #expect(!refit.proven)
        var w = Pruning.Work(graph: g, proven: false)
        pruning.reencodeStates(&w)
        #expect(w.proven)
        #expect(Verifier.verify(w.graph, objective: task).status == .proven)
        #expect(try #require(Pruning.startCandidates(w.graph, task)).reachable == 2)
        // Same edges (or fewer), only new weights.
        for (a, b) in zip(w.graph.neurons, g.neurons) {
            #expect(a.edges.allSatisfy { e in b.edges.contains { $0.from == e.from } })
        }
    }

    @Test("the analog switcher graph becomes a proven one whose machine minimizes to the 4 modes")
    func switcherBecomesProven() throws {
        let task = LogicGateSwitcher()
        let g = Self.switcher()
        #expect(Verifier.verify(g, objective: task, limits: Self.quick).status == .checked)
        let pruning = Pruning(objective: task, trainingLength: 40)
        var w = Pruning.Work(graph: g, proven: false)
        pruning.reencodeStates(&w)
        #expect(w.proven)
        let v = Verifier.verify(w.graph, objective: task)
        #expect(v.status == .proven && v.worstMargin > 0)
        let (explanation, _) = try Explainer.explain(w.graph, objective: task)
        #expect(explanation.machine?.states == 4)
    }

    @Test(
        "a quantized graph (each state read through a sign neuron) with a spare state re-encodes to the minimal machine"
    )
    func quantizedGraphBecomesMinimal() throws {
        // One-ago as a quantized network would give it: s0 keeps the last input, s1 the one before (which
        // one-ago never needs), each through a state-tree neuron r and its sign neuron q = hard Ameo(1024·r).
        // Four reachable states for a 2-state machine.
        let x = Graph.Ref.input(0), s0 = Graph.Ref.state(0)
        let g = Graph(
            objective: "one-ago", inputs: ["x0"],
            neurons: [
                Self.neuron("c0.o0", 0, [(s0, -1)]),
                Self.neuron("c0.r0", 0, [(x, -0.5)]),
                Self.neuron("c0.q0", 0, [(.neuron(1), 1024)]),
                Self.neuron("c0.r1", 0, [(s0, -0.375)]),
                Self.neuron("c0.q1", 0, [(.neuron(3), 1024)]),
            ],
            states: [
                .init(name: "c0.s0", initial: -1, next: .neuron(2)),
                .init(name: "c0.s1", initial: -1, next: .neuron(4)),
            ],
            outputs: [.init(name: "y0", from: .neuron(0))])
        let task = OneAgo()
        #expect(Verifier.verify(g, objective: task).status == .proven)
        #expect(try #require(Pruning.startCandidates(g, task)).reachable == 4)
        var w = Pruning.Work(graph: g, proven: true)
        Pruning(objective: task, trainingLength: 20).reencodeStates(&w)
        #expect(Verifier.verify(w.graph, objective: task).status == .proven)
        #expect(try #require(Pruning.startCandidates(w.graph, task)).reachable == 2)
        // Each state's update is one neuron on the inputs and states again.
        for st in w.graph.states {
            guard case .neuron(let k) = st.next else { continue }
            #expect(w.graph.neurons[k].edges.allSatisfy { if case .neuron = $0.from { false } else { true } })
        }
    }

    @Test("a neuron is fitted to exact codes when its edges allow it, and not when they do not")
    func fitting() {
        // A toggle on x0: codes −1 and 1, state 0 → 1 on input 1, stays on input 0.
        let toggle = MealyMachine(
            inputCount: 1, outputCount: 1, start: 0,
            transitions: [
                [.init(to: 0, output: 0), .init(to: 1, output: 1)],
                [.init(to: 1, output: 1), .init(to: 0, output: 0)],
            ])
        let codes: [[Double]] = [[-1], [1]]
        let withInput = Self.neuron("r", 0.3, [(.input(0), 0.2), (.state(0), 0.9)])
        let fit = Pruning.fitNeuron(withInput, component: 0, codes: codes, machine: toggle)
        #expect(fit != nil)
        if let fit {
            for (s, row) in toggle.transitions.enumerated() {
                for (x, t) in row.enumerated() {
                    let z = fit.bias + fit.edges[0].weight * (x == 1 ? 1 : -1) + fit.edges[1].weight * codes[s][0]
                    #expect(fit.activation.value(z) == codes[t!.to][0])
                }
            }
        }
        // Without the input edge the next code cannot depend on the input.
        #expect(
            Pruning.fitNeuron(Self.neuron("r", 0, [(.state(0), 1)]), component: 0, codes: codes, machine: toggle) == nil
        )
    }

    @Test(
        "a symmetric encoding (each state held as a vector or its negation) becomes the 2-state machine with one new edge"
    )
    func symmetricEncodingMerges() throws {
        // dfsm-5 (0101…) as a rotation through (1,−1) → (−1,−1) → (−1,1) → (1,1): s0' = s1, s1' = −s0 (the
        // hard Ameo negates on [−1, 1]), output XNOR(s0, s1). Four reachable states for a 2-state machine, and
        // each machine state's two vectors have median 0 in every component.
        let task = TransducerTasks.task(5)
        let s0 = Graph.Ref.state(0), s1 = Graph.Ref.state(1)
        let g = Graph(
            objective: "dfsm-5", inputs: ["x0"],
            neurons: [
                Self.neuron("o", 1, [(s0, 1), (s1, 1)]),
                Self.neuron("r0", 0, [(s1, -1)]),
                Self.neuron("r1", 0, [(s0, 1)]),
            ],
            states: [
                .init(name: "s0", initial: 1, next: .neuron(1)), .init(name: "s1", initial: -1, next: .neuron(2)),
            ],
            outputs: [.init(name: "y0", from: .neuron(0))])
        let merged = try Self.reencoded(g, task, from: 4, to: 2)
        // r0 could not tell the two machine states apart from s1 alone: it now reads s0 as well.
        #expect(merged.neurons[1].edges.contains { $0.from == s0 })
    }

    /// dfsm-6 (replace 1 with 111) as pruned from seed 10 of a 100-seed sweep: a shift register, s0 = "the
    /// last input was 1" (−1) and s2 a copy of s0, so the graph has 4 states where the machine needs 3.
    static func shiftRegister() -> Graph {
        let x = Graph.Ref.input(0), s0 = Graph.Ref.state(0), s2 = Graph.Ref.state(1)
        return Graph(
            objective: "dfsm-6", inputs: ["x0"],
            neurons: [
                neuron("o3", 0, [(x, -0.375), (s0, 0.5), (s2, 0.5)]),
                neuron("r0", 0.5, [(x, 0.5)]),
                neuron("post0", 0, [(.neuron(0), 2)], .linear),
            ],
            states: [.init(name: "s0", initial: 0, next: .neuron(1)), .init(name: "s2", initial: 0, next: .state(0))],
            outputs: [.init(name: "y0", from: .neuron(2))])
    }

    @Test(
        "a shift register's copied stage becomes an update neuron that forgets what the 3-state machine does not need")
    func shiftRegisterMerges() throws {
        let task = TransducerTasks.task(6)
        let g = Self.shiftRegister()
        let merged = try Self.reencoded(g, task, from: 4, to: 3)
        guard case .neuron(let k) = merged.states[1].next else {
            Issue.record("s2 still copies")
            return
        }
        #expect(merged.neurons[k].edges.contains { $0.from == .state(0) })
    }

    /// dfsm-9 (skip every 4th 1) as pruned from seed 1 of its noisy preset: exact ±1 states, but a
    /// parity bit, its last value and the last input, from which the high bit is read a step late: 8
    /// reachable states for the machine's 4.
    static func lateHighBit() -> Graph {
        let x = Graph.Ref.input(0), s0 = Graph.Ref.state(0), s1 = Graph.Ref.state(1), s2 = Graph.Ref.state(2),
            s3 = Graph.Ref.state(3)
        return Graph(
            objective: "dfsm-9", inputs: ["x0"],
            neurons: [
                neuron("c0.o1", -2, [(s0, -0.5), (s2, -0.5)]),
                neuron("c0.r0", -1, [(x, -1), (s0, -1)]),
                neuron("c0.r2", -0.5, [(s0, -0.5), (s1, 0.5), (s2, -1), (s3, -0.5)]),
                neuron("post0", -0.125, [(.neuron(0), -1), (x, 1)], .linear),
            ],
            states: [
                .init(name: "c0.s0", initial: 1, next: .neuron(1)), .init(name: "c0.s1", initial: 1, next: .state(0)),
                .init(name: "c0.s2", initial: 1, next: .neuron(2)), .init(name: "c0.s3", initial: -1, next: .input(0)),
            ],
            outputs: [.init(name: "y0", from: .neuron(3))])
    }

    @Test(
        "a high bit read a step late becomes the 4-state machine: update neurons on fresh edge sets, the input among them"
    )
    func lateHighBitMerges() throws {
        let g = Self.lateHighBit()
        let merged = try Self.reencoded(g, TransducerTasks.task(9), from: 8, to: 4)
        // No room for a fifth edge on c0.r2: its fit drops state edges and reads the input.
        #expect(merged.neurons[2].edges.contains { $0.from == .input(0) })
        #expect(merged.neurons[2].edges.count <= 3)
    }

    @Test("subsets come smallest first, each in the items' order")
    func subsets() {
        #expect(Pruning.subsets(of: [1, 2, 3], upTo: 2) == [[1], [2], [3], [1, 2], [1, 3], [2, 3]])
        #expect(Pruning.subsets(of: [1, 2], upTo: 4) == [[1], [2], [1, 2]])
        #expect(Pruning.subsets(of: [Int](), upTo: 3).isEmpty)
    }

    @Test("after the merge, a correct candidate that brings back the fourth state is rejected")
    func mergedStatesStayMerged() throws {
        let task = TransducerTasks.task(6)
        let pruning = Pruning(objective: task, trainingLength: 20)
        var w = Pruning.Work(graph: Self.shiftRegister(), proven: true)
        pruning.reencodeStates(&w)
        #expect(w.pairs == 3)
        let merged = w.graph
        #expect(!pruning.accept(Self.shiftRegister(), into: &w))
        #expect(w.graph == merged && w.rejected == 1)
        // Without a proof to keep, the same candidate is accepted.
        var fresh = Pruning.Work(graph: merged, proven: true)
        #expect(pruning.accept(Self.shiftRegister(), into: &fresh) && fresh.pairs == 4)
    }

    @Test("a state on 0 and 0.5 is rescaled to ±1, its readers compensated, and the graph becomes the 3-state machine")
    func rescaledStateMerges() throws {
        // dfsm-6 seed 12 of the same sweep: s0 ∈ {−0.5, 1} ("the last input was 1"), s1 ∈ {0, 0.5}. No
        // update neuron on the refit grid gives those exact levels for a 3-state code.
        let task = TransducerTasks.task(6)
        let x = Graph.Ref.input(0), s0 = Graph.Ref.state(0), s1 = Graph.Ref.state(1)
        let g = Graph(
            objective: "dfsm-6", inputs: ["x0"],
            neurons: [
                Self.neuron("o2", -0.5, [(s0, -2), (s1, -1)]),
                Self.neuron("o3", 1, [(x, 1), (s1, 0.75)]),
                Self.neuron("r0", -0.25, [(x, -0.75)]),
                Self.neuron("r1", -1, [(s0, -1)]),
                Self.neuron("post0", 0, [(.neuron(0), -1), (.neuron(1), 1)], .linear),
            ],
            states: [
                .init(name: "s0", initial: -0.5, next: .neuron(2)), .init(name: "s1", initial: 0.5, next: .neuron(3)),
            ],
            outputs: [.init(name: "y0", from: .neuron(4))])
        let codes: [[Double]] = [[-0.5, 0.5], [1, 0.5], [-0.5, 0]]
        let r = Rescale.spanning(codes, keeping: [false, false])
        #expect(r.codes == [[-1, 1], [1, 1], [-1, -1]])
        // Compensation leaves every reader's sum unchanged.
        let c = Rescale.compensate(g, r.rescales)
        for (s, code) in codes.enumerated() {
            let before =
                g.neurons[0].bias + g.neurons[0].edges[0].weight * code[0] + g.neurons[0].edges[1].weight * code[1]
            let after =
                c.neurons[0].bias + c.neurons[0].edges[0].weight * r.codes[s][0] + c.neurons[0].edges[1].weight
                * r.codes[s][1]
            #expect(before == after)
        }
        _ = try Self.reencoded(g, task, from: 4, to: 3)
    }

    /// dfsm-3 (0s until the first 1, then 1s) with a latch that leaks: "no 1 yet" starts at 1 and loses
    /// 1/16 with every 0 (the hard Ameo's rising piece, z − 2), so the output turns wrong after 16 zeros
    /// in a row, a sequence random validation at length 40 almost never holds.
    static func leakyLatch() -> Graph {
        let x = Graph.Ref.input(0), s = Graph.Ref.state(0)
        return Graph(
            objective: "dfsm-3", inputs: ["x0"],
            neurons: [neuron("r", -1.0625, [(x, -3), (s, 1)]), neuron("y", 1, [(x, 1), (s, -1)], .linear)],
            states: [.init(name: "s", initial: 1, next: .neuron(0))],
            outputs: [.init(name: "y0", from: .neuron(1))])
    }

    @Test("a network that drifts before the verifier's horizon is repaired by re-encoding its states, and says so")
    func driftingNetworkIsRepaired() throws {
        let task = TransducerTasks.task(3)
        let pruning = Pruning(objective: task, trainingLength: 20)
        let v = Verifier.verify(Self.leakyLatch(), objective: task, limits: pruning.finalLimits)
        #expect(v.status == .failed && v.counterexample.map { $0.allSatisfy { $0 == 0 } && $0.count >= 16 } == true)
        let (graph, report) = try pruning.run(Self.leakyLatch())
        #expect(report.verification.status == .proven)
        #expect(
            report.stages.map(\.name).prefix(2) == [
                "network", "re-encode states (the network drifts): codes from the trained values",
            ])
        #expect(try #require(Pruning.startCandidates(graph, task)).reachable == 2)
        // A network that is simply wrong is not repaired: pruning refuses it.
        var wrong = Self.leakyLatch()
        wrong.neurons[1].edges[0].weight = -1
        #expect(throws: BonsaiError.self) { try pruning.run(wrong) }
    }
}
