import ArgumentParser
import Bonsai
import Foundation

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Train, prune and verify many seeds of one objective; report how reliably it grows.",
        subcommands: [SweepRunCommand.self, SweepReportCommand.self, SweepStatusCommand.self],
        defaultSubcommand: SweepRunCommand.self
    )
}

struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep (the default: `bonsai sweep --objective X --seeds 1-100`).",
        discussion: """
            Writes <dir>/sweep.json, <dir>/seed-N/ (a run directory per seed) and <dir>/results.csv. Running it \
            again resumes: seeds with a result are skipped. --emit slurm|k8s prints a cluster job instead of \
            running (and writes <dir>/sweep.json and sweep-plan.json for its tasks); see docs/cluster.md.
            """
    )

    @OptionGroup var options: TrainingOptions
    @Option(help: "Seeds: FIRST-LAST, a seed, or a comma list of both (default 1-10).") var seeds: String?
    @Option(
        help:
            "Sweep directory (default: runs/sweep-<objective>). A directory holding sweep.json supplies the objective and settings."
    )
    var dir: String?
    @Option(help: "Seeds trained at the same time (each with --threads training threads).") var jobs = 2
    @Option(help: "Prune-then-fine-tune rounds per seed (as `bonsai prune --rounds`).") var rounds = Sweep
        .defaultPruneRounds
    @Option(
        help:
            "Trainings per seed: a seed whose graph is not the minimal machine trains again from another initialization (seed + k·10⁶), up to this many times; the report gives the first-attempt rate too."
    )
    var attempts = 1
    @Option(
        help:
            "Growing: spread each seed's race over this many tasks, each racing every K-th entrant; the first to prove the minimal machine stops the others (default: the directory's plan, or 1). See docs/cluster.md."
    )
    var attemptTasks: Int?
    @Option(
        help: "With --attempt-tasks K: run only array task ID, slot ID mod K of seed ID / K (the Slurm job's tasks).")
    var arrayTask: UInt64?
    @Option(help: "Print a cluster job instead of running: slurm or k8s.") var emit: String?
    @Option(help: "k8s: container image with `bonsai` on its PATH.") var image = "bonsai:latest"
    @Option(help: "k8s: persistent volume claim for the shared results, mounted at /results.") var claim =
        "bonsai-results"
    @Option(help: "k8s: pods at a time.") var parallelism = 10
    @OptionGroup var slurm: SlurmOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs: must be ≥ 1") }
        guard rounds >= 0 else { throw ValidationError("--rounds: must be ≥ 0") }
        guard attempts >= 1 else { throw ValidationError("--attempts: must be ≥ 1") }
        if let attemptTasks, attemptTasks < 1 { throw ValidationError("--attempt-tasks: must be ≥ 1") }
        if arrayTask != nil && (seeds != nil || emit != nil) {
            throw ValidationError("--array-task: runs one task of an emitted sweep; not with --seeds or --emit")
        }
        guard parallelism >= 1 else { throw ValidationError("--parallelism: must be ≥ 1") }
        if let emit, !["slurm", "k8s"].contains(emit) { throw ValidationError("--emit: must be slurm or k8s") }
        if options.seed != nil || options.restarts != 0 {
            throw ValidationError("--seed/--restarts: a sweep takes --seeds")
        }
        try slurm.validate(emit: emit, seedsGiven: seeds != nil)
    }

    func run() throws {
        try runReportingErrors {
            var seedList = try SeedList.parse(seeds ?? "1-10")
            // The objective comes from the options, or from the sweep directory when none is named.
            let named = options.objective != nil || options.objectiveFile != nil
            var stored: RunConfig?
            if let dir { stored = try Sweep.storedConfig(in: URL(fileURLWithPath: dir)) }
            var config = try (named || stored == nil) ? options.resolved() : stored!
            if named || stored == nil { config.timeLimit = options.grows ? try options.timeLimitSeconds() : nil }
            // Cores are shared between concurrent seeds: tiny networks gain more from seeds in parallel.
            config.threads = min(options.threads, max(1, ProcessInfo.processInfo.activeProcessorCount / jobs))
            let url = URL(fileURLWithPath: dir ?? "runs/sweep-\(config.objective)")
            var sweep = Sweep(dir: url, config: config)
            sweep.jobs = jobs
            sweep.pruneRounds = rounds
            sweep.attempts = attempts
            sweep.attemptTasks = try attemptTasks(config, in: url)
            var slots: [Int]?
            if let arrayTask {
                guard sweep.attemptTasks > 1 else {
                    throw BonsaiError("--array-task: applies to a sweep with --attempt-tasks above 1")
                }
                let (seed, slot) = AttemptTasks.seedAndSlot(task: arrayTask, count: sweep.attemptTasks)
                (seedList, slots) = ([seed], [slot])
            }
            if let emit { return try emitJob(emit, sweep: sweep, seeds: seedList) }

            try sweep.prepare(seeds: seedList)
            FileHandle.standardOutput.write(
                Data(
                    "sweep \(config.objective): seeds \(SeedList.format(seedList))\(spread(sweep, slots)) → \(url.path) (\(jobs) at a time, \(config.threads) thread(s) each)\n"
                        .utf8))
            let t0 = Date()
            let finished = try sweep.run(seeds: seedList, slots: slots) { r, done, total in
                let size = r.neurons.map { "\($0) neurons \(r.edges ?? 0) edges \(r.states ?? 0) states" } ?? "-"
                let elapsed = Date().timeIntervalSince(t0)
                let eta = elapsed / Double(done) * Double(total - done)
                // Unbuffered: one line per seed as it finishes, also into a log file or a cluster's capture.
                let tries = attempts > 1 ? " (from attempt \(r.attempt ?? 1) of \(r.attemptsRun))" : ""
                let outcome = [r.status.rawValue, r.verification].compactMap { $0 }.joined(separator: " ")
                let line = String(
                    format: "[%d/%d] seed %llu: %@, %@%@, %.1fs (ETA %.0fs)\n", done, total, r.seed, outcome,
                    size, tries, r.seconds, eta)
                FileHandle.standardOutput.write(Data(line.utf8))
            }
            let results = try SweepReport.results(in: [url]).filter { seedList.contains($0.seed) }
            print("")
            print(SweepReport.table(results), terminator: "")
            print("per seed: \(url.appendingPathComponent("results.csv").path)")
            guard finished else {
                print("interrupted; run the same command again to resume")
                return 130
            }
            return 0
        }
    }
}

extension SweepRunCommand {
    /// `--attempt-tasks`, or the directory's planned value when not given, checked against the sweep:
    /// only a growing race has attempts to spread, and one seed's trainings (`--attempts`) are not split.
    func attemptTasks(_ config: RunConfig, in dir: URL) throws -> Int {
        let k = try attemptTasks ?? SweepPlan.read(in: dir)?.attemptTasks ?? 1
        guard k > 1 else { return k }
        guard config.timeLimit != nil else {
            throw BonsaiError(
                "--attempt-tasks: applies to a growing sweep; this one trains the fixed recipe (--preset or a training option)"
            )
        }
        guard attempts == 1 else { throw BonsaiError("--attempt-tasks: not with --attempts above 1") }
        return k
    }

    /// How the seeds' races are split, for the sweep's first line.
    func spread(_ sweep: Sweep, _ slots: [Int]?) -> String {
        guard sweep.attemptTasks > 1 else { return "" }
        guard let slots else { return ", each race in \(sweep.attemptTasks) attempt tasks" }
        return ", slot \(slots.map(String.init).joined(separator: ",")) of \(sweep.attemptTasks)"
    }
}

struct SweepReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Aggregate the seed results of any set of sweep directories (e.g. from several machines)."
    )

    @Argument(help: "Sweep directories, seed directories, or directories of sweeps.") var dirs: [String]
    @Option(help: "Also write every seed's row to this CSV file.") var csv: String?
    @Flag(help: "Print the aggregate and every seed's result as JSON (format bonsai-sweep-report).") var json = false

    struct Output: Encodable {
        var format = "bonsai-sweep-report", version = 1
        var objectives: [SweepReport.Row]
        var seeds: [SeedResult]
    }

    func run() throws {
        try runReportingErrors {
            let urls = dirs.map { URL(fileURLWithPath: $0) }
            let results = try SweepReport.results(in: urls)
            guard !results.isEmpty else {
                // Plain runs (bonsai train / demo) have no seed results: compare them as `bonsai runs` does.
                let listings = urls.compactMap { try? RunListing($0) }.filter { !$0.runs.isEmpty }
                let none = "\(dirs.joined(separator: ", ")): no sweep seed results (sweep-result.json)"
                guard !json, !listings.isEmpty else {
                    throw BonsaiError(
                        none
                            + (listings.isEmpty
                                ? " and no run directories found" : "; for plain runs use `bonsai runs DIR --json`"))
                }
                print(none + "; these are plain runs (`bonsai runs DIR` lists them too):")
                for l in listings { print(l.table, terminator: "") }
                return 0
            }
            if json {
                try printJSON(Output(objectives: SweepReport.rows(results), seeds: results))
            } else {
                print(SweepReport.table(results), terminator: "")
            }
            if let csv { try AtomicFile.write(SweepReport.csv(results), to: URL(fileURLWithPath: csv)) }
            return 0
        }
    }
}

struct SweepStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Done, running, failed and missing seeds of a sweep directory (`--emit slurm --only-missing` resubmits the last two)."
    )

    @Argument(help: "The sweep directory.") var dir: String

    func run() throws {
        try runReportingErrors {
            print(SweepStatus.text(try SweepStatus.seeds(in: URL(fileURLWithPath: dir))), terminator: "")
            return 0
        }
    }
}
