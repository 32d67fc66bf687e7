/// The 2-mode XOR/AND toggle (docs/design.md A.6, #7). Input x = [change (bit 0), a (bit 1), b (bit 2)]. The mode
/// starts at XOR; if change is true it toggles to the other gate *before* the output: y_t = gate(a_t, b_t)
/// in the mode after x_t. change is true with probability 0.2, a and b with 0.5. State: the mode index.
public struct TwoModeToggle: Objective {
    public let name = "two-mode-toggle"
    public let summary = "output XOR(a, b) or AND(a, b), switching between them whenever change is true"
    public let inputCount = 3
    public let outputCount = 1
    public var preset: TrainingConfig { TrainingConfig(cells: [.init(output: 8, state: 4)], maxSteps: 10_000) }
    public init() {}

    static let gates: [LogicGate] = [.xor, .and]
    private let modes = LogicGate.Cycle(Self.gates)

    /// Index into `modes` of the gate in force; XOR first.
    public var start: Int { 0 }

    public func sampleInput(in state: Int, using rng: inout Rng) -> Int { independentBits(0.2, 0.5, 0.5, &rng) }

    public func step(_ mode: Int, input: Int) -> (next: Int, output: Int) {
        LogicGate.switchingStep(modes, mode: mode, input: input)
    }
}
