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

    /// The gate as a 4-bit truth table, bit (a + 2b) = gate(a, b).
    var truthTable: Int {
        (0..<4).reduce(0) { t, i in self(i & 1 == 1, i & 2 == 2) ? t | 1 << i : t }
    }

    /// A cycle of gates packed 4 bits per gate: a plain integer, so the data generator's hot loop
    /// reads no array (and does no reference counting).
    struct Cycle: Sendable {
        let count: Int
        let tables: Int
        init(_ gates: [LogicGate]) {
            count = gates.count
            tables = gates.enumerated().reduce(0) { $0 | $1.element.truthTable << (4 * $1.offset) }
        }
    }

    /// One step of a gate-switching machine whose input is x = [change (bit 0), a (bit 1), b (bit 2)]:
    /// when change is true the mode advances (cyclically through `modes`) *before* the output
    /// gate(a, b) is computed. Returns the new mode index and the output bit.
    @inline(__always)
    static func switchingStep(_ modes: Cycle, mode: Int, input x: Int) -> (next: Int, output: Int) {
        let m = x & 1 == 1 ? (mode + 1 == modes.count ? 0 : mode + 1) : mode
        return (m, (modes.tables >> (4 * m + (x >> 1 & 3))) & 1)
    }
}
