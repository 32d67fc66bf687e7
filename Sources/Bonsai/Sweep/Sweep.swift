import Foundation

/// `bonsai sweep`: the whole pipeline (train, prune, verify, explain) for many seeds of one objective.
///
///     <dir>/sweep.json            the base RunConfig (its seed is unused): every task of a sweep, on any
///                                 machine, trains with exactly these settings
///     <dir>/seed-N/               a normal run directory per seed, plus sweep-result.json when done
///     <dir>/results.csv           every finished seed, rebuilt after each one
///     <dir>/sweep-plan.json       the seeds asked for and the rounds (`SweepPlan`)
///     <dir>/tasks/seed-N.json     a seed in progress or stopped without a result (`SeedTask`)
///
/// Seeds whose result exists are skipped, so an interrupted sweep resumes where it stopped (an
/// interrupted seed resumes from its checkpoint).
public struct Sweep: Sendable {
    public let dir: URL
    public let config: RunConfig
    /// Seeds trained at the same time (each with `config.threads` training threads).
    public var jobs = 2
    public var pruneRounds = Sweep.defaultPruneRounds
    public static let defaultPruneRounds = 8
    /// Trainings per seed: a seed whose graph is not the minimal machine (not proven, for objectives
    /// without a reference table) trains again from another initialization, up to this many times
    /// (`SweepAttempts`). 1: one training per seed, the rate of a single run.
    public var attempts = 1
    /// Tasks one growing seed's race is spread over (`AttemptTasks`); 1: the whole race in one task.
    public var attemptTasks = 1

    public static let configFile = "sweep.json"

    public init(dir: URL, config: RunConfig) {
        self.dir = dir
        self.config = config
    }

    public func seedDirectory(_ seed: UInt64) -> URL { dir.appendingPathComponent("seed-\(seed)") }
    public func resultFile(_ seed: UInt64) -> URL { seedDirectory(seed).appendingPathComponent(SeedResult.fileName) }

    /// The sweep's stored base config, if the directory has one.
    public static func storedConfig(in dir: URL) throws -> RunConfig? {
        let url = dir.appendingPathComponent(configFile)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try RunConfig.read(url)
    }

    /// Creates the directory and its sweep.json, or checks that an existing one has the same settings,
    /// and adds `seeds` to its plan (`SweepPlan`, checked against the rounds). Both checks come before
    /// either file is written: a refused sweep leaves the directory as it was.
    public func prepare(seeds: [UInt64] = []) throws {
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            throw BonsaiError.file(dir.path, "cannot create sweep directory: \(AtomicFile.reason(error))")
        }
        let stored = try Sweep.storedConfig(in: dir)
        if let stored, stored.comparable != config.comparable {
            throw BonsaiError.file(
                dir.appendingPathComponent(Sweep.configFile).path,
                "this sweep directory holds a sweep with other settings (\(stored.objective)); use another --dir")
        }
        try SweepPlan.record(
            seeds: seeds, rounds: pruneRounds, attempts: attempts, attemptTasks: attemptTasks, in: dir)
        if stored == nil { try AtomicFile.writeJSON(config, to: dir.appendingPathComponent(Sweep.configFile)) }
    }

    /// A seed's result that more of `attempts` trainings could not improve: the seed is done.
    public static func isFinal(_ r: SeedResult, attempts: Int) -> Bool {
        SweepAttempts.succeeded(r) || r.attemptsRun >= attempts
    }

    /// Runs every seed without a result, `jobs` at a time (with `attemptTasks` above 1, each seed's
    /// slots: all of them, or only `slots`). `report` is called (serialized) once per seed with its
    /// result, the number done and the number to do. Returns false when interrupted.
    public func run(
        seeds: [UInt64], slots: [Int]? = nil, stop: @escaping @Sendable () -> Bool = { Interrupt.isRequested },
        report: @escaping @Sendable (SeedResult, Int, Int) -> Void
    ) throws -> Bool {
        try prepare(seeds: seeds)
        let todo = seeds.filter { seed in
            guard let r = try? AtomicFile.readJSON(SeedResult.self, from: resultFile(seed)) else { return true }
            return !Sweep.isFinal(r, attempts: attempts)
        }
        let units: [WorkUnit] =
            attemptTasks == 1
            ? todo.map { WorkUnit(seed: $0, slot: nil) }
            : todo.flatMap { seed in (slots ?? Array(0..<attemptTasks)).map { WorkUnit(seed: seed, slot: $0) } }
        let queue = WorkQueue(units)
        // Once, before the workers: each seed's TrainingRun installs it too, and that must find it done.
        Interrupt.install()
        let heartbeats = SeedHeartbeats()
        let group = DispatchGroup()
        for _ in 0..<max(1, min(jobs, units.count)) {
            group.enter()
            Thread {
                defer { group.leave() }
                while !stop(), let unit = queue.next() {
                    let seed = unit.seed
                    let task =
                        unit.slot.map { AttemptTasks.taskFile(seed, slot: $0, sweepDirectory: self.dir) }
                        ?? SeedTask.file(seed, sweepDirectory: self.dir)
                    do {
                        try heartbeats.started(task)
                        let result: SeedResult?
                        if let slot = unit.slot {
                            guard case .ended(let r) = try self.runSlot(slot, of: seed, stop: stop) else {
                                heartbeats.stopped(task, because: "interrupted")
                                continue
                            }
                            result = r
                        } else {
                            guard let r = try self.runSeed(seed, stop: stop) else {
                                heartbeats.stopped(task, because: "interrupted")
                                continue
                            }
                            result = r
                        }
                        heartbeats.finished(task)
                        // A slot that ended without writing the seed's result leaves it to another.
                        guard let r = result else { continue }
                        queue.finished(seed) { done, first in
                            try? self.writeCSV()
                            if first { report(r, done, todo.count) }
                        }
                    } catch {
                        let e = error as? BonsaiError ?? BonsaiError.file(self.seedDirectory(seed).path, "\(error)")
                        heartbeats.stopped(task, because: e.description)
                        queue.fail(e)
                    }
                }
            }.start()
        }
        group.wait()
        if let e = queue.error { throw e }
        return !stop()
    }

    /// One seed: up to `attempts` trainings (`SweepAttempts`), each pruned, verified and explained; writes
    /// the best result. nil when interrupted.
    func runSeed(_ seed: UInt64, stop: @escaping @Sendable () -> Bool) throws -> SeedResult? {
        var results: [SeedResult] = []
        for k in 1...attempts {
            guard let r = try runAttempt(k, of: seed, stop: stop) else { return nil }
            results.append(r)
            if SweepAttempts.succeeded(r) { break }
        }
        var best = SweepAttempts.best(results)
        best.attemptsRun = results.count
        best.seconds = results.map(\.seconds).reduce(0, +)
        try AtomicFile.writeJSON(best, to: resultFile(seed))
        return best
    }

    /// Attempt `k` of a seed (its own run directory and training seed, `SweepAttempts`); a finished
    /// attempt's stored result is reused. nil when interrupted.
    func runAttempt(_ k: Int, of seed: UInt64, stop: @escaping @Sendable () -> Bool) throws -> SeedResult? {
        let url = SweepAttempts.directory(k, seedDirectory: seedDirectory(seed))
        let stored = url.appendingPathComponent(SweepAttempts.resultFile)
        if let r = try? AtomicFile.readJSON(SeedResult.self, from: stored) { return r }
        // A seed finished before attempts existed: its result is the first attempt's.
        if k == 1, let r = try? AtomicFile.readJSON(SeedResult.self, from: resultFile(seed)), r.attempts == nil {
            return r
        }
        guard var r = try trainPruneExplain(url, trainingSeed: SweepAttempts.trainingSeed(k, of: seed), stop: stop)
        else { return nil }
        r.seed = seed
        r.attempt = k
        try AtomicFile.writeJSON(r, to: stored)
        return r
    }

    /// Train (or resume), prune, verify and explain one run directory.
    func trainPruneExplain(
        _ url: URL, trainingSeed seed: UInt64, stop: @escaping @Sendable () -> Bool
    ) throws -> SeedResult? {
        if config.timeLimit != nil { return try grow(url, seed: seed, stop: stop) }
        let t0 = Date()
        var c = config
        c.seed = seed
        c.restarts = 0
        var p0 = Date()
        let o = try FixedRecipePipeline.run(
            url, .startOrReuse(c), through: .explain, pruneRounds: pruneRounds, pruneThreads: c.threads,
            printer: ProgressPrinter(mode: .quiet), stop: stop
        ) { stage, o in
            if stage == .train { p0 = Date() }
            // Only a graph that passed verification is explained.
            return stage != .prune || o.pruned!.report.verification.passed
        }
        guard o.summary.status != .interrupted else { return nil }
        let attempt = o.summary.attempts.last
        let objective = try c.makeObjective()
        var r = SeedResult(
            objective: c.objective, seed: seed, status: .unsolved, verification: nil,
            referenceMinimalStates: Pruning.referenceSizes(objective)?.minimal,
            machineStates: nil, trainSteps: attempt?.steps ?? 0, trainSeconds: attempt?.seconds ?? 0, pruneSeconds: 0,
            seconds: 0, problem: nil)
        if o.summary.status == .solved {
            if let (graph, report) = o.pruned {
                let z = graph.size
                r.verification = report.verification.status.rawValue
                r.status = report.verification.passed ? .solved : .failed
                r.fittedAnew = report.fittedAnew
                (r.states, r.neurons, r.edges, r.parameters) = (z.states, z.neurons, z.edges, z.parameters)
                // Explain wrote explanation.md/json and machine.dot/json into the seed's run directory; its
                // distinct graph states (when they close) are the extracted machine's states.
                if let e = o.explanation, e.exploration.closed { r.machineStates = e.exploration.graphStates }
            }
            switch o.failure {
            case (.prune, let e)?:
                r.status = .failed
                r.verification = Verification.Status.failed.rawValue
                r.problem = e.description
            case (_, let e)?: r.problem = "explain: \(e.description)"
            case nil: break
            }
            r.pruneSeconds = Date().timeIntervalSince(p0)
        }
        r.seconds = Date().timeIntervalSince(t0)
        return r
    }

    /// One seed grown (or its race resumed): the winner's graph is the seed's result.
    func grow(_ url: URL, seed: UInt64, stop: @escaping @Sendable () -> Bool) throws -> SeedResult? {
        let report = try race(url, seed: seed, stop: stop)
        guard report.status != .growing else { return nil }
        return seedResult(report, in: url, seed: seed)
    }

    /// The race in `url`, started (as `slot` of the seed's race, when given), resumed, or as it ended.
    func race(
        _ url: URL, seed: UInt64, slot: GrowSlot? = nil, stop: @escaping @Sendable () -> Bool
    ) throws -> GrowReport {
        let quiet = ProgressPrinter(mode: .quiet)
        let file = url.appendingPathComponent(GrowReport.fileName)
        let objective = try config.makeObjective()
        if !FileManager.default.fileExists(atPath: file.path) {
            return try Grower.start(
                objective: objective, objectiveSpec: config.objectiveSpec, seed: seed,
                timeLimit: config.timeLimit ?? 300, workers: config.threads, in: url, printer: quiet, slot: slot,
                stop: stop)
        } else if let r = try? GrowReport.read(file), r.status != .growing {
            return r
        }
        return try Grower.resume(url, timeLimit: nil, workers: config.threads, printer: quiet, stop: stop)
    }

    /// A race that ended, as a seed's result: its winner's graph.
    func seedResult(_ report: GrowReport, in url: URL, seed: UInt64) -> SeedResult {
        let winner = report.attempts.first { $0.id == report.winner }
        let o = winner?.outcome
        var r = SeedResult(
            objective: config.objective, seed: seed,
            status: o == nil ? .unsolved : o!.verification == "failed" ? .failed : .solved,
            verification: o?.verification, referenceMinimalStates: report.profile.minimalStates,
            machineStates: o?.machineStates, trainSteps: report.attempts.map(\.steps).reduce(0, +),
            trainSeconds: report.seconds, pruneSeconds: 0, seconds: report.seconds, problem: o?.problem)
        (r.states, r.neurons, r.edges) = (o?.states, o?.neurons, o?.edges)
        r.fittedAnew = o?.fittedAnew
        if o != nil { r.parameters = try? RunDirectory(url).readGraph().size.parameters }
        return r
    }

    /// results.csv from every result file in the directory. Every task of a cluster sweep rewrites it
    /// after its seed, and one that scanned before another's result landed would put back a shorter
    /// table; so each writer scans again after writing and writes again until nothing new appeared. The
    /// last write is then followed by a scan that matched it, made after every result had landed (each
    /// task writes its result before its first table): the file ends complete, without a lock, which
    /// shared file systems do not all honour. `bonsai sweep report` reads the results, never this file.
    public func writeCSV() throws {
        let url = dir.appendingPathComponent("results.csv")
        var text = SweepReport.csv(try SweepReport.results(in: [dir]))
        while true {
            try AtomicFile.write(text, to: url)
            let again = SweepReport.csv(try SweepReport.results(in: [dir]))
            if again == text { return }
            text = again
        }
    }
}

extension RunConfig {
    /// The settings that must match for two seeds to belong to one sweep (seed and threads may differ).
    var comparable: RunConfig {
        var c = self
        c.seed = 0
        c.threads = 1
        c.restarts = 0
        return c
    }
}

/// A seed, or one slot of a seed's race (`AttemptTasks`).
private struct WorkUnit: Sendable {
    var seed: UInt64
    var slot: Int?
}

/// The seeds (or slots) still to run, handed out one at a time to the sweep's workers; also serializes
/// reporting.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [WorkUnit]
    private var done = Set<UInt64>()
    private(set) var error: BonsaiError?

    init(_ units: [WorkUnit]) { pending = units.reversed() }

    func next() -> WorkUnit? { lock.withLock { error == nil ? pending.popLast() : nil } }

    /// `body` gets the seeds done so far and whether this is the first time `seed` is (two slots of one
    /// seed may both write its result).
    func finished(_ seed: UInt64, _ body: (Int, Bool) -> Void) {
        lock.withLock {
            let first = done.insert(seed).inserted
            body(done.count, first)
        }
    }

    func fail(_ e: BonsaiError) { lock.withLock { if error == nil { error = e } } }
}
