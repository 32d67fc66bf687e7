import Testing

@testable import Bonsai

/// `Pruning.binaryRecode` (`bonsai prune --binary-codes`): a proven graph's machine on binary states,
/// every neuron an exact gate.
@Suite("binary codes")
struct BinaryReencodingTests {
    @Test("the proven switcher becomes 2 binary states whose every neuron is a named gate, within issue 3's sizes")
    func switcherBecomesGates() throws {
        let task = LogicGateSwitcher()
        var w = Pruning.Work(graph: StateReencodingTests.switcher(), proven: false)
        let pruning = Pruning(objective: task, trainingLength: 40)
        pruning.reencodeStates(&w)
        try #require(w.proven)
        let (binary, proof) = try #require(pruning.binaryRecode(w.graph))
        #expect(proof.status == .proven && proof.worstMargin == 1)
        #expect(proof.exploredPairs == 4)
        let size = binary.size
        #expect(size.states == 2 && size.neurons <= 10 && size.edges <= 25)
        #expect(binary.states.map(\.name) == ["c0.s0", "c0.s5"])
        let (explanation, _) = try Explainer.explain(binary, objective: task)
        #expect(explanation.machine?.states == 4)
        for n in explanation.neurons { #expect(n.kind == .boolean, "\(n.name): \(n.kind) \(n.function)") }
    }

    @Test("code assignments: start on all +1, distinct codes, no two that only reorder the bits")
    func assignments() {
        let four = Pruning.binaryCodeAssignments(states: 4, bits: 2, start: 0)
        // 3! orders of codes 1, 2, 3 for states 1–3; swapping the two bits maps each onto another.
        #expect(four.count == 3)
        for codes in four { #expect(codes[0] == 0 && Set(codes).count == 4) }
        let three = Pruning.binaryCodeAssignments(states: 3, bits: 2, start: 1)
        #expect(three.allSatisfy { $0[1] == 0 && Set($0).count == 3 })
        #expect(three.count == 3)
        #expect(Pruning.binaryCodeAssignments(states: 8, bits: 3, start: 0).count == 7 * 6 * 5 * 4 * 3 * 2 / 6)
    }

    @Test("a machine no neuron pair computes is refused, not approximated")
    func refusesWhatDoesNotFit() {
        // y = x0 ⊕ x1 ⊕ x2 ⊕ x3 ⊕ x4 (the state toggles on x0, and does not matter): parity of five
        // inputs is beyond two 4-input neurons joined by AND or OR.
        let parity = MealyMachine(
            inputCount: 5, outputCount: 1, start: 0,
            transitions: (0..<2).map { s in (0..<32).map { .init(to: s ^ ($0 & 1), output: $0.nonzeroBitCount & 1) } })
        let g = Graph(
            objective: "x", inputs: (0..<5).map { "x\($0)" },
            neurons: [StateReencodingTests.neuron("r", 0, [(.state(0), 1)])],
            states: [.init(name: "s", initial: 1, next: .neuron(0))],
            outputs: [.init(name: "y0", from: .neuron(0))])
        #expect(Pruning.binaryRecodings(g, machine: parity).isEmpty)
    }
}
