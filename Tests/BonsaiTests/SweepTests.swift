import Foundation
import Testing
import Yams

@testable import Bonsai

@Suite struct SweepTests {
    @Test func seedLists() throws {
        #expect(try SeedList.parse("1-3,7,5-6") == [1, 2, 3, 7, 5, 6])
        #expect(SeedList.format([7, 1, 2, 3, 5, 6]) == "1-3,5-7")
        #expect(throws: BonsaiError.self) { try SeedList.parse("3-1") }
        #expect(throws: BonsaiError.self) { try SeedList.parse("1-") }
    }

    @Test func slurmScriptPassesBashSyntaxCheck() throws {
        let script = ClusterScripts.slurm(
            dir: "/shared/it's here", seeds: [1, 2, 3, 10], name: "dfsm-1", options: ["--attempts", "3"])
        #expect(script.contains("#SBATCH --array=1-3,10\n"))
        #expect(script.contains("--seeds \"$SLURM_ARRAY_TASK_ID\" --jobs 1 --threads 1 '--attempts' '3'\n"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bonsai-slurm-\(UUID().uuidString).sh")
        try script.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-n", url.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    @Test func kubernetesManifestParses() throws {
        let text = ClusterScripts.kubernetes(
            dirName: "sweep-dfsm-1", seeds: 11...30, name: "dfsm-1", image: "me/bonsai:1",
            claim: "shared", parallelism: 8, options: ["--attempts", "2"])
        let job = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(job["apiVersion"] as? String == "batch/v1" && job["kind"] as? String == "Job")
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        #expect(spec["completions"] as? Int == 20 && spec["parallelism"] as? Int == 8)
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        #expect(pod["restartPolicy"] as? String == "Never")
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        #expect(container["image"] as? String == "me/bonsai:1")
        let command = try #require((container["args"] as? [String])?.first)
        #expect(
            command.contains("--seeds $((JOB_COMPLETION_INDEX + 11))")
                && command.contains("--dir '/results/sweep-dfsm-1'"))
        #expect(command.hasSuffix(" '--attempts' '2'"))
        let claim = (((pod["volumes"] as? [[String: Any]])?.first)?["persistentVolumeClaim"] as? [String: Any])?[
            "claimName"]
        #expect(claim as? String == "shared")
    }

    /// Built-in objectives (not tables) know their minimal machine too, so a sweep's "minimal machine"
    /// column is filled for them (balanced-parentheses: 9 states).
    @Test func builtinObjectivesReportTheirMinimalMachine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonsai-sweep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var t = BalancedParentheses().preset
        (t.maxSteps, t.batchSize, t.sequenceLength) = (2, 16, 4)
        var sweep = Sweep(
            dir: dir,
            config: RunConfig(objective: "balanced-parentheses", seed: 0, restarts: 0, threads: 1, training: t))
        sweep.pruneRounds = 0
        #expect(try sweep.run(seeds: [1]) { _, _, _ in })
        #expect(try SweepReport.results(in: [dir]).map(\.referenceMinimalStates) == [9])
    }

    /// A two-seed sweep with a budget too small to solve (pruning takes seconds; the CLI sweeps of
    /// docs/results.md cover it): results, CSV, skipped on resume, aggregated by report.
    @Test func sweepRunsResumesAndReports() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonsai-sweep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let o = TransducerTasks.task(4)
        var t = o.preset
        t.maxSteps = 3
        t.batchSize = 16
        t.sequenceLength = 4
        var sweep = Sweep(dir: dir, config: RunConfig(objective: o.name, seed: 0, restarts: 0, threads: 1, training: t))
        sweep.pruneRounds = 0
        let seen = Mutex_([UInt64]())
        #expect(try sweep.run(seeds: [1, 2]) { r, _, _ in seen.append(r.seed) })
        #expect(seen.values.sorted() == [1, 2])
        let results = try SweepReport.results(in: [dir])
        #expect(results.map(\.seed) == [1, 2])
        #expect(results.allSatisfy { $0.referenceMinimalStates == 1 && $0.status == .unsolved && $0.trainSteps == 3 })
        let csv = try String(contentsOf: dir.appendingPathComponent("results.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 3 && csv.hasPrefix(SeedResult.csvHeader))
        // Resume: nothing left to do.
        seen.values = []
        #expect(try sweep.run(seeds: [1, 2]) { r, _, _ in seen.append(r.seed) })
        #expect(seen.values.isEmpty)
        // Another objective in the same directory is refused.
        let other = Sweep(
            dir: dir, config: RunConfig(objective: "dfsm-3", seed: 0, restarts: 0, threads: 1, training: t))
        #expect(throws: BonsaiError.self) { try other.prepare() }
        #expect(SweepReport.table(results).contains("| dfsm-4 | 2 |"))
    }
}

/// Several trainings per seed (`SweepAttempts`).
@Suite struct SweepAttemptTests {
    static func result(
        _ status: SeedResult.Status, _ verification: String?, machine: Int?, reference: Int? = 3, attempt: Int
    ) -> SeedResult {
        SeedResult(
            objective: "dfsm-1", seed: 7, status: status, verification: verification, referenceMinimalStates: reference,
            machineStates: machine, trainSteps: 0, trainSeconds: 0, pruneSeconds: 0, seconds: 0, problem: nil,
            attempt: attempt)
    }

    @Test(
        "success is the minimal machine (a proof without a reference); the best attempt ranks minimal, proven, checked, failed, unsolved"
    )
    func ranking() {
        let minimal = Self.result(.solved, "proven", machine: 3, attempt: 3)
        let proven = Self.result(.solved, "proven", machine: 8, attempt: 2)
        let checked = Self.result(.solved, "checked", machine: nil, attempt: 1)
        let failed = Self.result(.failed, "failed", machine: nil, attempt: 1)
        let unsolved = Self.result(.unsolved, nil, machine: nil, attempt: 1)
        #expect(
            SweepAttempts.succeeded(minimal) && !SweepAttempts.succeeded(proven) && !SweepAttempts.succeeded(checked))
        #expect(SweepAttempts.succeeded(Self.result(.solved, "proven", machine: 8, reference: nil, attempt: 1)))
        #expect(SweepAttempts.best([unsolved, failed, checked, proven, minimal]) == minimal)
        #expect(SweepAttempts.best([unsolved, checked, proven]) == proven)
        #expect(SweepAttempts.best([unsolved, failed, checked]) == checked)
        #expect(SweepAttempts.best([unsolved, failed]) == failed)
        var later = checked
        later.attempt = 2
        #expect(SweepAttempts.best([checked, later]).attempt == 1)
    }

    @Test("the report counts minimal machines whose neurons were all fitted anew, and the CSV marks them")
    func fittedAnewIsCountedApart() {
        var anew = Self.result(.solved, "proven", machine: 3, attempt: 1), trained = anew, old = anew
        (anew.fittedAnew, trained.fittedAnew, trained.seed, old.seed) = (true, false, 8, 9)
        let table = SweepReport.table([anew, trained, old])
        #expect(
            table.contains(
                "dfsm-1: 1 of the 3 minimal machines have states cut to one bit each and every neuron fitted anew"))
        #expect(anew.csv.hasSuffix(",1,1,true") && old.csv.hasSuffix(",1,1,"))
        #expect(!SweepReport.table([trained, old]).contains("fitted anew"))
    }

    @Test("attempt k trains seed + (k−1)·10⁶ in its own directory; attempt 1 is the seed's run as without attempts")
    func seedsAndDirectories() {
        let d = URL(fileURLWithPath: "/tmp/sweep/seed-7")
        #expect(SweepAttempts.trainingSeed(1, of: 7) == 7 && SweepAttempts.trainingSeed(3, of: 7) == 2_000_007)
        #expect(SweepAttempts.directory(1, seedDirectory: d) == d)
        #expect(SweepAttempts.directory(2, seedDirectory: d).path == "/tmp/sweep/seed-7/attempt-2")
    }

    /// Budgets too small to solve: every seed uses all its attempts, keeps the first one's result, and a
    /// resumed sweep with more attempts adds only the new ones.
    @Test("a sweep with attempts trains each unsuccessful seed again, reports both rates and resumes")
    func sweepWithAttempts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonsai-sweep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let o = TransducerTasks.task(4)
        var t = o.preset
        (t.maxSteps, t.batchSize, t.sequenceLength) = (3, 16, 4)
        var sweep = Sweep(dir: dir, config: RunConfig(objective: o.name, seed: 0, restarts: 0, threads: 1, training: t))
        sweep.pruneRounds = 0
        sweep.attempts = 2
        #expect(try sweep.run(seeds: [1, 2]) { _, _, _ in })
        var results = try SweepReport.results(in: [dir])
        #expect(results.map(\.attemptsRun) == [2, 2] && results.map(\.attempt) == [1, 1])
        let second = try RunConfig.read(RunDirectory(sweep.seedDirectory(2).appendingPathComponent("attempt-2")).config)
        #expect(second.seed == 1_000_002)
        #expect(
            SweepReport.table(results).contains(
                "dfsm-4: 4 trainings for 2 seeds; minimal machine at the first attempt 0/2 (0 %)"))
        // Resumed with the same attempts: nothing to do. With one more: one new training per seed.
        let seen = Mutex_([UInt64]())
        #expect(try sweep.run(seeds: [1, 2]) { r, _, _ in seen.append(r.seed) })
        #expect(seen.values.isEmpty)
        sweep.attempts = 3
        #expect(try sweep.run(seeds: [1, 2]) { r, _, _ in seen.append(r.seed) })
        results = try SweepReport.results(in: [dir])
        #expect(seen.values.sorted() == [1, 2] && results.map(\.attemptsRun) == [3, 3])
        #expect(
            FileManager.default.fileExists(
                atPath: sweep.seedDirectory(1).appendingPathComponent("attempt-3/config.json").path))
    }
}

/// A locked list for the sweep's report callback (called from worker threads).
final class Mutex_<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var _values: T
    init(_ v: T) { _values = v }
    var values: T {
        get { lock.withLock { _values } }
        set { lock.withLock { _values = newValue } }
    }
}

extension Mutex_ where T == [UInt64] {
    func append(_ x: UInt64) { lock.withLock { _values.append(x) } }
}
