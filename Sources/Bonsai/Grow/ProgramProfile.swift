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

    /// The single cell of escalation level `level`: state units twice the bits needed plus two (each
    /// level adds two), and output units enough to read every output bit from a few states.
    public func cell(level: Int) -> TrainingConfig.CellSize {
        let state = 2 * stateBits + 2 + 2 * level
        return .init(output: 2 * state + 4 * outputBits, state: state)
    }

    public var summary: String {
        let states = minimalStates.map { "\($0)-state minimal machine" } ?? "no finite reference machine"
        return
            "\(states), \(inputBits) input bit\(inputBits == 1 ? "" : "s"), \(outputBits) output bit\(outputBits == 1 ? "" : "s")"
    }
}
