/// The two-input gates the mode-switching objectives cycle through.
enum LogicGate: Sendable {
    case xor, and, nor, nand

    func callAsFunction(_ a: Bool, _ b: Bool) -> Bool {
        switch self {
        case .xor: a != b
        case .and: a && b
        case .nor: !(a || b)
        case .nand: !(a && b)
        }
    }

    /// One step of a gate-switching machine whose input is x = [change (bit 0), a (bit 1), b (bit 2)]:
    /// when change is true the mode advances (cyclically through `modes`) *before* the output
    /// gate(a, b) is computed. Returns the new mode index and the output bit.
    static func switchingStep(modes: [LogicGate], mode: Int, input x: Int) -> (next: Int, output: Int) {
        let m = x & 1 == 1 ? (mode + 1) % modes.count : mode
        return (m, modes[m](x >> 1 & 1 == 1, x >> 2 & 1 == 1) ? 1 : 0)
    }
}
