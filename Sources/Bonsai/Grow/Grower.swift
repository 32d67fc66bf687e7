import Foundation

/// The default way to train: a race of recipes and seeds to a proven minimal graph, within a wall-clock
/// budget, on all cores.
///
/// Entrants (`Recipe` × escalation level × seed, sized from the program's minimal machine) train in
/// rungs. In each rung every racing entrant trains its slice, `workers` at a time; then the better half
/// by running loss, and every entrant whose loss fell by a quarter during its slice, race on with twice
/// the slice; the others pause (their checkpoints stay). New entrants, at the next escalation level
/// (more state units, the next seed) once a level's recipes are in, keep the field full. An entrant that
/// validates leaves the race: it shrinks to the end of its patience and is pruned, verified and explained
/// in the same job. The first whose graph is proven and is the minimal machine wins; when time runs out,
/// the best graph found wins. Which entrants race on depends on steps, never on timing, and a resumed
/// race makes the same decisions. Only the end is timed: the time limit, and the first minimal graph,
/// which stops the other jobs of its rung (of two attempts that reach the minimal machine in the same
/// rung, the faster wins). Each attempt alone is reproducible from its recipe and seed.
///
///     <dir>/grow.json        GrowReport: every attempt and the winner
///     <dir>/attempts/<id>/   one run directory per attempt
///     <dir>/config.json …    the winner's run directory, copied up when the race ends
public final class Grower: @unchecked Sendable {
    /// An attempt's step budget: far beyond any time limit's reach at the grower's sizes.
    public static let maxAttemptSteps = 1_000_000
    static let firstSlice = 1000
    static let maxSlice = 16_000
    /// An entrant whose running loss fell below this fraction during its slice is still learning.
    static let fallingFactor = 0.75
    /// Escalation stops growing the cell here; further levels only bring new seeds.
    static let maxLevel = 6
    /// Seconds past the time limit in which pruning may still start a stage (and pruning an attempt
    /// caught shrinking by the time limit gets at least this long).
    static let pruneGrace = 30.0

    public let root: URL
    public private(set) var report: GrowReport
    let objective: any Objective
    let base: TrainingConfig
    let printer: ProgressPrinter
    private var live: [String: GrowAttempt] = [:]
    private let lock = NSLock()
    private var statuses: [String: TrainingStatus] = [:]
    private var lastLine = Date.distantPast

    init(root: URL, report: GrowReport, objective: any Objective, printer: ProgressPrinter) {
        self.root = root
        self.report = report
        self.objective = objective
        self.base = objective.preset
        self.printer = printer
    }

    /// Starts a race in a new directory `url`.
    public static func start(
        objective: any Objective, objectiveSpec: String?, seed: UInt64, timeLimit: Double,
        workers: Int, in url: URL, printer: ProgressPrinter, slot: GrowSlot? = nil,
        stop: @escaping @Sendable () -> Bool = { Interrupt.isRequested }
    ) throws -> GrowReport {
        guard timeLimit > 0, timeLimit.isFinite else {
            throw BonsaiError("--time-limit: must be a positive number of seconds")
        }
        guard workers >= 1 else { throw BonsaiError("--threads: must be ≥ 1") }
        guard slot?.isValid ?? true else {
            throw BonsaiError("--attempt-tasks: no slot \(slot!.index) of \(slot!.count)")
        }
        let profile = try ProgramProfile.of(objective)
        _ = try RunDirectory.create(url)
        var report = GrowReport(
            objective: objective.name, objectiveSpec: objectiveSpec, seed: seed, timeLimit: timeLimit,
            workers: workers, profile: profile)
        report.slot = slot
        let g = Grower(root: url, report: report, objective: objective, printer: printer)
        try g.save()
        return try g.run(stop: stop)
    }

    /// Continues the race in `url`; `timeLimit` replaces the stored one when given.
    public static func resume(
        _ url: URL, timeLimit: Double?, workers: Int?, printer: ProgressPrinter,
        stop: @escaping @Sendable () -> Bool = { Interrupt.isRequested }
    ) throws -> GrowReport {
        let file = url.appendingPathComponent(GrowReport.fileName)
        var report = try GrowReport.read(file)
        guard report.status == .growing else {
            throw BonsaiError.file(url.path, "the race already ended (\(report.status.rawValue)); nothing to resume")
        }
        if let timeLimit {
            guard timeLimit > 0, timeLimit.isFinite else {
                throw BonsaiError("--time-limit: must be a positive number of seconds")
            }
            report.timeLimit = timeLimit
        }
        if let workers { report.workers = max(1, workers) }
        let objective: any Objective
        do {
            objective =
                try report.objectiveSpec.map {
                    try ObjectiveSpec.parse($0, file: "objectiveSpec", defaultName: report.objective)
                }
                ?? BuiltinObjectives.named(report.objective)
        } catch let e as BonsaiError { throw BonsaiError.file(file.path, e.description) }
        let g = Grower(root: url, report: report, objective: objective, printer: printer)
        for r in report.attempts where r.state == .racing { g.live[r.id] = try g.open(r) }
        return try g.run(stop: stop)
    }

    /// Entrant `k` in the order the race admits them: the objective's own preset first (when it has one),
    /// then the sized recipes at level 0, then each further level with the next seed and a larger cell.
    /// A slot's race (`GrowSlot`) numbers only its own share of that order.
    func entrant(_ k: Int) -> GrowAttemptRecord {
        let hasPreset = !(objective is TableObjective) || base != TableObjective.defaultPreset
        let sized: [Recipe] = [.quantized, .hard, .ameo, .hardNoise]
        var k = report.slot?.admission(k) ?? k, level = 0, recipe = Recipe.preset
        if hasPreset && k == 0 {
            recipe = .preset
        } else {
            if hasPreset { k -= 1 }
            level = k / sized.count
            recipe = sized[k % sized.count]
        }
        let seed = report.seed &+ UInt64(level)
        let config = recipe.config(report.profile, level: min(level, Self.maxLevel), base: base)
        let cells = config.cells.map { "\($0.output)x\($0.state)" }.joined(separator: ",")
        return GrowAttemptRecord(
            id: "\(recipe.rawValue)-L\(level)-s\(seed)", recipe: recipe, level: level, seed: seed,
            cells: cells, slice: Self.firstSlice)
    }

    private func runConfig(_ r: GrowAttemptRecord) -> RunConfig {
        RunConfig(
            objective: objective.name, seed: r.seed, restarts: 0, threads: 1,
            training: r.recipe.config(report.profile, level: min(r.level, Self.maxLevel), base: base),
            objectiveSpec: report.objectiveSpec)
    }

    private func open(_ r: GrowAttemptRecord) throws -> GrowAttempt {
        let a = try GrowAttempt(
            r, root: root, config: runConfig(r), objective: objective, minimalStates: report.profile.minimalStates)
        a.pruneBudget = report.timeLimit * GrowAttempt.pruneShare
        return a
    }

    /// Racing entrants wanted in a rung: enough to keep every worker busy twice over.
    private var field: Int { 2 * report.workers }

    private func run(stop: @escaping @Sendable () -> Bool) throws -> GrowReport {
        Interrupt.install()
        let started = Date(), before = report.seconds
        let limit = report.timeLimit
        let elapsed: @Sendable () -> Double = { before + Date().timeIntervalSince(started) }
        let halt: @Sendable () -> Bool = { stop() || elapsed() >= limit }
        // Pruning that starts before the time limit may finish its stage past it, but starts none after
        // the grace.
        let pruneDeadline = started.addingTimeInterval(limit - before + Self.pruneGrace)
        printer.message(
            "growing \(objective.name) (\(report.profile.summary)); time limit \(ProgressPrinter.duration(limit)), \(report.workers) worker\(report.workers == 1 ? "" : "s")"
        )
        while !halt() {
            // The first rung fields one entrant per worker: an easy program is done before more start.
            let want = report.rung == 0 ? report.workers : field
            while live.count < want {
                let r = entrant(report.admitted)
                report.admitted += 1
                report.attempts.append(r)
                live[r.id] = try open(r)
            }
            try save()
            try runRung(halt: halt, stop: stop, elapsed: elapsed, pruneDeadline: pruneDeadline)
            report.seconds = elapsed()
            if let w = winner(minimalOnly: true) {
                try finish(w, elapsed: elapsed)
                return report
            }
            if halt() { break }
            select()
            report.rung += 1
            try save()
        }
        report.seconds = elapsed()
        if stop() {
            try save()
            printer.finish()
            printer.message("interrupted; every attempt is saved. Resume with: bonsai train --resume \(root.path)")
            return report
        }
        // Out of time: validated attempts still shrinking are pruned as they stand, within one grace for
        // all of them (one grace each would add 30 s per attempt settled one after another).
        let end = max(pruneDeadline, Date().addingTimeInterval(Self.pruneGrace))
        for id in report.attempts.map(\.id) {
            guard let a = live[id], a.record.validatedAtStep != nil else { continue }
            printer.message("time is up: pruning \(id) as it stands")
            try a.settle { stop() || Date() >= end }
            update(a)
        }
        if let w = winner(minimalOnly: false) {
            try finish(w, elapsed: elapsed)
        } else {
            report.status = .unsolved
            try save()
            printer.finish()
        }
        return report
    }

    /// Trains every racing entrant for its slice, `workers` at a time, longest first.
    private func runRung(
        halt: @escaping @Sendable () -> Bool, stop: @escaping @Sendable () -> Bool,
        elapsed: @escaping @Sendable () -> Double, pruneDeadline: Date
    ) throws {
        let jobs = live.values.sorted { ($0.record.slice, $0.record.id) > ($1.record.slice, $1.record.id) }
        let queue = JobQueue(jobs)
        // The first minimal graph ends the rung: the other jobs save their checkpoints and stop, and a
        // pruning under way starts no further stage.
        let halt: @Sendable () -> Bool = { queue.won || halt() }
        let stopPruning: @Sendable () -> Bool = { queue.won || stop() || Date() >= pruneDeadline }
        let group = DispatchGroup()
        for _ in 0..<min(report.workers, jobs.count) {
            group.enter()
            Thread {
                defer { group.leave() }
                while let a = queue.next() {
                    do {
                        let target = a.record.steps + a.record.slice
                        try a.run(until: target, stop: halt, stopPruning: stopPruning) { [weak self] s in
                            self?.show(a.record.id, s, elapsed())
                        }
                        self.lock.withLock { self.statuses[a.record.id] = nil }
                        if a.record.outcome?.minimal == true { queue.won = true }
                    } catch let e as BonsaiError { queue.fail(e) } catch {
                        queue.fail(BonsaiError.file(a.dir.url.path, "\(error)"))
                    }
                }
            }.start()
        }
        group.wait()
        if let e = queue.error { throw e }
        for a in jobs {
            update(a)
            if a.record.state != .racing {
                live[a.record.id] = nil
                printer.message(describe(a.record))
            }
        }
    }

    /// The better half by running loss, the best of each recipe, every entrant back in training after a
    /// failed check, and every entrant still learning, race on (at most twice the field); the others
    /// pause. Losses do not compare across recipes: a quantized entrant's stays above the analog ones'
    /// until it validates (random-4s2i2o-3: 0.41 at step 1,000, validated at step 4,854 and proven
    /// minimal 21 s later), and ranked by loss alone it was paused at step 3,000 in every race. An
    /// entrant sent back has validated once and is one sequence short; its loss rises while it learns
    /// that sequence, and ranked by loss it was paused (random-6s2i3o-5: all four sent back).
    private func select() {
        let racing = live.values.map(\.record).sorted { ($0.loss ?? .infinity, $0.id) < ($1.loss ?? .infinity, $1.id) }
        var keep = Set(racing.prefix((racing.count + 1) / 2).map(\.id))
        var recipes = Set<Recipe>()
        for r in racing where recipes.insert(r.recipe).inserted { keep.insert(r.id) }
        for r in racing where keep.count < 2 * field && (r.reopened ?? 0) > 0 { keep.insert(r.id) }
        for r in racing where keep.count < 2 * field {
            if let l = r.loss, l < Self.fallingFactor * (r.lossBefore ?? 1) { keep.insert(r.id) }
        }
        for r in racing {
            guard let a = live[r.id] else { continue }
            if keep.contains(r.id) {
                a.record.slice = min(2 * a.record.slice, Self.maxSlice)
            } else {
                a.pause()
                live[r.id] = nil
            }
            update(a)
        }
    }

    /// The best pruned attempt, in admission order among equals; with `minimalOnly`, only a minimal one.
    private func winner(minimalOnly: Bool) -> GrowAttemptRecord? {
        var best: GrowAttemptRecord?
        for r in report.attempts {
            guard let o = r.outcome, o.verification != Verification.Status.failed.rawValue else { continue }
            if minimalOnly && !o.minimal { continue }
            if best.map({ o.better(than: $0.outcome!) }) ?? true { best = r }
        }
        return best
    }

    /// Copies the winner's run directory up into the race's directory and records the end of the race.
    private func finish(_ w: GrowAttemptRecord, elapsed: () -> Double) throws {
        let source = root.appendingPathComponent(w.directory)
        try Self.copyFiles(from: source, to: root)
        report.winner = w.id
        report.status = w.outcome!.minimal ? .minimal : .graph
        report.seconds = elapsed()
        try save()
        printer.finish()
        printer.message("winner: \(describe(w)) after \(ProgressPrinter.duration(report.seconds))")
    }

    /// Every file under `source` (a run directory) into `target`, written atomically.
    static func copyFiles(from source: URL, to target: URL) throws {
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: source, includingPropertiesForKeys: [.isRegularFileKey]) else { return }
        let prefix = source.standardizedFileURL.path
        for case let file as URL in walker {
            guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let relative = String(file.standardizedFileURL.path.dropFirst(prefix.count + 1))
            let destination = target.appendingPathComponent(relative)
            do {
                try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try AtomicFile.write(try Data(contentsOf: file), to: destination)
            } catch let e as BonsaiError { throw e } catch {
                throw BonsaiError.file(destination.path, "cannot copy the winning attempt: \(AtomicFile.reason(error))")
            }
        }
    }

    private func update(_ a: GrowAttempt) {
        if let i = report.attempts.firstIndex(where: { $0.id == a.record.id }) { report.attempts[i] = a.record }
    }

    private func save() throws {
        try AtomicFile.writeJSON(report, to: root.appendingPathComponent(GrowReport.fileName))
    }

    /// One line for an attempt that left the race.
    func describe(_ r: GrowAttemptRecord) -> String {
        var s = "\(r.id) (\(r.cells)): "
        switch r.state {
        case .racing: s += "racing at step \(r.steps)"
        case .paused: s += "paused at step \(r.steps)"
        case .exhausted: s += "no validation in \(r.steps) steps"
        case .pruned:
            let o = r.outcome!
            if let p = o.problem, o.verification == Verification.Status.failed.rawValue {
                return s + "validated at step \(r.validatedAtStep ?? 0), pruning failed: \(p)"
            }
            s +=
                "validated at step \(r.validatedAtStep ?? 0); graph \(o.states) states, \(o.neurons) neurons, \(o.edges) edges, \(o.verification)"
            if let m = o.machineStates { s += ", \(m)-state machine" }
            if o.minimal { s += " (minimal)" }
            if o.fittedAnew { s += ", neurons fitted anew" }
        }
        return s
    }

    /// The race's status line: time, rung, each running entrant's step and loss, the best graph so far.
    private func show(_ id: String, _ s: TrainingStatus, _ seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        statuses[id] = s
        let now = Date()
        guard now.timeIntervalSince(lastLine) >= 0.5 else { return }
        lastLine = now
        let running = statuses.sorted { $0.key < $1.key }.map { id, st in
            "\(id) \(st.step) loss \(String(format: "%.1e", st.baseLoss))"
                + (st.solvedAtStep != nil ? " ✓ w>t \(st.weightsAbove)" : "")
        }
        let best =
            winner(minimalOnly: false).map { "best \($0.outcome!.states) states \($0.outcome!.edges) edges" }
            ?? "best –"
        printer.line(
            "grow \(ProgressPrinter.duration(seconds))/\(ProgressPrinter.duration(report.timeLimit)) · rung \(report.rung) · "
                + running.joined(separator: " · ") + " · " + best)
    }
}

/// A rung's attempts, handed out one at a time to the workers; keeps the first error and whether a
/// minimal graph was found.
private final class JobQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [GrowAttempt]
    private(set) var error: BonsaiError?
    private var minimalFound = false
    /// A job's attempt became the proven minimal machine.
    var won: Bool {
        get { lock.withLock { minimalFound } }
        set { lock.withLock { minimalFound = newValue } }
    }

    init(_ jobs: [GrowAttempt]) { pending = jobs.reversed() }

    func next() -> GrowAttempt? { lock.withLock { error == nil && !minimalFound ? pending.popLast() : nil } }
    func fail(_ e: BonsaiError) { lock.withLock { if error == nil { error = e } } }
}
