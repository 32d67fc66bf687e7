import Foundation

/// `bonsai train`: trains seed after seed (restarts) until one solves, writing everything into a run
/// directory, and resumes an interrupted run where it stopped.
public enum TrainingRun {
    /// Starts a new run in a new directory.
    /// `stop` is polled every step (Ctrl-C by default); when it returns true the run saves and stops.
    public static func start(
        _ config: RunConfig, in url: URL, printer: ProgressPrinter,
        stop: @escaping () -> Bool = { Interrupt.isRequested }
    ) throws -> RunSummary {
        let objective = try config.makeObjective()
        try config.training.validate()
        let dir = try RunDirectory.create(url)
        try AtomicFile.writeJSON(config, to: dir.config)
        return try proceed(config, objective: objective, dir: dir, summary: nil, printer: printer, stop: stop)
    }

    /// Continues the run in `url` from its last checkpoint. `threads` may differ from the original run:
    /// results do not depend on the thread count.
    /// `steps` replaces the step budget (saved in config.json, so it holds for later resumes too).
    public static func resume(
        _ url: URL, threads: Int?, steps: Int? = nil, printer: ProgressPrinter,
        stop: @escaping () -> Bool = { Interrupt.isRequested }
    ) throws -> RunSummary {
        let dir = RunDirectory(url)
        guard FileManager.default.fileExists(atPath: dir.config.path) else {
            throw BonsaiError.file(url.path, "not a run directory (no config.json)")
        }
        var config = try RunConfig.read(dir.config)
        if let threads { config.threads = threads }
        if let steps {
            config.training.maxSteps = steps
            try config.training.validate()
            try AtomicFile.writeJSON(config, to: dir.config)
        }
        let objective = try config.makeObjective()
        var summary: RunSummary?
        if FileManager.default.fileExists(atPath: dir.summary.path) {
            summary = try AtomicFile.readJSON(RunSummary.self, from: dir.summary)
        }
        if let s = summary, s.status != .interrupted {
            throw BonsaiError.file(url.path, "run already finished (\(s.status.rawValue)); nothing to resume")
        }
        return try proceed(config, objective: objective, dir: dir, summary: summary, printer: printer, stop: stop)
    }

    private static func proceed(
        _ config: RunConfig, objective: any Objective, dir: RunDirectory, summary: RunSummary?,
        printer: ProgressPrinter, stop: @escaping () -> Bool
    ) throws -> RunSummary {
        var summary =
            summary
            ?? RunSummary(
                objective: config.objective, status: .unsolved, seedsTried: 0, seedsSolved: 0, solvedSeed: nil,
                attempts: [])
        let finished = Set(summary.attempts.filter { $0.result != .interrupted }.map(\.seed))
        summary.attempts.removeAll { $0.result == .interrupted }
        Interrupt.install()
        for seed in config.seeds where !finished.contains(seed) {
            var resume: Checkpoint?
            if FileManager.default.fileExists(atPath: dir.checkpoint(seed).path) {
                resume = try Checkpoint.read(dir.checkpoint(seed))
            }
            printer.prefix = config.seeds.count > 1 ? "[seed \(seed)] " : ""
            printer.message(
                resume.map { "resuming \(config.objective) from step \($0.training?.step ?? 0)" }
                    ?? "training \(config.objective) (seed \(seed))")
            let trainer: Trainer
            do {
                trainer = try Trainer(
                    objective: objective, config: config.training, seed: seed, threads: config.threads, resume: resume)
            } catch let e as BonsaiError where resume != nil {
                throw BonsaiError.file(dir.checkpoint(seed).path, e.description)
            }
            let sink = try SeedSink(
                dir: dir, seed: seed, printer: printer, resumeStep: resume?.training?.step, stop: stop)
            let result = try trainer.run(sink)
            sink.flush()
            printer.finish()
            let p = trainer.progress
            summary.attempts.append(.init(seed: seed, result: result, trainer: trainer))
            summary.seedsTried = summary.attempts.count
            summary.seedsSolved = summary.attempts.filter { $0.result == .solved }.count
            switch result {
            case .interrupted:
                summary.status = .interrupted
                try AtomicFile.writeJSON(summary, to: dir.summary)
                return summary
            case .solved:
                let best = try Checkpoint.read(dir.best(seed))
                try best.write(dir.network)
                summary.solvedSeed = seed
                summary.status = .solved
                try AtomicFile.writeJSON(summary, to: dir.summary)
                printer.message(
                    String(
                        format:
                            "solved at step %d (%.1fs); smallest validated network: %d of %d weights above %g (step %d); %d steps in %.1fs",
                        p.solvedAtStep!, p.solvedAtSeconds ?? 0, p.bestWeightsAbove ?? -1, trainer.network.weightCount,
                        config.training.pruneThreshold, p.bestStep ?? -1, p.step, p.seconds))
                return summary
            case .unsolved:
                summary.status = .unsolved
                try AtomicFile.writeJSON(summary, to: dir.summary)
                printer.message("not solved within \(config.training.maxSteps) steps")
            }
        }
        printer.prefix = ""
        return summary
    }
}

extension RunSummary.Attempt {
    /// How `trainer` (trained from `seed`) ended.
    init(seed: UInt64, result: TrainingResult, trainer: Trainer) {
        let p = trainer.progress
        self.init(
            seed: seed, result: result, steps: p.step, seconds: p.seconds, solvedAtStep: p.solvedAtStep,
            solvedAtSeconds: p.solvedAtSeconds, bestWeightsAbove: p.bestWeightsAbove, bestStep: p.bestStep,
            weightCount: trainer.network.weightCount, nanRecoveries: p.nanRecoveries,
            plateauRestarts: p.plateau.flatMap { $0.restarts > 0 ? $0.restarts : nil })
    }
}
