/// A two-register, one-bit machine (docs/design.md A.6, #16). Input x = [opcode (bit 0), rx (bit 1), tx-or-imm
/// (bit 2)]; a register index bit selects register 0 when clear, register 1 when set. Both registers start
/// false (−1).
///   - opcode false (−1), Store: reg[rx] = imm; the output is imm.
///   - opcode true (+1), Mov: v = reg[rx]; reg[tx] = v; the output is v.
/// All three bits are independent with p = 0.5. State: the registers as bits (bit r = register r).
public struct AsmInterpreter: Objective {
    public let name = "asm-interpreter"
    public let summary = "run Store/Mov instructions on two 1-bit registers; output the value stored or moved"
    public let inputCount = 3
    public let outputCount = 1
    public var preset: TrainingConfig { TrainingConfig(cells: [.init(output: 8, state: 4)], maxSteps: 15_000) }
    public init() {}

    /// Register r is bit r; both start false.
    public var start: Int { 0 }

    public func sampleInput(in state: Int, using rng: inout Rng) -> Int { independentBits(0.5, 0.5, 0.5, &rng) }

    public func step(_ registers: Int, input: Int) -> (next: Int, output: Int) {
        let mov = input & 1 == 1, rx = input >> 1 & 1, operand = input >> 2 & 1
        // Store writes the immediate to rx; Mov writes rx's value to the register the operand names.
        let (target, value) = mov ? (operand, registers >> rx & 1) : (rx, operand)
        return (registers & ~(1 << target) | value << target, value)
    }
}
