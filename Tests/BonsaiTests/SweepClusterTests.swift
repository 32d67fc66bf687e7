import Foundation
import Testing

@testable import Bonsai

/// A sweep directory shared by many tasks at once, as on a cluster (docs/cluster.md). The real cluster
/// runs in CI (.ci/slurm-sweeps); these check the same files without one.
@Suite struct SweepClusterTests {
    static func tinySweep(_ dir: URL) -> Sweep {
        let o = TransducerTasks.task(4)
        var t = o.preset
        (t.maxSteps, t.batchSize, t.sequenceLength) = (3, 16, 4)
        var sweep = Sweep(dir: dir, config: RunConfig(objective: o.name, seed: 0, restarts: 0, threads: 1, training: t))
        sweep.pruneRounds = 0
        return sweep
    }

    /// Eight array tasks, each its own Sweep of one seed on one directory (as eight processes are),
    /// released together with the same tiny budget, so they write their results and rebuild results.csv
    /// at the same moment.
    @Test("8 tasks finishing at once: every result lands whole, the table counts 8, no temporary file is left")
    func eightTasksAtOnce() throws {
        let dir = FilesAndErrorsTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.tinySweep(dir).prepare(seeds: Array(1...8))
        let gate = DispatchSemaphore(value: 0), group = DispatchGroup()
        let failures = Mutex_([UInt64]())
        for seed in UInt64(1)...8 {
            group.enter()
            Thread {
                defer { group.leave() }
                gate.wait()
                do { _ = try Self.tinySweep(dir).run(seeds: [seed]) { _, _, _ in } } catch { failures.append(seed) }
            }.start()
        }
        for _ in 1...8 { gate.signal() }
        group.wait()
        #expect(failures.values.isEmpty)
        let results = try SweepReport.results(in: [dir])
        #expect(results.map(\.seed) == Array(1...8))
        #expect(SweepReport.table(results).contains("| dfsm-4 | 8 |"))
        let csv = try String(contentsOf: dir.appendingPathComponent("results.csv"), encoding: .utf8)
        #expect(csv == SweepReport.csv(results))
        let everything = try FileManager.default.subpathsOfDirectory(atPath: dir.path)
        #expect(everything.filter { $0.contains(".tmp-") }.isEmpty)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(SeedTask.directory).path)
                .isEmpty)
        #expect(try SweepStatus.seeds(in: dir).allSatisfy { $0.state == .done })
    }

    /// The moment itself, repeated: eight tasks write their result and rebuild results.csv released by
    /// one gate, 20 times. A temporary file per process (two writers in one file) or a single rebuild
    /// (a stale scan written last) fail this.
    @Test("8 results written at the same moment, 20 times: every results.csv complete, every write succeeds")
    func eightResultsAtTheSameMoment() throws {
        for round in 0..<20 {
            let dir = FilesAndErrorsTests.tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            let sweep = Self.tinySweep(dir)
            try sweep.prepare(seeds: Array(1...8))
            let gate = DispatchSemaphore(value: 0), group = DispatchGroup()
            let failures = Mutex_([UInt64]())
            for seed in UInt64(1)...8 {
                group.enter()
                Thread {
                    defer { group.leave() }
                    let r = SeedResult(
                        objective: "dfsm-4", seed: seed, status: .unsolved, verification: nil,
                        referenceMinimalStates: 1,
                        machineStates: nil, trainSteps: 3, trainSeconds: 0, pruneSeconds: 0, seconds: Double(seed),
                        problem: nil)
                    try? FileManager.default.createDirectory(
                        at: sweep.seedDirectory(seed), withIntermediateDirectories: true)
                    gate.wait()
                    do {
                        try AtomicFile.writeJSON(r, to: sweep.resultFile(seed))
                        try sweep.writeCSV()
                    } catch { failures.append(seed) }
                }.start()
            }
            for _ in 1...8 { gate.signal() }
            group.wait()
            #expect(failures.values.isEmpty, "round \(round)")
            let csv = try String(contentsOf: dir.appendingPathComponent("results.csv"), encoding: .utf8)
            #expect(csv.split(separator: "\n").count == 9, "round \(round): \(csv)")
            #expect(
                try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }.isEmpty)
        }
    }

    @Test(
        "status: done, running, failed (stopped, or a heartbeat gone stale) and missing; --only-missing takes the last two"
    )
    func status() throws {
        let dir = FilesAndErrorsTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sweep = Self.tinySweep(dir)
        try sweep.prepare(seeds: Array(1...6))
        #expect(try sweep.run(seeds: [1]) { _, _, _ in })
        let now = Date()
        var alive = SeedTask.current(now: now - 30), dead = SeedTask.current(now: now - SeedTask.staleAfter - 1),
            stopped = alive
        dead.clusterTask = "slurm 12_3"
        stopped.stopped = "interrupted"
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent(SeedTask.directory), withIntermediateDirectories: true)
        for (seed, task) in [(2, alive), (3, dead), (4, stopped)] {
            try AtomicFile.writeJSON(task, to: SeedTask.file(UInt64(seed), sweepDirectory: dir))
        }
        // Seed 5 left a run directory and nothing else; seed 6 never started.
        try FileManager.default.createDirectory(at: sweep.seedDirectory(5), withIntermediateDirectories: true)
        let seeds = try SweepStatus.seeds(in: dir, now: now)
        #expect(seeds.map(\.state.name) == ["done", "running", "failed", "failed", "failed", "missing"])
        #expect(seeds[1].state == .running(alive))
        #expect(SweepStatus.toRun(seeds) == [3, 4, 5, 6])
        let text = SweepStatus.text(seeds)
        #expect(text.hasPrefix("done     1  1\nrunning  1  2\nfailed   3  3-5\nmissing  1  6\n"))
        #expect(text.contains("seed 3: no heartbeat since ") && text.contains("from slurm 12_3"))
        #expect(text.contains("seed 4: interrupted\n") && text.contains("seed 5: stopped without a result\n"))
        // Asking for more attempts makes an unsuccessful done seed missing again.
        var more = sweep
        more.attempts = 2
        try more.prepare()
        #expect(try SweepStatus.seeds(in: dir, now: now).first?.state == .missing)
    }

    @Test(
        "a seed's marker: written when it starts, its heartbeat moved by each beat, the reason kept when it stops, gone when it is done"
    )
    func heartbeats() throws {
        let dir = FilesAndErrorsTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let beats = SeedHeartbeats(interval: 3600)
        let (one, two) = (SeedTask.file(1, sweepDirectory: dir), SeedTask.file(2, sweepDirectory: dir))
        try beats.started(one)
        try beats.started(two)
        let first = try AtomicFile.readJSON(SeedTask.self, from: one)
        #expect(first.pid == getpid() && first.host == SeedTask.hostName && first.stopped == nil)
        beats.beat()
        let later = try AtomicFile.readJSON(SeedTask.self, from: one)
        #expect(later.heartbeat > first.heartbeat && later.started == first.started)
        beats.stopped(one, because: "interrupted")
        beats.finished(two)
        beats.beat()
        #expect(try AtomicFile.readJSON(SeedTask.self, from: one).stopped == "interrupted")
        #expect(!FileManager.default.fileExists(atPath: two.path))
    }

    @Test("a second, different sweep on one directory is refused with nothing overwritten; more seeds join the plan")
    func twoSweepsOnOneDirectory() throws {
        let dir = FilesAndErrorsTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.tinySweep(dir).prepare(seeds: [1, 2, 3])
        let files = [Sweep.configFile, SweepPlan.fileName].map { dir.appendingPathComponent($0) }
        let before = try files.map { try Data(contentsOf: $0) }
        var otherRounds = Self.tinySweep(dir)
        otherRounds.pruneRounds = 8
        #expect(throws: BonsaiError.self) { try otherRounds.prepare(seeds: [9]) }
        let o3 = TransducerTasks.task(3)
        let otherObjective = Sweep(
            dir: dir, config: RunConfig(objective: o3.name, seed: 0, restarts: 0, threads: 1, training: o3.preset))
        #expect(throws: BonsaiError.self) { try otherObjective.prepare(seeds: [9]) }
        #expect(try files.map { try Data(contentsOf: $0) } == before)
        var more = Self.tinySweep(dir)
        more.attempts = 3
        try more.prepare(seeds: [7, 4])
        #expect(try SweepPlan.read(in: dir) == SweepPlan(seeds: "1-4,7", rounds: 0, attempts: 3))
    }

    @Test("a seed is its array task's id: seeds at or past MaxArraySize are refused")
    func arrayLimit() throws {
        try ClusterScripts.checkArray(Array(1...1000), maxArraySize: 1001)
        let e = try #require(throws: BonsaiError.self) { try ClusterScripts.checkArray([5, 1001], maxArraySize: 1001) }
        #expect(
            e.description.hasPrefix("--seeds: seed 1001 is past Slurm's array limit")
                && e.description.contains("--max-array-size"))
    }

    @Test("the Slurm task runs bonsai as the batch shell, warned by SIGINT a minute before its time limit")
    func slurmScriptSignalsBonsai() {
        let s = ClusterScripts.slurm(
            dir: "/shared/s", seeds: [1, 2], name: "dfsm-1", time: "30:00", partition: "short")
        #expect(s.contains("#SBATCH --time=30:00\n#SBATCH --signal=B:INT@60\n#SBATCH --partition=short\n"))
        #expect(s.contains("\nexec \"$BONSAI\" sweep --dir '/shared/s' --seeds \"$SLURM_ARRAY_TASK_ID\""))
    }

    /// The bad input of issue 23 through the built executable: one line naming the option or file, exit
    /// status 1 or 64, and the sweep directory as it was (absent, or byte for byte the same).
    @Test(
        "emit: too many seeds for the array, no sbatch, a refusing sbatch, a second sweep on the directory, --only-missing misused",
        .enabled(if: CLIErrorTests.executable != nil, "bonsai not built; skipped"))
    func badClusterInput() throws {
        let scratch = FilesAndErrorsTests.tempDir()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let emit = ["sweep", "--objective", "dfsm-4", "--preset", "--dir", "s", "--emit", "slurm"]
        func expectRefused(_ args: [String], _ mention: String, environment: [String: String]? = nil) throws {
            let r = try CLIErrorTests.bonsai(args, in: scratch, environment: environment)
            #expect(r.status == 1 || r.status == 64, "\(args): \(r.status) \(r.stderr)")
            #expect(
                r.stderr.hasPrefix("error: ") && r.stderr.filter { $0 == "\n" }.count == 1
                    && r.stderr.contains(mention), "\(args): \(r.stderr)")
        }
        try expectRefused(emit + ["--seeds", "1-2000"], "--seeds: seed 2000 is past Slurm's array limit")
        try expectRefused(
            emit + ["--seeds", "1-2", "--submit"], "--submit: sbatch not found", environment: ["PATH": scratch.path])
        try expectRefused(emit + ["--only-missing", "--seeds", "1-2"], "--only-missing")
        try expectRefused(emit + ["--only-missing"], "--only-missing: no sweep here yet")
        try expectRefused(emit + ["--seeds", "1-2", "--partition", "short # x"], "--partition")
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("s").path))

        let first = try CLIErrorTests.bonsai(emit + ["--seeds", "1-4"], in: scratch)
        #expect(first.status == 0 && first.stdout.contains("#SBATCH --array=1-4\n"), "\(first.stderr)")
        let dir = scratch.appendingPathComponent("s")
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map {
            try Data(contentsOf: dir.appendingPathComponent($0))
        }
        try expectRefused(
            ["sweep", "--objective", "dfsm-3", "--preset", "--dir", "s", "--emit", "slurm", "--seeds", "5-8"],
            "s/sweep.json: this sweep directory holds a sweep with other settings")
        try expectRefused(
            emit + ["--seeds", "5-8", "--rounds", "3"],
            "s/sweep-plan.json: this sweep directory was planned with --rounds 8")
        try expectRefused(["sweep", "status", scratch.path], "not a sweep directory")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map {
                try Data(contentsOf: dir.appendingPathComponent($0))
            } == before)
        let status = try CLIErrorTests.bonsai(["sweep", "status", "s"], in: scratch)
        #expect(status.status == 0 && status.stdout.hasPrefix("done     0\nrunning  0\nfailed   0\nmissing  4  1-4\n"))

        // An sbatch that refuses the job: its first error line, after the directory was prepared (the
        // tasks need sweep.json before any can start), so the corrected command goes on from there.
        let bin = scratch.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try
            "#!/bin/sh\ncat >/dev/null\necho 'sbatch: error: invalid partition specified: gpu' >&2\necho more >&2\nexit 1\n"
            .write(to: bin.appendingPathComponent("sbatch"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("sbatch").path)
        try expectRefused(
            emit + ["--seeds", "1-4", "--submit", "--partition", "gpu"],
            "bin/sbatch: exited with status 1: sbatch: error: invalid partition specified: gpu",
            environment: ["PATH": bin.path + ":/usr/bin:/bin"])
    }
}
