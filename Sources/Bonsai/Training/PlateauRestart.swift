/// Restarting a run that is stuck before it ever validates (`TrainingConfig.restartAfter`).
///
/// Over the suites' unsolved seeds (10 per task, `runs/measure10c`), the loss had mostly settled by step
/// 1,000 on a plateau it never left (dfsm-5 seed 36: 0.84 from step 500 to the 8,000-step budget). Such a
/// run starts again from a fresh initialization of the same seed (`Network(shape:seed:attempt:)`), with a
/// fresh optimizer and the schedule from its beginning, and the step budget counting on. A run whose loss
/// keeps falling by 10 % per window trains exactly as without the watch; one that improves more slowly
/// than that is restarted, even if it would have solved later (period-3-loop seed 3 with a 1,000-step
/// window: 0.50 → 0.44 over 1,000 steps, then a sudden drop), so the window is generous (2,000 steps in
/// the suites' presets).
public enum PlateauRestart {
    /// The running loss must fall below this fraction of its last mark to count as progress.
    static let progressFactor = 0.9
    /// Weight of one batch's loss in the running average (an average over about 100 steps).
    static let smoothing = 0.01

    /// The window a `--restart-after` / `restart-after:` value asks for: 0 turns restarts off.
    public static func window(_ steps: Int) -> Int? { steps == 0 ? nil : steps }

    /// Where one run's watch stands; saved in checkpoints so a resumed run restarts exactly as an
    /// uninterrupted one.
    public struct Watch: Codable, Sendable, Equatable {
        /// Restarts so far: the current initialization is attempt `restarts`.
        public var restarts = 0
        /// The step the current initialization started at (its schedule counts from here).
        public var start = 0
        var average: Double?
        /// The running loss at the last progress, and its step.
        var mark: Double?
        var markStep = 0

        public init() {}

        /// Takes one batch's loss; true when the run has made no progress for `window` steps and at least
        /// `window` steps of the budget remain for a new start.
        mutating func observe(_ loss: Double, at step: Int, window: Int, budget: Int) -> Bool {
            let a = average.map { $0 + PlateauRestart.smoothing * (loss - $0) } ?? loss
            average = a
            // The average needs about 1/smoothing steps to follow the loss; until then it only lags.
            let settling = step - start < Int(1 / PlateauRestart.smoothing)
            if settling || mark.map({ a < PlateauRestart.progressFactor * $0 }) ?? true {
                mark = a
                markStep = step
                return false
            }
            return step - markStep >= window && budget - step >= window
        }

        /// The watch of the next initialization, starting at `step`.
        func restarted(at step: Int) -> Watch {
            var w = Watch()
            w.restarts = restarts + 1
            w.start = step
            w.markStep = step
            return w
        }
    }
}
