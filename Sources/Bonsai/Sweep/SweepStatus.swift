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
        let attempts = plan?.attempts ?? 1, slots = plan?.attemptTasks ?? 1
        return Set((plan?.seedList ?? []) + present).sorted().map { seed in
            let seedDir = dir.appendingPathComponent("seed-\(seed)")
            let result = try? AtomicFile.readJSON(
                SeedResult.self, from: seedDir.appendingPathComponent(SeedResult.fileName))
            if let result, Sweep.isFinal(result, attempts: attempts) { return (seed, .done) }
            if slots > 1 {
                return (seed, seedState(slotStates(seed, in: dir, count: slots, now: now, staleAfter: staleAfter)))
            }
            if let state = taskState(SeedTask.file(seed, sweepDirectory: dir), now: now, staleAfter: staleAfter) {
                return (seed, state)
            }
            if result != nil || !FileManager.default.fileExists(atPath: seedDir.path) { return (seed, .missing) }
            return (seed, .failed("stopped without a result"))
        }
    }

    /// Running or failed, from a task's heartbeat file; nil without one.
    static func taskState(_ file: URL, now: Date, staleAfter: TimeInterval) -> State? {
        guard let task = try? AtomicFile.readJSON(SeedTask.self, from: file) else { return nil }
        if let why = task.stopped { return .failed(why) }
        if now.timeIntervalSince(task.heartbeat) <= staleAfter { return .running(task) }
        let last = ISO8601DateFormatter().string(from: task.heartbeat)
        return .failed(
            "no heartbeat since \(last) from \(task.clusterTask ?? "\(task.host) pid \(task.pid)") (killed: time limit, memory, node?)"
        )
    }

    /// Where each slot of a seed's race stands (`AttemptTasks`): done once its `SlotResult` is written.
    static func slotStates(
        _ seed: UInt64, in dir: URL, count: Int, now: Date, staleAfter: TimeInterval
    ) -> [State] {
        let seedDir = dir.appendingPathComponent("seed-\(seed)")
        return (0..<count).map { slot in
            if FileManager.default.fileExists(atPath: SlotResult.file(slot, seedDirectory: seedDir).path) {
                return .done
            }
            let task = AttemptTasks.taskFile(seed, slot: slot, sweepDirectory: dir)
            if let state = taskState(task, now: now, staleAfter: staleAfter) {
                if case .failed(let why) = state { return .failed("slot \(slot): \(why)") }
                return state
            }
            let slotDir = AttemptTasks.slotDirectory(slot, seedDirectory: seedDir)
            return FileManager.default.fileExists(atPath: slotDir.path)
                ? .failed("slot \(slot): stopped without a result") : .missing
        }
    }

    /// A seed without its result, from its slots: running while any slot runs, then failed, then missing;
    /// every slot done but no seed result (its writer was killed in between) is failed too.
    static func seedState(_ slots: [State]) -> State {
        if let running = slots.first(where: { $0.name == "running" }) { return running }
        if let failed = slots.first(where: { $0.name == "failed" }) { return failed }
        if slots.contains(.missing) { return .missing }
        return .failed("every slot ended but the seed's result was not written")
    }

    /// The array tasks a resubmission should run for a sweep with attempt tasks: the failed and missing
    /// slots of every seed to run (`toRun`); for a seed whose slots all ended, slot 0, which only writes
    /// the seed's result.
    public static func tasksToRun(
        in dir: URL, now: Date = Date(), staleAfter: TimeInterval = SeedTask.staleAfter
    ) throws -> [UInt64] {
        let count = try SweepPlan.read(in: dir)?.attemptTasks ?? 1
        return try toRun(seeds(in: dir, now: now, staleAfter: staleAfter)).flatMap { seed in
            let states = slotStates(seed, in: dir, count: count, now: now, staleAfter: staleAfter)
            let slots = states.indices.filter { states[$0] == .missing || states[$0].name == "failed" }
            return (slots.isEmpty ? [0] : slots).map { AttemptTasks.task(seed: seed, slot: $0, count: count) }
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
