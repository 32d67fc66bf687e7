/// What the grower knows of a program before training: the size of its minimal machine and its input and
/// output bits. It sets the first cell (state units ≈ the bits the machine needs, with headroom) and how
/// the cell grows when the race escalates.
public struct ProgramProfile: Codable, Sendable, Equatable {
    /// States of the objective's minimal machine; nil when it has no finite reference machine.
    public var minimalStates: Int?
    public var inputBits: Int
    public var outputBits: Int

    /// Programs larger than this are refused before any work: the race is sized for small machines.
    public static let maxStates = 64
    public static let maxInputBits = 8

    /// The profile of `objective`; throws a one-line error for a program too large to grow.
    public static func of(_ objective: any Objective) throws -> ProgramProfile {
        guard objective.inputCount <= maxInputBits else {
            throw BonsaiError(
                "\(objective.name): \(objective.inputCount) input bits; the grower takes at most \(maxInputBits)")
        }
        let minimal = Pruning.referenceSizes(objective)?.minimal
        if let minimal, minimal > maxStates {
            throw BonsaiError(
                "\(objective.name): its minimal machine has \(minimal) states; the grower takes at most \(maxStates)")
        }
        return ProgramProfile(
            minimalStates: minimal, inputBits: objective.inputCount, outputBits: objective.outputCount)
    }

    /// Bits needed to tell the minimal machine's states apart (4 when unknown).
    public var stateBits: Int {
        guard let n = minimalStates else { return 4 }
        var bits = 0
        while 1 << bits < n { bits += 1 }
        return bits
    }

    /// The single cell of escalation level `level`: two state units per machine state plus two (at most
    /// `maxStateUnits`; each level adds two), and output units enough to read every output bit from a
    /// few states. Twice the bits needed plus two was too few for machines with three output bits:
    /// random-7s2i3o-6 sat at a loss of 0.08 for 20,000 steps on 8 state units (with 28 or 56 output
    /// units alike) and validated at step 5,008 on 16 (docs/grower.md). `binary`: states that are bits
    /// (quantized), sized by the bits needed, twice over plus two: on 10 state units a quantized
    /// random-4s2i2o-3 reached a loss of 5e-5 and never validated in 20,000 steps (on 6 it validated at
    /// step 4,854), probably because a state unit nothing needs sits near 0 as often as anywhere, and a
    /// quantized state that near 0 counts as a sign error.
    public func cell(level: Int, binary: Bool = false) -> TrainingConfig.CellSize {
        let perBit = 2 * stateBits + 2
        let perState = minimalStates.map { min(2 * $0 + 2, Self.maxStateUnits) } ?? 0
        let state = (binary ? perBit : max(perBit, perState)) + 2 * level
        return .init(output: 2 * state + 4 * outputBits, state: state)
    }

    /// The first cell's state units stop growing with the machine here (a 16-state machine's).
    static let maxStateUnits = 34

    public var summary: String {
        let states = minimalStates.map { "\($0)-state minimal machine" } ?? "no finite reference machine"
        return
            "\(states), \(inputBits) input bit\(inputBits == 1 ? "" : "s"), \(outputBits) output bit\(outputBits == 1 ? "" : "s")"
    }
}
