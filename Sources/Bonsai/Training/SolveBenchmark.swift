import Foundation

/// `bonsai bench --solve`: wall time to solution with an objective's preset, per seed — to the first
/// passed validation, and to the end of the shrinking phase (the patience stop, or the step budget).
/// Nothing is written to disk.
public enum SolveBenchmark {
    public struct Trial: Sendable {
        public let objective: String
        public let seed: UInt64
        /// nil when the seed never validated within the step budget.
        public let firstValidationSeconds: Double?
        public let firstValidationStep: Int?
        public let endSeconds: Double
        public let steps: Int
        public let bestWeightsAbove: Int?
    }

    /// Trains one seed of `objective` with its preset on `threads` threads; with `firstValidationOnly`
    /// it stops at the first passed validation (the switcher's shrinking phase alone takes many minutes).
    public static func trial(
        _ objective: any Objective, seed: UInt64, threads: Int, firstValidationOnly: Bool = false
    ) throws -> Trial {
        let trainer = try Trainer(objective: objective, config: objective.preset, seed: seed, threads: threads)
        let started = Date()
        _ = try trainer.run(Quiet(stopWhenSolved: firstValidationOnly))
        let p = trainer.progress
        return Trial(
            objective: objective.name, seed: seed, firstValidationSeconds: p.solvedAtSeconds,
            firstValidationStep: p.solvedAtStep,
            endSeconds: Date().timeIntervalSince(started), steps: p.step, bestWeightsAbove: p.bestWeightsAbove)
    }

    public static func median(_ xs: [Double]) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// A sink that keeps nothing: the benchmark only reads the trainer's progress at the end.
    private final class Quiet: TrainingSink {
        let stopWhenSolved: Bool
        var solved = false
        init(stopWhenSolved: Bool) { self.stopWhenSolved = stopWhenSolved }
        func shouldStop() -> Bool { stopWhenSolved && solved }
        func status(_ status: TrainingStatus) { solved = status.solvedAtStep != nil }
        func record(_ row: MetricsRow) {}
        func message(_ text: String) {}
        func saveCheckpoint(_ checkpoint: Checkpoint) throws {}
        func saveBest(_ checkpoint: Checkpoint) throws {}
    }
}
