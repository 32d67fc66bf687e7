import Foundation

/// `bonsai sweep status DIR`: where each planned seed of a sweep stands, read from the shared directory
/// alone (no scheduler is asked: the same answer on a laptop, a login node or in a pod).
public enum SweepStatus {
    public enum State: Sendable, Equatable {
        /// A result that more attempts could not improve (`Sweep.isFinal`).
        case done
        /// A task's heartbeat is recent (`SeedTask.staleAfter`).
        case running(SeedTask)
        /// Started and stopped without a final result: an error, an interrupt, or a heartbeat gone stale.
        case failed(String)
        /// Never started, or more attempts were asked for than its result has.
        case missing

        public var name: String {
            switch self {
            case .done: "done"
            case .running: "running"
            case .failed: "failed"
            case .missing: "missing"
            }
        }
    }

    /// Every seed of the plan and every seed directory present, in order.
    public static func seeds(
        in dir: URL, now: Date = Date(), staleAfter: TimeInterval = SeedTask.staleAfter
    ) throws -> [(seed: UInt64, state: State)] {
        guard try Sweep.storedConfig(in: dir) != nil else {
            throw BonsaiError.file(dir.path, "not a sweep directory (no \(Sweep.configFile))")
        }
        let plan = try SweepPlan.read(in: dir)
        let present = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).compactMap { name in
            name.hasPrefix("seed-") ? UInt64(name.dropFirst(5)) : nil
        }
        let attempts = plan?.attempts ?? 1
        return Set((plan?.seedList ?? []) + present).sorted().map { seed in
            let seedDir = dir.appendingPathComponent("seed-\(seed)")
            let result = try? AtomicFile.readJSON(
                SeedResult.self, from: seedDir.appendingPathComponent(SeedResult.fileName))
            if let result, Sweep.isFinal(result, attempts: attempts) { return (seed, .done) }
            if let task = try? AtomicFile.readJSON(SeedTask.self, from: SeedTask.file(seed, sweepDirectory: dir)) {
                if let why = task.stopped { return (seed, .failed(why)) }
                if now.timeIntervalSince(task.heartbeat) <= staleAfter { return (seed, .running(task)) }
                let last = ISO8601DateFormatter().string(from: task.heartbeat)
                return (
                    seed,
                    .failed(
                        "no heartbeat since \(last) from \(task.clusterTask ?? "\(task.host) pid \(task.pid)") (killed: time limit, memory, node?)"
                    )
                )
            }
            if result != nil || !FileManager.default.fileExists(atPath: seedDir.path) { return (seed, .missing) }
            return (seed, .failed("stopped without a result"))
        }
    }

    /// Seeds a resubmission should run: without a final result and not running.
    public static func toRun(_ seeds: [(seed: UInt64, state: State)]) -> [UInt64] {
        seeds.filter { $0.state == .missing || $0.state.name == "failed" }.map(\.seed)
    }

    /// One line per state with the seeds in it, then a line per failed seed saying why.
    public static func text(_ seeds: [(seed: UInt64, state: State)]) -> String {
        var s = ""
        for name in ["done", "running", "failed", "missing"] {
            let these = seeds.filter { $0.state.name == name }.map(\.seed)
            s +=
                name.padding(toLength: 8, withPad: " ", startingAt: 0) + " \(these.count)"
                + (these.isEmpty ? "" : "  \(SeedList.format(these))") + "\n"
        }
        for (seed, state) in seeds {
            if case .failed(let why) = state { s += "seed \(seed): \(why)\n" }
            if case .running(let task) = state { s += "seed \(seed): running on \(task.clusterTask ?? task.host)\n" }
        }
        return s
    }
}
