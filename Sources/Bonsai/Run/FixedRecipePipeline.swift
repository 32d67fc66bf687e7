import Foundation

/// The fixed-recipe path (`--preset`) of one run directory, in pipeline order (docs/design.md, section 1):
/// train, and once training has solved the objective, prune, explain and write the page, up to `through`.
/// `bonsai demo --preset` runs all of it, `bonsai train --preset` the training, and every sweep seed up to
/// the explanation.
package enum FixedRecipePipeline {
    package enum Stage: Int, Comparable, Sendable {
        case train, prune, explain, view
        package static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
    }

    /// Where the training comes from.
    package enum Training {
        /// A new run of this configuration in a new directory.
        case start(RunConfig)
        /// The interrupted run in the directory, from its last checkpoint (`steps` replaces the budget).
        case resume(threads: Int?, steps: Int?)
        /// A sweep seed: a new run when the directory holds none, the finished run as it is, or the
        /// interrupted run resumed.
        case startOrReuse(RunConfig)
    }

    package struct Outcome {
        package var summary: RunSummary
        package var pruned: (graph: Graph, report: Pruning.Report)?
        package var explanation: Explanation?
        package var page: URL?
        /// The stage after training that failed, with its one-line error; the stages after it did not run.
        package var failure: (stage: Stage, error: BonsaiError)?
    }

    /// Runs the stages up to `last`. A stage after training runs only when training solved the objective
    /// and `after` returned true for the stage before; `after` sees each finished stage first (the CLI
    /// prints as it goes). Training errors are thrown; a later stage's `BonsaiError` ends the run in
    /// `failure`, so the caller decides whether it fails the command (demo) or the seed (sweep).
    package static func run(
        _ url: URL, _ training: Training, through last: Stage, pruneRounds: Int = 8, pruneThreads: Int = 2,
        printer: ProgressPrinter, stop: @escaping () -> Bool = { Interrupt.isRequested },
        after: (Stage, Outcome) throws -> Bool = { _, _ in true }
    ) throws -> Outcome {
        var o = Outcome(summary: try train(url, training, printer: printer, stop: stop))
        guard try after(.train, o), o.summary.status == .solved else { return o }
        func stage(_ s: Stage, _ body: () throws -> Void) throws -> Bool {
            guard s <= last, o.failure == nil else { return false }
            do { try body() } catch let e as BonsaiError {
                o.failure = (s, e)
                return false
            }
            return try after(s, o)
        }
        // Each stage only after the one before went on.
        if try stage(
            .prune, { o.pruned = try PruneStage.run(url, rounds: pruneRounds, threads: pruneThreads, printer: printer) }
        ),
            try stage(.explain, { o.explanation = try ExplainStage.run(url) })
        {
            _ = try stage(.view, { o.page = try ViewStage.run(url) })
        }
        return o
    }

    static func train(
        _ url: URL, _ training: Training, printer: ProgressPrinter, stop: @escaping () -> Bool
    ) throws -> RunSummary {
        switch training {
        case .start(let config):
            return try TrainingRun.start(config, in: url, printer: printer, stop: stop)
        case .resume(let threads, let steps):
            return try TrainingRun.resume(url, threads: threads, steps: steps, printer: printer, stop: stop)
        case .startOrReuse(let config):
            let run = RunDirectory(url)
            if !FileManager.default.fileExists(atPath: run.config.path) {
                return try TrainingRun.start(config, in: url, printer: printer, stop: stop)
            }
            if let s = try? AtomicFile.readJSON(RunSummary.self, from: run.summary), s.status != .interrupted {
                return s
            }
            return try TrainingRun.resume(url, threads: config.threads, printer: printer, stop: stop)
        }
    }
}
