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
        let script = ClusterScripts.slurm(dir: "/shared/it's here", seeds: [1, 2, 3, 10], name: "dfsm-1")
        #expect(script.contains("#SBATCH --array=1-3,10\n"))
        #expect(script.contains("--seeds \"$SLURM_ARRAY_TASK_ID\""))
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
        let text = ClusterScripts.kubernetes(dirName: "sweep-dfsm-1", seeds: 11...30, name: "dfsm-1", image: "me/bonsai:1",
                                             claim: "shared", parallelism: 8)
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
        #expect(command.contains("--seeds $((JOB_COMPLETION_INDEX + 11))") && command.contains("--dir '/results/sweep-dfsm-1'"))
        let claim = (((pod["volumes"] as? [[String: Any]])?.first)?["persistentVolumeClaim"] as? [String: Any])?["claimName"]
        #expect(claim as? String == "shared")
    }

    /// Built-in objectives (not tables) know their minimal machine too, so a sweep's "minimal machine"
    /// column is filled for them (balanced-parentheses: 9 states).
    @Test func builtinObjectivesReportTheirMinimalMachine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonsai-sweep-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var t = BalancedParentheses().preset
        (t.maxSteps, t.batchSize, t.sequenceLength) = (2, 16, 4)
        var sweep = Sweep(dir: dir, config: RunConfig(objective: "balanced-parentheses", seed: 0, restarts: 0, threads: 1, training: t))
        sweep.pruneRounds = 0
        #expect(try sweep.run(seeds: [1]) { _, _, _ in })
        #expect(try SweepReport.results(in: [dir]).map(\.referenceMinimalStates) == [9])
    }

    /// A two-seed sweep with a budget too small to solve (pruning takes seconds; the CLI sweeps of the
    /// README cover it): results, CSV, skipped on resume, aggregated by report.
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
        let other = Sweep(dir: dir, config: RunConfig(objective: "dfsm-3", seed: 0, restarts: 0, threads: 1, training: t))
        #expect(throws: BonsaiError.self) { try other.prepare() }
        #expect(SweepReport.table(results).contains("| dfsm-4 | 2 |"))
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
