import Foundation

/// A growing seed's race spread over K tasks (`bonsai sweep --attempt-tasks K`, docs/cluster.md). Slot j
/// of seed s races the entrants whose admission index is ≡ j (mod K) (`GrowSlot`), one worker, in its own
/// race directory; the first slot whose race ends with the proven minimal machine writes a marker that
/// stops the others; the last slot to end (or any once the winner's has) writes the seed's result.
///
///     seed-s/slot-j/                    slot j's race (grow.json, attempts/; resumed as any race)
///     seed-s/slot-j/slot-result.json    how slot j's race ended (`SlotResult`), written once
///     seed-s/won.json                   the slot that found the minimal machine (`WinMarker`)
///     seed-s/sweep-result.json …        the best slot's result, its winner's run files copied up
///     tasks/seed-s-slot-j.json          slot j's heartbeat (`SeedTask`)
public enum AttemptTasks {
    /// The array task of slot `slot` of `seed`: seed·K + slot. Readable (with K = 10, task 71 is seed 7,
    /// slot 1) and independent of the other seeds, so a resubmission names the same tasks.
    public static func task(seed: UInt64, slot: Int, count: Int) -> UInt64 {
        seed &* UInt64(count) &+ UInt64(slot)
    }

    public static func seedAndSlot(task: UInt64, count: Int) -> (seed: UInt64, slot: Int) {
        (task / UInt64(count), Int(task % UInt64(count)))
    }

    /// Every slot's task of `seeds`, in order.
    public static func tasks(_ seeds: [UInt64], count: Int) -> [UInt64] {
        seeds.sorted().flatMap { s in (0..<count).map { task(seed: s, slot: $0, count: count) } }
    }

    /// Throws when the last slot's task of a seed is past the cluster's MaxArraySize.
    public static func checkArray(_ seeds: [UInt64], count: Int, maxArraySize: Int) throws {
        // (seed + 1)·K ≤ MaxArraySize, written so that no product overflows.
        guard let top = seeds.max(), top >= UInt64(max(0, maxArraySize)) / UInt64(count) else { return }
        throw BonsaiError(
            "--seeds: seed \(top) with --attempt-tasks \(count) is past Slurm's array limit (its tasks are seed·\(count) + slot, up to MaxArraySize − 1 = \(maxArraySize - 1)); "
                + "pass the cluster's --max-array-size (scontrol show config | grep MaxArraySize), sweep lower seeds or fewer --attempt-tasks"
        )
    }

    public static func slotDirectory(_ slot: Int, seedDirectory: URL) -> URL {
        seedDirectory.appendingPathComponent("slot-\(slot)")
    }

    /// Slot `slot`'s heartbeat, beside the seeds' own in `tasks/`.
    public static func taskFile(_ seed: UInt64, slot: Int, sweepDirectory: URL) -> URL {
        sweepDirectory.appendingPathComponent(SeedTask.directory).appendingPathComponent(
            "seed-\(seed)-slot-\(slot).json")
    }
}

/// `seed-s/won.json`: a slot's race ended with the proven minimal machine, so the other slots can stop
/// (nothing they find could beat it but by edges, and the race itself stops at its first minimal graph
/// too). Written after that slot's `SlotResult`, so whoever reads the marker finds the winner's result.
public struct WinMarker: Codable, Sendable, Equatable {
    public static let fileName = "won.json"
    public var slot: Int
    public var attempt: String

    public static func file(seedDirectory: URL) -> URL { seedDirectory.appendingPathComponent(fileName) }
}

/// Whether a seed's `WinMarker` exists, asked at every training step by a slot's race but looked up on
/// the shared file system at most once per `interval`: a thousand tasks polling a network file system
/// at every step would slow all of them.
final class WinWatcher: @unchecked Sendable {
    static let defaultInterval: TimeInterval = 3
    let file: URL
    let interval: TimeInterval
    private let lock = NSLock()
    private var lastLook = Date.distantPast
    private var found = false

    init(seedDirectory: URL, interval: TimeInterval = WinWatcher.defaultInterval) {
        file = WinMarker.file(seedDirectory: seedDirectory)
        self.interval = interval
    }

    /// True once the marker was seen; looks again only when the last look is `interval` old.
    var won: Bool {
        lock.withLock {
            let now = Date()
            if !found && now.timeIntervalSince(lastLook) >= interval {
                lastLook = now
                found = FileManager.default.fileExists(atPath: file.path)
            }
            return found
        }
    }

    /// Looks now, whatever the interval.
    var wonNow: Bool {
        lock.withLock {
            lastLook = Date()
            found = found || FileManager.default.fileExists(atPath: file.path)
            return found
        }
    }
}
