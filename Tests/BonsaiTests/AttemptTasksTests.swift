import Foundation
import Testing

@testable import Bonsai

/// A growing seed's race spread over array tasks (`bonsai sweep --attempt-tasks K`, docs/cluster.md).
/// The real cluster runs in CI (.ci/slurm-sweeps); these check the same files without one.
@Suite struct AttemptTasksTests {
    /// A growing sweep with K slots per seed.
    static func growingSweep(_ dir: URL, objective: String, timeLimit: Double, slots: Int = 2) throws -> Sweep {
        let o = try BuiltinObjectives.named(objective)
        var sweep = Sweep(
            dir: dir,
            config: RunConfig(
                objective: o.name, seed: 0, restarts: 0, threads: 1, training: o.preset, timeLimit: timeLimit))
        sweep.attemptTasks = slots
        return sweep
    }

    @Test(
        "task id = seed·K + slot, both ways; the script runs --array-task; seeds whose tasks pass MaxArraySize are refused"
    )
    func taskMapping() throws {
        for k in 1...5 {
            for seed in UInt64(0)...40 {
                for slot in 0..<k {
                    let t = AttemptTasks.task(seed: seed, slot: slot, count: k)
                    let back = AttemptTasks.seedAndSlot(task: t, count: k)
                    #expect(back.seed == seed && back.slot == slot)
                }
            }
            let tasks = AttemptTasks.tasks(Array(1...40), count: k)
            #expect(Set(tasks).count == 40 * k && tasks == tasks.sorted())
        }
        try AttemptTasks.checkArray(Array(1...99), count: 10, maxArraySize: 1000)
        let e = try #require(throws: BonsaiError.self) {
            try AttemptTasks.checkArray([3, 100], count: 10, maxArraySize: 1000)
        }
        #expect(e.description.hasPrefix("--seeds: seed 100 with --attempt-tasks 10 is past Slurm's array limit"))
        let s = ClusterScripts.slurm(dir: "/shared/s", seeds: [5, 6], name: "one-ago", attemptTasks: 2)
        #expect(s.contains("#SBATCH --array=10-13\n"))
        #expect(s.contains("\nexec \"$BONSAI\" sweep --dir '/shared/s' --array-task \"$SLURM_ARRAY_TASK_ID\""))
        let resubmit = ClusterScripts.slurm(
            dir: "/shared/s", seeds: [5, 6], name: "one-ago", attemptTasks: 2, tasks: [11, 12])
        #expect(resubmit.contains("#SBATCH --array=11-12\n"))
    }

    @Test("the K slots of a race together admit every entrant of the whole race exactly once, in its order")
    func slotsPartitionTheEntrants() throws {
        let objectives: [any Objective] = [
            OneAgo(), try RandomMachines.objective(.init(states: 4, inputs: 1, outputs: 1, seed: 1)),
        ]
        for objective in objectives {
            let profile = try ProgramProfile.of(objective)
            func grower(_ slot: GrowSlot?) -> Grower {
                var r = GrowReport(
                    objective: objective.name, objectiveSpec: nil, seed: 7, timeLimit: 1, workers: 1, profile: profile)
                r.slot = slot
                return Grower(
                    root: URL(fileURLWithPath: "/nonexistent"), report: r, objective: objective,
                    printer: ProgressPrinter(mode: .quiet))
            }
            let whole = grower(nil)
            for k in 1...4 {
                let n = 12
                var seen = [String: Int]()
                for j in 0..<k {
                    let g = grower(GrowSlot(index: j, count: k))
                    for i in 0..<n {
                        let e = g.entrant(i)
                        #expect(e == whole.entrant(j + i * k))
                        seen[e.id, default: 0] += 1
                    }
                }
                #expect(seen.count == k * n && seen.values.allSatisfy { $0 == 1 })
                #expect(Set(seen.keys) == Set((0..<(k * n)).map { whole.entrant($0).id }))
            }
        }
    }

    @Test("the marker stops a slot: one that starts after it does not race, one racing stops within the interval")
    func markerStopsOtherSlots() throws {
        let dir = FilesAndErrorsTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The watcher looks at the file system at most once per interval.
        let seedDir = dir.appendingPathComponent("seed-9")
        try FileManager.default.createDirectory(at: seedDir, withIntermediateDirectories: true)
        let watcher = WinWatcher(seedDirectory: seedDir, interval: 0.2)
        #expect(!watcher.won)
        try AtomicFile.writeJSON(WinMarker(slot: 0, attempt: "x"), to: WinMarker.file(seedDirectory: seedDir))
        #expect(!watcher.won)
        Thread.sleep(forTimeInterval: 0.25)
        #expect(watcher.won)

        // A program that does not grow within seconds: only the marker ends its slots.
        let sweep = try Self.growingSweep(dir, objective: "random-6s2i2o-1", timeLimit: 120)
        try sweep.prepare(seeds: [1, 2])
        let marker = WinMarker.file(seedDirectory: sweep.seedDirectory(2))
        try FileManager.default.createDirectory(at: sweep.seedDirectory(2), withIntermediateDirectories: true)
        try AtomicFile.writeJSON(WinMarker(slot: 0, attempt: "x"), to: marker)
        guard case .ended(.none) = try sweep.runSlot(1, of: 2, stop: { false }) else {
            Issue.record("slot 1 of seed 2 did not end")
            return
        }
        let late = try AtomicFile.readJSON(
            SlotResult.self, from: SlotResult.file(1, seedDirectory: sweep.seedDirectory(2)))
        #expect(late.end == .stopped && late.trainSteps == 0)
        #expect(
            !FileManager.default.fileExists(
                atPath: AttemptTasks.slotDirectory(1, seedDirectory: sweep.seedDirectory(2))
                    .appendingPathComponent(GrowReport.fileName).path))

        let ended = Mutex_<Sweep.SlotRun?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            ended.values = try? sweep.runSlot(1, of: 1, stop: { false }, watchEvery: 0.2)
            done.signal()
        }.start()
        Thread.sleep(forTimeInterval: 1.5)
        let t0 = Date()
        try AtomicFile.writeJSON(
            WinMarker(slot: 0, attempt: "x"), to: WinMarker.file(seedDirectory: sweep.seedDirectory(1)))
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(Date().timeIntervalSince(t0) < 30)
        guard case .ended(.none) = ended.values else {
            Issue.record("slot 1 of seed 1: \(String(describing: ended.values))")
            return
        }
        let slotDir = AttemptTasks.slotDirectory(1, seedDirectory: sweep.seedDirectory(1))
        let report = try GrowReport.read(slotDir.appendingPathComponent(GrowReport.fileName))
        #expect(report.status == .growing && report.slot == GrowSlot(index: 1, count: 2))
        let r = try AtomicFile.readJSON(
            SlotResult.self, from: SlotResult.file(1, seedDirectory: sweep.seedDirectory(1)))
        #expect(r.end == .stopped && r.trainSteps > 0)
        // The winner's slot has no result yet: the seed waits for it.
        #expect(!FileManager.default.fileExists(atPath: sweep.resultFile(1).path))
    }

    /// Two slots end at the same moment, each writes its result (slot 0 also the marker: it found the
    /// minimal machine) and then the seed's result. Slot 1's graph is better (fewer edges); whichever
    /// order the writes land in, the seed's result and its graph must end up slot 1's.
    @Test("two slots ending at once, 20 times: one seed result, the better slot's, with its files")
    func twoSlotsAtOnce() throws {
        for round in 0..<20 {
            let dir = FilesAndErrorsTests.tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            var two = SweepClusterTests.tinySweep(dir)
            two.attemptTasks = 2
            let sweep = two, seedDir = sweep.seedDirectory(3)
            var slots = [SlotResult]()
            for (slot, edges) in [(0, 5), (1, 3)] {
                let attempt = AttemptTasks.slotDirectory(slot, seedDirectory: seedDir)
                    .appendingPathComponent("attempts/hard-L0-s\(slot)")
                try FileManager.default.createDirectory(at: attempt, withIntermediateDirectories: true)
                try "graph of slot \(slot)".write(
                    to: attempt.appendingPathComponent("graph.json"), atomically: true, encoding: .utf8)
                let outcome = GrowAttemptRecord.Outcome(
                    verification: "proven", states: 2, neurons: 2, edges: edges, machineStates: 2, minimal: true,
                    fittedAnew: false, problem: nil)
                var result = SweepAttemptTests.result(.solved, "proven", machine: 2, reference: 2, attempt: 1)
                (result.seed, result.edges) = (3, edges)
                slots.append(
                    SlotResult(
                        slot: slot, end: .minimal, winner: "hard-L0-s\(slot)",
                        winnerDirectory: "attempts/hard-L0-s\(slot)",
                        outcome: outcome, result: result, trainSteps: 100, seconds: Double(10 + slot)))
            }
            let gate = DispatchSemaphore(value: 0), group = DispatchGroup()
            let failures = Mutex_([UInt64]())
            for s in slots {
                group.enter()
                Thread {
                    defer { group.leave() }
                    gate.wait()
                    do {
                        try AtomicFile.writeJSON(s, to: SlotResult.file(s.slot, seedDirectory: seedDir))
                        if s.slot == 0 {
                            try AtomicFile.writeJSON(
                                WinMarker(slot: 0, attempt: s.winner!), to: WinMarker.file(seedDirectory: seedDir))
                        }
                        _ = try sweep.writeSlotsResult(3)
                    } catch { failures.append(UInt64(s.slot)) }
                }.start()
            }
            gate.signal()
            gate.signal()
            group.wait()
            #expect(failures.values.isEmpty, "round \(round)")
            let r = try AtomicFile.readJSON(SeedResult.self, from: sweep.resultFile(3))
            #expect(r.edges == 3 && r.trainSteps == 200 && r.seconds == 11, "round \(round)")
            let graph = try String(contentsOf: seedDir.appendingPathComponent("graph.json"), encoding: .utf8)
            #expect(graph == "graph of slot 1", "round \(round)")
            #expect(try SweepReport.results(in: [dir]).count == 1)
            #expect(
                try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }.isEmpty)
        }
    }

    @Test("status: a seed with a slot running is running, one with a slot stopped is failed, none started is missing")
    func statusWithSlots() throws {
        let dir = FilesAndErrorsTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var sweep = SweepClusterTests.tinySweep(dir)
        sweep.attemptTasks = 2
        try sweep.prepare(seeds: [1, 2, 3, 4])
        let now = Date()
        var stopped = SeedTask.current(now: now - 30)
        stopped.stopped = "interrupted"
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent(SeedTask.directory), withIntermediateDirectories: true)
        // Seed 1: slot 0 ended, slot 1 running. Seed 2: slot 0 interrupted, slot 1 never started. Seed 3:
        // nothing. Seed 4: both slots ended, its result not written (the writer was killed in between).
        let ended = SlotResult(
            slot: 0, end: .unsolved, winner: nil, winnerDirectory: nil, outcome: nil, result: nil, trainSteps: 1,
            seconds: 1)
        for (seed, slot) in [(1, 0), (4, 0), (4, 1)] {
            let file = SlotResult.file(slot, seedDirectory: sweep.seedDirectory(UInt64(seed)))
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.writeJSON(ended, to: file)
        }
        try AtomicFile.writeJSON(
            SeedTask.current(now: now - 30), to: AttemptTasks.taskFile(1, slot: 1, sweepDirectory: dir))
        try AtomicFile.writeJSON(stopped, to: AttemptTasks.taskFile(2, slot: 0, sweepDirectory: dir))
        let seeds = try SweepStatus.seeds(in: dir, now: now)
        #expect(seeds.map(\.state.name) == ["running", "failed", "missing", "failed"])
        #expect(seeds[1].state == .failed("slot 0: interrupted"))
        #expect(try SweepStatus.tasksToRun(in: dir, now: now) == [4, 5, 6, 7, 8])
    }

    @Test(
        "a growing sweep with 2 attempt tasks: an interrupted slot resumes, and the seed is proven, minimal and counted"
    )
    func realSweepWithTwoSlots() throws {
        let dir = FilesAndErrorsTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var sweep = try Self.growingSweep(dir, objective: "one-ago", timeLimit: 120)
        sweep.jobs = 2
        try sweep.prepare(seeds: [1])
        // Slot 0 (the preset, which wins one-ago) interrupted a few steps in, as by Slurm's SIGINT.
        let polls = Counter()
        guard case .interrupted = try sweep.runSlot(0, of: 1, stop: { polls.next() > 50 }) else {
            Issue.record("slot 0 was not interrupted")
            return
        }
        let slot0 = AttemptTasks.slotDirectory(0, seedDirectory: sweep.seedDirectory(1))
        let before = try GrowReport.read(slot0.appendingPathComponent(GrowReport.fileName))
        #expect(before.status == .growing && before.slot == GrowSlot(index: 0, count: 2))
        #expect(before.attempts.map(\.id) == ["preset-L0-s1"])

        let seen = Mutex_([UInt64]())
        #expect(try sweep.run(seeds: [1]) { r, _, _ in seen.append(r.seed) })
        #expect(seen.values == [1])
        let results = try SweepReport.results(in: [dir])
        #expect(results.count == 1)
        let r = try #require(results.first)
        #expect(r.status == .solved && r.verification == "proven" && r.minimalMachine == true)
        #expect(SweepReport.table(results).contains("| one-ago | 1 | 1/1 (100 %) | 1/1 (100 %) | 1/1 (100 %) |"))
        // The winner's run directory is the seed's, as for a one-task seed.
        let graph = try RunDirectory(sweep.seedDirectory(1)).readGraph()
        #expect(graph.size.edges == r.edges)
        #expect(try SweepStatus.seeds(in: dir).map(\.state) == [.done])
        let after = try GrowReport.read(slot0.appendingPathComponent(GrowReport.fileName))
        #expect(after.attempts.first?.steps ?? 0 > before.attempts.first?.steps ?? 0)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(SeedTask.directory).path)
                .isEmpty)
    }

    /// Through the built executable: one line naming the option, exit status 1 or 64, the directory as it
    /// was (absent, or byte for byte the same).
    @Test(
        "emit: K < 1, K > 1 on a fixed recipe, with --attempts or k8s, tasks past the array, another K on the directory",
        .enabled(if: CLIErrorTests.executable != nil, "bonsai not built; skipped"))
    func badInput() throws {
        let scratch = FilesAndErrorsTests.tempDir()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let emit = ["sweep", "--objective", "one-ago", "--time-limit", "20s", "--dir", "s", "--emit", "slurm"]
        func expectRefused(_ args: [String], _ mention: String) throws {
            let r = try CLIErrorTests.bonsai(args, in: scratch)
            #expect(r.status == 1 || r.status == 64, "\(args): \(r.status) \(r.stderr)")
            #expect(
                r.stderr.hasPrefix("error: ") && r.stderr.filter { $0 == "\n" }.count == 1
                    && r.stderr.contains(mention), "\(args): \(r.stderr)")
        }
        try expectRefused(emit + ["--seeds", "1-2", "--attempt-tasks", "0"], "--attempt-tasks: must be ≥ 1")
        try expectRefused(
            ["sweep", "--objective", "one-ago", "--preset", "--dir", "s", "--seeds", "1-2", "--attempt-tasks", "2"],
            "--attempt-tasks: applies to a growing sweep")
        try expectRefused(
            emit + ["--seeds", "1-2", "--attempt-tasks", "2", "--attempts", "2"], "--attempt-tasks: not with --attempts"
        )
        try expectRefused(
            [
                "sweep", "--objective", "one-ago", "--dir", "s", "--emit", "k8s", "--seeds", "1-2", "--attempt-tasks",
                "2",
            ],
            "--attempt-tasks: --emit k8s")
        try expectRefused(
            emit + ["--seeds", "1-500", "--attempt-tasks", "2"], "--seeds: seed 500 with --attempt-tasks 2 is past")
        try expectRefused(["sweep", "--dir", "s", "--array-task", "3", "--seeds", "1"], "--array-task")
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("s").path))

        let first = try CLIErrorTests.bonsai(emit + ["--seeds", "1-2", "--attempt-tasks", "2"], in: scratch)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("#SBATCH --array=2-5\n") && first.stdout.contains("'--attempt-tasks' '2'"))
        let dir = scratch.appendingPathComponent("s")
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map {
            try Data(contentsOf: dir.appendingPathComponent($0))
        }
        try expectRefused(
            emit + ["--seeds", "3", "--attempt-tasks", "3"],
            "s/sweep-plan.json: this sweep directory was planned with --attempt-tasks 2, not 3")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map {
                try Data(contentsOf: dir.appendingPathComponent($0))
            } == before)
        // The resubmission takes K from the plan.
        let again = try CLIErrorTests.bonsai(["sweep", "--dir", "s", "--emit", "slurm", "--only-missing"], in: scratch)
        #expect(again.status == 0 && again.stdout.contains("#SBATCH --array=2-5\n"), "\(again.stderr)")
    }
}
