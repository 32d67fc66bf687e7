import Foundation

/// A growing seed's race run as `attemptTasks` slots (`AttemptTasks`): one slot per call, from any task
/// on any machine sharing the sweep directory.
extension Sweep {
    /// What running one slot came to.
    enum SlotRun: Sendable {
        /// Stopped by `stop` (an interrupt): the slot's race resumes where it stopped.
        case interrupted
        /// The slot ended; the seed's result when this call wrote it (the seed may still wait for others).
        case ended(SeedResult?)
    }

    /// Runs (or resumes) slot `slot` of `seed` to its end, unless another slot's `WinMarker` stops it
    /// first; then writes the seed's result if every slot has ended, or the winner's has.
    func runSlot(
        _ slot: Int, of seed: UInt64, stop: @escaping @Sendable () -> Bool,
        watchEvery interval: TimeInterval = WinWatcher.defaultInterval
    ) throws -> SlotRun {
        let seedDir = seedDirectory(seed)
        let file = SlotResult.file(slot, seedDirectory: seedDir)
        if (try? AtomicFile.readJSON(SlotResult.self, from: file)) == nil {
            let url = AttemptTasks.slotDirectory(slot, seedDirectory: seedDir)
            let watcher = WinWatcher(seedDirectory: seedDir, interval: interval)
            var ended = SlotResult(
                slot: slot, end: .stopped, winner: nil, winnerDirectory: nil, outcome: nil, result: nil, trainSteps: 0,
                seconds: 0)
            if !watcher.wonNow {
                let report = try race(
                    url, seed: seed, slot: GrowSlot(index: slot, count: attemptTasks),
                    stop: { stop() || watcher.won })
                (ended.trainSteps, ended.seconds) = (report.attempts.map(\.steps).reduce(0, +), report.seconds)
                if report.status == .growing {
                    // Stopped: by the marker (the slot is done), or by an interrupt (it resumes).
                    guard watcher.wonNow else { return .interrupted }
                } else {
                    ended.end = SlotResult.End(rawValue: report.status.rawValue) ?? .unsolved
                    ended.result = seedResult(report, in: url, seed: seed)
                    if let w = report.attempts.first(where: { $0.id == report.winner }) {
                        (ended.winner, ended.winnerDirectory, ended.outcome) = (w.id, w.directory, w.outcome)
                    }
                }
            }
            do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
                throw BonsaiError.file(url.path, "cannot create: \(AtomicFile.reason(error))")
            }
            try AtomicFile.writeJSON(ended, to: file)
            // After the slot's result, so that whoever sees the marker finds the winner's result.
            let marker = WinMarker.file(seedDirectory: seedDir)
            if ended.end == .minimal, let w = ended.winner, !FileManager.default.fileExists(atPath: marker.path) {
                try AtomicFile.writeJSON(WinMarker(slot: slot, attempt: w), to: marker)
            }
        }
        return .ended(try writeSlotsResult(seed))
    }

    /// The seed's result from its slots, once every slot has ended or the winner's has: the best slot's
    /// result, with its winning attempt's run files copied up into the seed's directory as a one-task
    /// seed has them; nil while the seed still waits for a slot. Two slots may write at the same moment,
    /// each having seen other slots: as with results.csv, each writer scans the slots again after writing
    /// and writes again until nothing new appeared, so the last write is the best of every slot.
    func writeSlotsResult(_ seed: UInt64) throws -> SeedResult? {
        let seedDir = seedDirectory(seed)
        func scan() -> [SlotResult]? {
            let slots = (0..<attemptTasks).compactMap {
                try? AtomicFile.readJSON(SlotResult.self, from: SlotResult.file($0, seedDirectory: seedDir))
            }
            let winner = try? AtomicFile.readJSON(WinMarker.self, from: WinMarker.file(seedDirectory: seedDir))
            let ready = slots.count == attemptTasks || slots.contains { $0.slot == winner?.slot }
            return ready ? slots : nil
        }
        guard var slots = scan() else { return nil }
        while true {
            guard let (result, from) = SlotResult.seedResult(slots) else { return nil }
            if let d = from.winnerDirectory {
                let source = AttemptTasks.slotDirectory(from.slot, seedDirectory: seedDir).appendingPathComponent(d)
                try Grower.copyFiles(from: source, to: seedDir)
            }
            // Last: its presence marks the seed done.
            try AtomicFile.writeJSON(result, to: resultFile(seed))
            guard let again = scan(), again != slots else { return result }
            slots = again
        }
    }
}
