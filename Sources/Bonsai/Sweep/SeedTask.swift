import Foundation

/// `tasks/seed-N.json` in the sweep directory: a seed being worked on, by whom, and how recently it was
/// seen alive; removed when its result lands. Beside the seed's run directory, not in it: training
/// refuses to start in a directory that exists. A task killed by its cluster (time limit, memory, a lost node) cannot say so,
/// so `bonsai sweep status` tells "running" from "died" by the heartbeat's age.
public struct SeedTask: Codable, Sendable, Equatable {
    public static let directory = "tasks"
    /// How often a running sweep rewrites its tasks' heartbeats.
    public static let heartbeatInterval: TimeInterval = 60
    /// A heartbeat older than this: the task is gone (five missed beats, room for clocks a little apart).
    public static let staleAfter: TimeInterval = 300

    public var host: String
    public var pid: Int32
    /// The Slurm array task (`JOB_TASK`) or Kubernetes pod, when the task runs on a cluster.
    public var clusterTask: String?
    public var started: Date
    public var heartbeat: Date
    /// Why the task stopped without a result (an error, or "interrupted").
    public var stopped: String?

    public static func file(_ seed: UInt64, sweepDirectory: URL) -> URL {
        sweepDirectory.appendingPathComponent(directory).appendingPathComponent("seed-\(seed).json")
    }

    /// A task of this process, starting now.
    public static func current(now: Date = Date()) -> SeedTask {
        let env = ProcessInfo.processInfo.environment
        let slurm = env["SLURM_ARRAY_JOB_ID"].flatMap { job in env["SLURM_ARRAY_TASK_ID"].map { "slurm \(job)_\($0)" } }
        let k8s = env["JOB_COMPLETION_INDEX"].map { "k8s \(env["HOSTNAME"] ?? "pod") index \($0)" }
        return SeedTask(
            host: hostName, pid: getpid(), clusterTask: slurm ?? k8s, started: now, heartbeat: now, stopped: nil)
    }

    /// The kernel's host name: ProcessInfo's asks the resolver, which can hang on a node with bad DNS.
    static var hostName: String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "unknown" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The heartbeats of the seeds a sweep is running: a marker per seed, rewritten every
/// `SeedTask.heartbeatInterval` by one timer, and replaced by the result or by why it stopped.
final class SeedHeartbeats: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [URL: SeedTask] = [:]
    private let timer: DispatchSourceTimer

    init(interval: TimeInterval = SeedTask.heartbeatInterval) {
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.beat() }
        timer.resume()
    }

    deinit { timer.cancel() }

    func started(_ file: URL) throws {
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw BonsaiError.file(file.deletingLastPathComponent().path, "cannot create: \(AtomicFile.reason(error))")
        }
        let task = SeedTask.current()
        try AtomicFile.writeJSON(task, to: file)
        lock.withLock { running[file] = task }
    }

    /// The seed's result is written: its marker goes.
    func finished(_ file: URL) {
        lock.withLock {
            running[file] = nil
            try? FileManager.default.removeItem(at: file)
        }
    }

    /// The seed stopped without a result: the marker says why, and no longer beats.
    func stopped(_ file: URL, because reason: String) {
        lock.withLock {
            guard var task = running.removeValue(forKey: file) else { return }
            task.stopped = reason
            try? AtomicFile.writeJSON(task, to: file)
        }
    }

    func beat() {
        lock.withLock {
            let now = Date()
            for (file, var task) in running {
                task.heartbeat = now
                running[file] = task
                // A beat lost to a full disk or a flaky share is retried at the next one.
                try? AtomicFile.writeJSON(task, to: file)
            }
        }
    }
}
