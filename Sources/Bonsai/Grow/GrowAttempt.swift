import Foundation

/// One live entrant of the race: its record, its run directory (a normal one: `bonsai prune`, `explain`
/// and `view` work on it) and, while it races, its trainer.
final class GrowAttempt: @unchecked Sendable {
    var record: GrowAttemptRecord
    let dir: RunDirectory
    let config: RunConfig
    let objective: any Objective
    /// States of the objective's minimal machine (the race's profile), nil without one.
    let minimalStates: Int?
    /// Seconds of pruning after which no further stage starts (`pruneShare` of the race's time limit).
    var pruneBudget = Double.infinity
    private var trainer: Trainer?
    /// Weight of one batch's loss in the running loss the race ranks by (about the last 100 steps).
    static let smoothing = 0.01

    /// Opens the attempt's directory, creating it with its config.json when it is new.
    init(
        _ record: GrowAttemptRecord, root: URL, config: RunConfig, objective: any Objective, minimalStates: Int?
    ) throws {
        self.record = record
        self.minimalStates = minimalStates
        self.config = config
        self.objective = objective
        let url = root.appendingPathComponent(record.directory)
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("config.json").path) {
            dir = RunDirectory(url)
            guard try RunConfig.read(dir.config) == config else {
                throw BonsaiError.file(dir.config.path, "does not match the grow report's attempt \(record.id)")
            }
        } else {
            dir = try RunDirectory.create(url)
            try AtomicFile.writeJSON(config, to: dir.config)
        }
    }

    /// Trains until step `target`, or, once it validates, until its shrinking phase ends; then prunes,
    /// verifies and explains it (no pruning stage starts once `stopPruning` is true). `stop` interrupts the
    /// training with its checkpoint saved; the slice's target is kept, so a resumed race ends the slice at
    /// the same step.
    func run(
        until target: Int, stop: @escaping () -> Bool, stopPruning: @escaping () -> Bool,
        status: @escaping (TrainingStatus) -> Void
    ) throws {
        let t0 = Date()
        defer { record.seconds += Date().timeIntervalSince(t0) }
        let trainer = try self.trainer ?? makeTrainer()
        self.trainer = trainer
        if record.target == nil {
            record.target = target
            record.lossBefore = record.loss
        }
        let target = record.target!
        let sink = try AttemptSink(
            dir: dir, seed: config.seed, resumeStep: trainer.progress.step, loss: record.loss,
            status: status
        ) {
            stop() || trainer.progress.solvedAtStep == nil && trainer.progress.step >= target
        }
        let result = try trainer.run(sink)
        sink.flush()
        record.loss = sink.loss
        record.steps = trainer.progress.step
        record.validatedAtStep = trainer.progress.solvedAtStep
        if result != .interrupted || !stop() { record.target = nil }
        switch result {
        case .interrupted:
            break
        case .unsolved:
            record.state = .exhausted
            self.trainer = nil
            try AtomicFile.writeJSON(summary(trainer, result), to: dir.summary)
        case .solved:
            let best = try Checkpoint.read(dir.best(config.seed))
            self.trainer = nil
            if (record.reopened ?? 0) < Self.maxReopen, let wrong = counterexample(try best.network()) {
                try reopen(wrong, from: best)
                return
            }
            try best.write(dir.network)
            try AtomicFile.writeJSON(summary(trainer, result), to: dir.summary)
            try prune(stop: stopPruning, budget: pruneBudget)
        }
    }

    /// Validation on random sequences can miss what exact verification finds: a shrunk network that fails
    /// pruning's quick check goes back to training this many times at most (then pruning tries to repair it).
    static let maxReopen = 3

    /// The checks pruning makes, with this run's training length.
    private var pruning: Pruning { Pruning(objective: objective, trainingLength: config.training.sequenceLength) }

    /// A sequence the network gets wrong, or nil: pruning's quick check (exploration of 20,000 pairs, 200
    /// sampled long sequences), then, on a network whose states never repeat exactly, the full check
    /// (200,000 pairs, 1,000 sequences, invariant regions). The quick check alone let analog networks
    /// through that the full check then failed (random-6s2i3o-5: at steps 17 and 44), and such a
    /// network's pruning spent its budget and ended with no graph. A network whose exploration
    /// closes is proven by the quick check; only analog ones pay for the full one (5–30 s when dense).
    private func counterexample(_ network: Network) -> [Int]? {
        let graph = Graph(network: network, objective: objective.name)
        let quick = Verifier.verify(graph, objective: objective, limits: pruning.searchLimits)
        if !quick.passed { return quick.counterexample }
        if quick.status == .proven { return nil }
        let full = pruning.fullCheck(graph)
        return full.passed ? nil : full.counterexample
    }

    /// Back to training from `best` (the network that failed), with `wrong` replayed, fresh optimizer
    /// moments and the regularizer off again until the network validates anew. The last checkpoint is
    /// not a good start: by the end of the shrinking phase it may no longer validate at all.
    private func reopen(_ wrong: [Int], from best: Checkpoint) throws {
        let last = try Checkpoint.read(dir.checkpoint(config.seed))
        guard var p = last.training else {
            throw BonsaiError.file(dir.checkpoint(config.seed).path, "has no training state")
        }
        let network = try best.network()
        p.adam = Adam(count: network.parameters.count)
        p.replay = Replay.adding(wrong, to: p.replay ?? [], capacity: replayCapacity)
        (p.solvedAtStep, p.solvedAtSeconds, p.bestWeightsAbove, p.bestStep) = (nil, nil, nil, nil)
        try Checkpoint(objective: objective.name, network: network, training: p).write(dir.checkpoint(config.seed))
        record.validatedAtStep = nil
        record.reopened = (record.reopened ?? 0) + 1
    }

    /// The longest sequence pruning's sampled checks produce: a replayed one fits in a batch tile.
    private var replayCapacity: Int { pruning.finalLimits.sampledLength }

    /// When time runs out while a validated attempt is still shrinking: its smallest validated network
    /// so far is pruned as if the shrinking phase had ended.
    func settle(stopPruning: @escaping () -> Bool) throws {
        guard record.state == .racing, record.validatedAtStep != nil else { return }
        let trainer = try self.trainer ?? makeTrainer()
        try Checkpoint.read(dir.best(config.seed)).write(dir.network)
        try AtomicFile.writeJSON(summary(trainer, .solved), to: dir.summary)
        self.trainer = nil
        try prune(stop: stopPruning)
    }

    /// Seconds of pruning after which no further stage starts, as a fraction of the race's time limit: a
    /// dense analog network's full checks take 5–30 s each, and its pruning held a worker for 285 s of a
    /// 5-minute race (random-4s2i2o-3) to end with a graph only checked. Its best graph so far stands.
    static let pruneShare = 0.2

    /// Pruning, verification and explanation of a validated attempt, into its directory.
    /// No pruning stage starts once `stop` is true, or once `budget` seconds have passed.
    func prune(stop: @escaping () -> Bool, budget: Double = .infinity) throws {
        let quiet = ProgressPrinter(mode: .quiet)
        let deadline = Date().addingTimeInterval(budget)
        do {
            let (graph, report) = try PruneStage.run(
                dir.url, threads: 1, shouldStop: { stop() || Date() >= deadline }, printer: quiet)
            let z = graph.size
            var outcome = GrowAttemptRecord.Outcome(
                verification: report.verification.status.rawValue, states: z.states,
                neurons: z.neurons, edges: z.edges, machineStates: nil, minimal: false,
                fittedAnew: report.fittedAnew ?? false, problem: nil)
            if report.verification.passed {
                do {
                    let e = try ExplainStage.run(dir.url)
                    if e.exploration.closed { outcome.machineStates = e.exploration.graphStates }
                } catch let e as BonsaiError { outcome.problem = "explain: \(e.description)" }
            }
            outcome.minimal =
                report.verification.status == .proven
                && (minimalStates == nil || outcome.machineStates == minimalStates)
            record.outcome = outcome
        } catch let e as BonsaiError {
            record.outcome = .init(
                verification: Verification.Status.failed.rawValue, states: 0, neurons: 0, edges: 0,
                machineStates: nil, minimal: false, fittedAnew: false, problem: e.description)
        }
        record.state = .pruned
    }

    /// Stops racing: the trainer is dropped, its checkpoint stays.
    func pause() {
        record.state = .paused
        trainer = nil
    }

    private func makeTrainer() throws -> Trainer {
        let resume =
            FileManager.default.fileExists(atPath: dir.checkpoint(config.seed).path)
            ? try Checkpoint.read(dir.checkpoint(config.seed)) : nil
        return try Trainer(
            objective: objective, config: config.training, seed: config.seed, threads: 1, resume: resume,
            replayCapacity: replayCapacity)
    }

    private func summary(_ trainer: Trainer, _ result: TrainingResult) -> RunSummary {
        RunSummary(
            objective: config.objective, status: result, seedsTried: 1, seedsSolved: result == .solved ? 1 : 0,
            solvedSeed: result == .solved ? config.seed : nil,
            attempts: [.init(seed: config.seed, result: result, trainer: trainer)])
    }
}

/// An attempt's training log: its seed's metrics.csv and checkpoints (as `SeedSink`), and the running
/// loss the race ranks by. Progress goes to the race's status line, not to a printer of its own.
final class AttemptSink: TrainingSink {
    private let inner: SeedSink
    private let stop: () -> Bool
    private let onStatus: (TrainingStatus) -> Void
    private(set) var loss: Double?

    init(
        dir: RunDirectory, seed: UInt64, resumeStep: Int, loss: Double?, status: @escaping (TrainingStatus) -> Void,
        stop: @escaping () -> Bool
    ) throws {
        inner = try SeedSink(
            dir: dir, seed: seed, printer: ProgressPrinter(mode: .quiet), resumeStep: resumeStep, stop: stop)
        self.stop = stop
        self.loss = loss
        onStatus = status
    }

    func flush() { inner.flush() }
    func shouldStop() -> Bool { stop() }
    func record(_ row: MetricsRow) {
        loss = loss.map { $0 + GrowAttempt.smoothing * (row.baseLoss - $0) } ?? row.baseLoss
        inner.record(row)
    }
    func status(_ status: TrainingStatus) { onStatus(status) }
    func message(_ text: String) {}
    func saveCheckpoint(_ checkpoint: Checkpoint) throws { try inner.saveCheckpoint(checkpoint) }
    func saveBest(_ checkpoint: Checkpoint) throws { try inner.saveBest(checkpoint) }
}
