import Foundation

/// Several trainings per seed (`Sweep.attempts`). Most seeds that miss the minimal machine miss it through
/// their initialization (a counter that stays analog, one that drifts and has no exact re-encoding), and
/// another initialization of the same task often finds it. A user who wants a bonsai wants the tool to try
/// again rather than hand back an analog graph; the sweep reports both rates (minimal at the first
/// attempt, and within the attempts), so the per-training rate stays visible.
///
/// Attempt 1 is the seed's own run directory and training seed, exactly as without attempts; attempt k > 1
/// trains seed + (k − 1)·10⁶ in `seed-N/attempt-k/` (far from any other seed of a sweep, so no two seeds
/// share a training). Every attempt keeps its result in its directory; the seed's result is the best one.
public enum SweepAttempts {
    public static let seedStride: UInt64 = 1_000_000
    public static let resultFile = "attempt-result.json"

    public static func trainingSeed(_ k: Int, of seed: UInt64) -> UInt64 { seed &+ UInt64(k - 1) &* seedStride }

    public static func directory(_ k: Int, seedDirectory: URL) -> URL {
        k == 1 ? seedDirectory : seedDirectory.appendingPathComponent("attempt-\(k)")
    }

    /// Nothing left to try for: the minimal machine, or a proof where the objective has no reference table.
    public static func succeeded(_ r: SeedResult) -> Bool {
        r.status == .solved
            && (r.referenceMinimalStates == nil
                ? r.verification == Verification.Status.proven.rawValue : r.minimalMachine == true)
    }

    /// The best result: a success, then proven, then checked, then failed verification, then unsolved;
    /// the earliest attempt among equals.
    public static func best(_ results: [SeedResult]) -> SeedResult {
        func rank(_ r: SeedResult) -> Int {
            if succeeded(r) { return 0 }
            if r.status == .solved { return r.verification == Verification.Status.proven.rawValue ? 1 : 2 }
            return r.status == .failed ? 3 : 4
        }
        return results.enumerated().min { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }!.element
    }
}
