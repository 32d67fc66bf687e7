/// Balanced parentheses up to depth 8 (docs/design.md A.6, #5). '(' is −1 (bit clear) and ')' is +1 (bit set); each
/// moves the depth by +1 / −1. y_t is true iff the depth is 0 after x_t, i.e. the prefix x_0…x_t is
/// balanced.
///
/// The generator keeps every prefix valid: at depth 0 it always opens, at depth 8 it always closes, in
/// between it opens with probability 0.5. `possibleInputs` says exactly that. An input the generator
/// cannot produce (')' at depth 0, '(' at depth 8) leaves the language, so `step` sends it to an absorbing
/// `rejected` state whose output is always false: no continuation of such a prefix is a generated
/// balanced sequence, and the machine stays total and finite. `rejected` is unreachable through
/// `possibleInputs`.
public struct BalancedParentheses: Objective {
    public let name = "balanced-parentheses"
    public let summary = "output true when the parentheses so far are balanced ('(' = false, ')' = true; depth ≤ 8)"
    public let inputCount = 1
    public let outputCount = 1
    /// The hard Ameo (F = 1), as in the original demo graph (docs/design.md A.1, A.9): the depth counter needs the
    /// exact negation on [−1, 1]; with the interpolated default, seeds 1–4 never validated at length 40,
    /// with the hard one seeds 1 and 3 of 1–3 did.
    ///
    /// Validation runs at 200 steps: the depth counter is analog, and a counter whose loop gain is 1.006
    /// instead of 1 passes at 40 steps and drifts off its levels before 200. (The verifier samples at 10×
    /// the training length, 400: seed 7 of 1–20 validates and fails there at step 383.)
    ///
    /// One 4×2 cell at λ 0.01, trained on sequences of 40, with plateau restarts after 2,000 steps and a
    /// budget of 40,000: seeds 1–20 all validated (steps 909–28,478; seed 2 after 7 restarts), and the
    /// pruned graphs are the smallest Bonsai has grown for this task (seed 3: one state, 5 edges, proven).
    /// Before 2026-11-27 evening: one 8×8 cell at λ 0.05, length 20, 10,000 steps: 7 of seeds 1–10, and
    /// graphs of 20–30 edges that could only be checked. One 4×2 cell at λ 0.05 validated none of seeds
    /// 1–3 even at 40 steps; at λ 0.01 and length 20, 2 of seeds 1–4 did. Training on 40 steps puts the
    /// drift inside the loss.
    public var preset: TrainingConfig {
        TrainingConfig(
            cells: [.init(output: 4, state: 2)], activation: .hardAmeo,
            regularizer: SparseRegularizer(lambda: 0.01), sequenceLength: 40, maxSteps: 40_000,
            validationLength: 200, restartAfter: 2000)
    }
    public init() {}

    public static let maxDepth = 8
    /// The state after an input outside the generator's language.
    public static let rejected = -1
    static let open = 0, close = 1

    /// The depth, 0...maxDepth, or `rejected`.
    public var start: Int { 0 }

    public func possibleInputs(in depth: Int) -> [Int] {
        switch depth {
        case 0: [Self.open]
        case Self.maxDepth: [Self.close]
        // Inside the language both are generated; once rejected, every input keeps the machine there.
        default: [Self.open, Self.close]
        }
    }

    public func sampleInput(in depth: Int, using rng: inout Rng) -> Int {
        switch depth {
        case 0: Self.open
        case Self.maxDepth: Self.close
        default: rng.bernoulli(0.5) ? Self.open : Self.close
        }
    }

    public func step(_ depth: Int, input: Int) -> (next: Int, output: Int) {
        guard depth != Self.rejected else { return (Self.rejected, 0) }
        let next = input & 1 == Self.close ? depth - 1 : depth + 1
        guard (0...Self.maxDepth).contains(next) else { return (Self.rejected, 0) }
        return (next, next == 0 ? 1 : 0)
    }
}
