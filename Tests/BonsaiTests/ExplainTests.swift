import Foundation
import Testing

@testable import Bonsai

@Suite("Explanations: truth-table naming, minimal formulas, machine minimization and comparison")
struct ExplainTests {
    // MARK: Naming truth tables

    static func table(
        _ names: [String], occurs: (Int) -> Bool = { _ in true }, _ f: @escaping (Int) -> Bool
    ) -> TruthTable {
        TruthTable(inputs: names, occurs: occurs, f)
    }
    static func bit(_ c: Int, _ i: Int) -> Bool { (c >> i) & 1 == 1 }

    @Test("complete tables get the familiar names")
    func familiarNames() {
        let ab = ["a", "b"]
        #expect(BooleanNaming.name(Self.table(ab) { Self.bit($0, 0) && Self.bit($0, 1) }) == "AND(a, b)")
        #expect(BooleanNaming.name(Self.table(ab) { Self.bit($0, 0) || Self.bit($0, 1) }) == "OR(a, b)")
        #expect(BooleanNaming.name(Self.table(ab) { !(Self.bit($0, 0) && Self.bit($0, 1)) }) == "NAND(a, b)")
        #expect(BooleanNaming.name(Self.table(ab) { !(Self.bit($0, 0) || Self.bit($0, 1)) }) == "NOR(a, b)")
        #expect(BooleanNaming.name(Self.table(ab) { Self.bit($0, 0) != Self.bit($0, 1) }) == "XOR(a, b)")
        #expect(BooleanNaming.name(Self.table(ab) { Self.bit($0, 0) == Self.bit($0, 1) }) == "XNOR(a, b)")
        // Irrelevant inputs drop out.
        #expect(BooleanNaming.name(Self.table(ab) { Self.bit($0, 1) }) == "b")
        #expect(BooleanNaming.name(Self.table(ab) { !Self.bit($0, 0) }) == "NOT a")
        #expect(BooleanNaming.name(Self.table(ab) { _ in true }) == "TRUE")
        let abc = ["a", "b", "c"]
        #expect(BooleanNaming.name(Self.table(abc) { $0.nonzeroBitCount >= 2 }) == "MAJORITY(a, b, c)")
        #expect(BooleanNaming.name(Self.table(abc) { $0.nonzeroBitCount % 2 == 1 }) == "XOR(a, b, c)")
        #expect(
            BooleanNaming.name(Self.table(abc) { Self.bit($0, 2) ? Self.bit($0, 0) : Self.bit($0, 1) })
                == "MUX(c ? a : b)")
        #expect(
            BooleanNaming.name(Self.table(abc) { Self.bit($0, 2) ? !Self.bit($0, 0) : Self.bit($0, 1) })
                == "MUX(c ? ¬a : b)")
        #expect(
            BooleanNaming.name(Self.table(["a", "b", "c", "d"]) { $0.nonzeroBitCount >= 2 })
                == "THRESHOLD-2(a, b, c, d)")
    }

    @Test("combinations that never happen are don't-cares, for the name and for the formula")
    func dontCares() {
        // Only a = b occurs: a alone determines the output.
        #expect(BooleanNaming.name(Self.table(["a", "b"], occurs: { $0 == 0 || $0 == 3 }) { $0 == 3 }) == "a")
        // OR of two inputs that are never both high (the (1, 1) row never happens) is still OR, not XOR.
        #expect(BooleanNaming.name(Self.table(["p", "q"], occurs: { $0 != 3 }) { $0 != 0 }) == "OR(p, q)")
        // No name fits a ∧ ¬b: the minimal sum of products.
        #expect(BooleanNaming.name(Self.table(["a", "b"]) { Self.bit($0, 0) && !Self.bit($0, 1) }) == "a ∧ ¬b")
        // a ∧ (b ∨ c) has no name; its minimal formula has two terms of two literals.
        let f = BooleanNaming.name(
            Self.table(["a", "b", "c"]) { Self.bit($0, 0) && (Self.bit($0, 1) || Self.bit($0, 2)) })
        #expect(f == "(a ∧ b) ∨ (a ∧ c)")
    }

    @Test("Quine–McCluskey with don't-cares finds the textbook minimum")
    func sumOfProducts() {
        // f(A,B,C,D) = Σm(4,8,10,11,12,15) + d(9,14), A the most significant bit: BC'D' + AB' + AC, 7 literals.
        let on: Set<Int> = [4, 8, 10, 11, 12, 15], dc: Set<Int> = [9, 14]
        let terms = SumOfProducts.minimize(n: 4, on: on, dontCare: dc)
        #expect(terms.count == 3)
        #expect(terms.reduce(0) { $0 + $1.literals(4) } == 7)
        for m in 0..<16 where !dc.contains(m) {
            #expect(terms.contains { $0.covers(m) } == on.contains(m), "minterm \(m)")
        }
        #expect(SumOfProducts.minimize(n: 3, on: [], dontCare: [1]).isEmpty)
    }

    // MARK: Neurons of hand-built graphs

    /// Neurons with known logic over the inputs of all-three-equal (three inputs, every combination occurs).
    static func logicGraph() -> Graph {
        func n(_ name: String, _ a: Activation, _ bias: Double, _ edges: [(Graph.Ref, Double)]) -> Graph.Neuron {
            .init(name: name, activation: a, bias: bias, edges: edges.map { .init(from: $0.0, weight: $0.1) })
        }
        return Graph(
            objective: "all-three-equal", inputs: ["a", "b", "c"],
            neurons: [
                n("and", .relu, -1, [(.input(0), 1), (.input(1), 1)]),  // levels 0, 1
                n("ca", .relu, -1, [(.input(2), 1), (.input(0), 1)]),  // c ∧ a
                n("nb", .relu, -1, [(.input(2), -1), (.input(1), 1)]),  // ¬c ∧ b
                n("mux", .linear, 0, [(.neuron(1), 1), (.neuron(2), 1)]),  // never both
                n("xor", .interpolatedAmeo, 1, [(.input(0), 1), (.input(1), -1)]),
                n("k", .linear, 0.25, []),
                n("y", .linear, 0, [(.neuron(3), 1)]),
                n("sum", .linear, 0, [(.input(0), 1), (.input(1), 1)]),  // three levels
            ],
            states: [], outputs: [.init(name: "y0", from: .neuron(6))])
    }

    @Test("hand-built neurons are tabulated and named, with never-happening rows marked")
    func handBuiltNeurons() throws {
        let (e, _) = try Explainer.explain(Self.logicGraph(), objective: AllThreeEqual())
        let byName = Dictionary(uniqueKeysWithValues: e.neurons.map { ($0.name, $0) })
        #expect(byName["and"]?.function == "AND(a, b)")
        #expect(byName["and"]?.outputLevels == [0, 1])
        #expect(byName["ca"]?.function == "AND(c, a)")
        #expect(byName["nb"]?.function == "¬c ∧ b")
        // mux = ca + nb: the row (1, 1) never happens, and the table says so.
        let mux = try #require(byName["mux"])
        #expect(mux.kind == .boolean)
        #expect(mux.inputs == ["ca", "nb"])
        #expect(mux.function == "OR(ca, nb)")
        #expect(mux.truthTable?.first { $0.inputs == [1, 1] }?.output == nil)
        #expect(mux.truthTable?.first { $0.inputs == [1, 0] }?.output == 1)
        #expect(byName["xor"]?.function == "XOR(a, b)")
        #expect(byName["k"]?.kind == .constant)
        #expect(byName["k"]?.range == [0.25, 0.25])
        // Three levels: no truth table, but every row that occurs, with exact values.
        let sum = try #require(byName["sum"])
        #expect(sum.kind == .analog && sum.truthTable == nil)
        #expect(sum.function == "takes -2, 0, 2: a + b")
        #expect(sum.valueTable?.map(\.output) == [-2, 0, 0, 2])
        #expect(sum.valueTable?.first?.inputs == [-1, -1])
        // A stateless graph is a one-state machine; all-three-equal's is too, but the outputs differ.
        #expect(e.machine?.states == 1)
        #expect(e.equivalent == false)
        #expect(e.counterexample?.count == 1)
    }

    @Test(
        "an analog state gets no exact machine; the report says which state, its range, and the machine it behaves as")
    func analog() throws {
        // s ← s/2 + x: a new value almost every step, so the states never close.
        let g = Graph(
            objective: "one-ago", inputs: ["x0"],
            neurons: [
                .init(
                    name: "half", activation: .linear, bias: 0,
                    edges: [.init(from: .state(0), weight: 0.5), .init(from: .input(0), weight: 1)])
            ],
            states: [.init(name: "s", initial: 0, next: .neuron(0))],
            outputs: [.init(name: "y0", from: .state(0))])
        let (e, machines) = try Explainer.explain(g, objective: OneAgo(), maxPairs: 2000)
        #expect(e.machine == nil && machines.extracted == nil)
        #expect(e.equivalent == nil)
        #expect(e.exploration.closed == false)
        #expect(e.exploration.analogStates == ["s"])
        #expect(e.states[0].values == nil)
        #expect(e.states[0].range[0] > -2 && e.states[0].range[1] < 2)
        #expect(e.neurons[0].kind == .analog)
        #expect(e.neurons[0].valueTable == nil)  // too many rows to list
        #expect(e.summary.contains("analog: s"))
        // sign(s) is the previous input (|s/2| < 1): on every explored sequence it behaves as one-ago.
        let b = try #require(e.bounded)
        #expect(b.states == 2 && b.isomorphic)
        #expect(b.depth == e.exploration.depth && b.lookahead == b.depth / 2)
        // Its encoding: the grouped graph states, by the sign of s (the previous input).
        #expect(b.machine.transitions.count == 4)
        for enc in b.machine.encoding {
            #expect(enc.graphStateCount > 0 && enc.reference != nil)
            let signs = Set(enc.graphStates.map { $0[0] > 0 })
            #expect(signs.count == 1)
        }
        // JSON keeps the nulls the page reads.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(e)) as! [String: Any]
        #expect(json["machine"] is NSNull)
        #expect(json["format"] as? String == "bonsai-explanation")
    }

    // MARK: Machines

    /// A cycle of n states with output 1 every `period`-th step, on one input symbol that it ignores.
    static func cycle(_ n: Int, period: Int) -> MealyMachine {
        MealyMachine(
            inputCount: 1, outputCount: 1, start: 0,
            transitions: (0..<n).map { s in
                let t = MealyMachine.Transition(to: (s + 1) % n, output: (s + 1) % period == 0 ? 1 : 0)
                return [t, t]
            })
    }

    @Test("partition refinement finds the known minimal sizes")
    func minimization() throws {
        #expect(Self.cycle(12, period: 3).minimized().machine.stateCount == 3)
        #expect(Self.cycle(12, period: 4).minimized().machine.stateCount == 4)
        #expect(Self.cycle(7, period: 7).minimized().machine.stateCount == 7)
        // Unreachable states are dropped.
        var m = Self.cycle(3, period: 3)
        m.transitions.append([.init(to: 0, output: 1), .init(to: 3, output: 0)])
        #expect(m.minimized().machine.stateCount == 3)
        // Equivalent machines minimize to the same value (canonical numbering).
        #expect(Self.cycle(6, period: 3).minimized().machine == Self.cycle(9, period: 3).minimized().machine)
        // The objectives' minimal machines.
        let expected: [(any Objective, Int)] = [
            (OneAgo(), 2), (TwoAgo(), 4), (Passthrough(), 1), (Replace1With111(), 3), (Period3Loop(), 3),
            (LogicGateSwitcher(), 4), (RunningParity(), 2), (AllThreeEqual(), 1), (BalancedParentheses(), 9),
        ]
        for (o, n) in expected {
            let (reference, _) = try MachineExtraction.referenceMachine(o)
            #expect(reference.minimized().machine.stateCount == n, "\(o.name)")
        }
    }

    @Test("states that allow different inputs are not merged")
    func partialMachines() {
        // Two states with the same output where both allow input 0, but only one allows input 1.
        let m = MealyMachine(
            inputCount: 1, outputCount: 1, start: 0,
            transitions: [
                [.init(to: 1, output: 0), .init(to: 1, output: 0)],
                [.init(to: 0, output: 0), nil],
            ])
        #expect(m.minimized().machine.stateCount == 2)
    }

    @Test("a correct graph's machine is the objective's minimal machine, with its state encoding")
    func correctGraph() throws {
        let (e, machines) = try Explainer.explain(GraphTests.twoAgo(), objective: TwoAgo())
        #expect(e.machine?.states == 4)
        #expect(e.reference.states == 4)
        #expect(e.equivalent == true && e.isomorphic == true)
        #expect(e.counterexample == nil)
        #expect(machines.extracted == machines.reference)
        // Start: s0 = 1, s1 = −1 (the hand-built graph's initial state), the objective's start state.
        let start = try #require(e.machine?.encoding.first { $0.state == 0 })
        #expect(start.graphStates == [[1, -1]])
        #expect(start.reference == String(describing: TwoAgo().start))
        #expect(e.summary == "machine: 4 states = minimal machine of two-ago (isomorphic)")
    }

    @Test("a wrong graph is not equivalent, with the shortest input sequence that shows it")
    func wrongGraph() throws {
        var g = GraphTests.twoAgo()
        g.states[1].initial = 1  // remembers a true input before the first step: wrong at step 2
        let (e, _) = try Explainer.explain(g, objective: TwoAgo())
        #expect(e.equivalent == false && e.isomorphic == false)
        #expect(e.counterexample == ["0", "0"])
        #expect(Verifier.verify(g, objective: TwoAgo()).counterexample?.count == 2)
        let outputs = GraphImportTests.outputs(g, [0, 0])
        #expect(outputs[1] > 0)
        #expect(TwoAgo().outputs(for: [0, 0]) == [0, 0])
        // Wrong from the first step: the output negated.
        let (w, _) = try Explainer.explain(GraphTests.twoAgo(outputWeight: 1), objective: TwoAgo())
        #expect(w.counterexample == ["0"])
    }

    @Test("bounded behaviour refuses groupings that are not consistent")
    func boundedBehaviour() {
        // A 5-cycle unrolled into a line of 7 states, explored to depth 6: lookahead 3 splits the first
        // three states into two groups where lookahead 2 sees one, so the grouping is not stable yet.
        let line = MealyMachine(
            inputCount: 1, outputCount: 1, start: 0,
            transitions: (0..<7).map { s in
                let t = MealyMachine.Transition(to: s + 1, output: (s + 1) % 5 == 0 ? 1 : 0)
                return s < 6 ? [t, t] : [nil, nil]
            })
        #expect(BoundedBehaviour.machine(line, depths: Array(0..<7), explored: 6) == nil)
        // Looping back into itself, the same machine is a 5-cycle.
        let cycle = Self.cycle(5, period: 5)
        let r = BoundedBehaviour.machine(cycle, depths: [0, 1, 2, 3, 4], explored: 12)
        #expect(r?.machine.stateCount == 5)
    }

    @Test("the shortest distinguishing sequence can be long")
    func longCounterexample() {
        // Outputs 1 every 4th step against every 5th: they first differ at step 4.
        let c = Self.cycle(4, period: 4).compare(to: Self.cycle(5, period: 5))
        #expect(c.equivalent == false)
        #expect(c.counterexample == [0, 0, 0, 0])
        #expect(Self.cycle(8, period: 4).compare(to: Self.cycle(4, period: 4)).isomorphic == false)
        #expect(Self.cycle(8, period: 4).compare(to: Self.cycle(4, period: 4)).equivalent == true)
    }

    // MARK: Files

    @Test("DOT uses quoted 'input'/'output' labels and the __start0 convention")
    func dot() {
        let d = MachineExport.dot(Self.cycle(3, period: 3))
        #expect(d.hasPrefix("digraph machine {"))
        // Quoted symbols: AALpy keeps them as strings ('01' would otherwise become the integer 1).
        #expect(d.contains("s2 -> s0 [label=\"'1'/'1'\"];"))
        #expect(d.contains("s0 -> s1 [label=\"'0'/'0'\"];"))
        #expect(d.contains("__start0 [label=\"\", shape=none];\n__start0 -> s0 [label=\"\"];"))
        #expect(MealyMachine.label(0b101, bits: 3) == "101" && MealyMachine.label(0b001, bits: 3) == "100")
    }

    @Test("bonsai explain writes its four files into a run directory, and refuses bad input")
    func stage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonsai-explain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let graphFile = dir.appendingPathComponent("g.json")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try GraphTests.twoAgo().write(graphFile)
        let out = dir.appendingPathComponent("out")
        let e = try ExplainStage.run(graphFile: graphFile, objective: nil, into: out)
        #expect(e.isomorphic == true)
        let run = RunDirectory(out)
        for f in [run.explanation, run.explanationJSON, run.machineDOT, run.machineJSON] {
            #expect(FileManager.default.fileExists(atPath: f.path), "\(f.lastPathComponent)")
        }
        let md = try String(contentsOf: run.explanation, encoding: .utf8)
        #expect(md.contains("isomorphic"))
        #expect(md.contains("| r1 | boolean | `x0` |"))
        // explanation.json round-trips, and keeps the nulls the page reads.
        let data = try Data(contentsOf: run.explanationJSON)
        #expect(try JSONDecoder().decode(Explanation.self, from: data) == e)
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(json["counterexample"] is NSNull && json["bounded"] is NSNull)
        let machine = try JSONDecoder().decode(MachineExport.File.self, from: Data(contentsOf: run.machineJSON))
        #expect(machine.states == 4 && machine.inputNames == ["x0"])
        // Errors name the file.
        #expect(throws: BonsaiError.self) { try ExplainStage.run(dir) }  // no config.json
        try AtomicFile.write("{\"cells\": []}", to: dir.appendingPathComponent("other.json"))
        do {
            _ = try ExplainStage.run(graphFile: dir.appendingPathComponent("other.json"), objective: nil, into: out)
            Issue.record("a non-Bonsai file without --objective must be refused")
        } catch let error as BonsaiError {
            #expect(error.description.contains("other.json") && error.description.contains("--objective"))
        }
        // A graph for another objective's arity.
        #expect(throws: BonsaiError.self) { try Explainer.explain(GraphTests.twoAgo(), objective: AllThreeEqual()) }
    }

    @Test("explanation.md escapes | in table cells, so a name or formula holding one keeps the table's columns")
    func markdownPipes() throws {
        var g = GraphTests.twoAgo()
        g.neurons[0].name = "r|1"
        g.states[0].name = "s|0"
        let (e, _) = try Explainer.explain(g, objective: TwoAgo())
        let md = e.markdown
        #expect(md.contains("| r\\|1 | boolean |"))
        // Every table row has as many unescaped pipes as its header.
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("|") && $0.contains("s\\|0") }
        #expect(!rows.isEmpty)
        for r in rows { #expect(!r.replacingOccurrences(of: "\\|", with: "").contains("s|0"), "\(r)") }
        #expect(Explanation.cell("1 | 3\nnext") == "1 \\| 3 next")
    }

    // MARK: The original demo graphs

    @Test(
        "the original demo graphs implement their objectives' minimal machines",
        .enabled(if: DemoGraphs.available, DemoGraphs.missing),
        arguments: [("two-ago", 4), ("replace-1-with-111", 3), ("period-3-loop", 3)])
    func demoGraphs(stem: String, states: Int) throws {
        let g = try DemoGraphs.load(stem)
        let (e, _) = try Explainer.explain(g, objective: try BuiltinObjectives.named(g.objective))
        #expect(e.machine?.states == states)
        #expect(e.isomorphic == true)
    }

    @Test(
        "the original balanced-parentheses graph has no exact machine but behaves as the 9-state one, its depth readable off state 0",
        .enabled(if: DemoGraphs.available, DemoGraphs.missing))
    func demoBalancedParentheses() throws {
        let (e, _) = try Explainer.explain(
            try DemoGraphs.load("balanced-parentheses"), objective: BalancedParentheses())
        #expect(e.machine == nil && e.exploration.closed == false)
        #expect(e.bounded?.states == 9 && e.bounded?.isomorphic == true)
        #expect(e.readout.separable)
        // layer_0_state_0 falls with the depth: depth 0's range lies above depth 1's, and so on.
        let j = try #require(e.states.firstIndex { $0.name == "layer_0_state_0" })
        let lows = e.readout.rows.map { $0.ranges[j][0] }, highs = e.readout.rows.map { $0.ranges[j][1] }
        #expect(e.readout.rows.count == 9)
        for d in 1..<9 { #expect(highs[d] < lows[d - 1], "depth \(d)") }
    }

    /// balanced-parentheses as Bonsai prunes it from seed 4 of one 4×2 cell (docs/results.md): the depth
    /// is split over two states that take turns moving by ½, every value dyadic, so the counter is exact.
    static func parenthesesCounter() -> Graph {
        let x = Graph.Ref.input(0), s0 = Graph.Ref.state(0), s1 = Graph.Ref.state(1)
        func ameo(_ name: String, _ bias: Double, _ edges: [(Graph.Ref, Double)]) -> Graph.Neuron {
            .init(name: name, activation: .hardAmeo, bias: bias, edges: edges.map { .init(from: $0.0, weight: $0.1) })
        }
        return Graph(
            objective: "balanced-parentheses", inputs: ["x0"],
            neurons: [
                ameo("c0.o1", -0.875, [(x, -0.5)]), ameo("c0.o3", -0.875, [(x, 1), (s1, 1)]),
                ameo("c0.r0", -0.25, [(x, 0.25), (s1, 1)]), ameo("c0.r1", -0.25, [(s0, 1), (x, -0.25)]),
                .init(
                    name: "post0", activation: .linear, bias: 0,
                    edges: [.init(from: .neuron(0), weight: -2.5), .init(from: .neuron(1), weight: -2)]),
            ],
            states: [
                .init(name: "c0.s0", initial: -1, next: .neuron(2)), .init(name: "c0.s1", initial: 1, next: .neuron(3)),
            ],
            outputs: [.init(name: "y0", from: .neuron(4))])
    }

    @Test("a depth counter with exact dyadic steps is proven and is the 9-state machine, one graph state per depth")
    func exactDepthCounter() throws {
        let g = Self.parenthesesCounter()
        #expect(g.size.edges == 9)
        let v = Verifier.verify(g, objective: BalancedParentheses())
        #expect(v.status == .proven && v.exploredPairs == 9)
        #expect(abs(v.worstMargin - 0.1875) < 1e-12)
        let (e, _) = try Explainer.explain(g, objective: BalancedParentheses())
        #expect(e.machine?.states == 9 && e.isomorphic == true)
        // Depth d: s0 = −1 + ½·⌈d/2⌉, s1 = 1 − ½·⌊d/2⌋.
        for enc in e.machine?.encoding ?? [] {
            let reference = try #require(enc.reference)
            let d = Double(try #require(Int(reference)))
            #expect(enc.graphStates == [[-1 + 0.5 * (d / 2).rounded(.up), 1 - 0.5 * (d / 2).rounded(.down)]])
        }
    }
}
