import Foundation

/// `seed-s/slot-j/slot-result.json`: how one slot's race of a seed ended (`AttemptTasks`). Its presence
/// marks the slot done: a rerun of the slot only helps write the seed's result.
public struct SlotResult: Codable, Sendable, Equatable {
    public static let fileName = "slot-result.json"

    public enum End: String, Codable, Sendable {
        /// The race's own ends (`GrowReport.Status`).
        case minimal, graph, unsolved
        /// Stopped because another slot of the seed found the minimal machine (`WinMarker`).
        case stopped
    }

    public var slot: Int
    public var end: End
    /// The winning attempt, its run directory (relative to the slot's directory) and what pruning made
    /// of it.
    public var winner: String?
    public var winnerDirectory: String?
    public var outcome: GrowAttemptRecord.Outcome?
    /// The slot's race as a one-task seed's result (nil when stopped).
    public var result: SeedResult?
    /// Training steps of all the slot's attempts, and the race's time.
    public var trainSteps: Int
    public var seconds: Double

    public static func file(_ slot: Int, seedDirectory: URL) -> URL {
        AttemptTasks.slotDirectory(slot, seedDirectory: seedDirectory).appendingPathComponent(fileName)
    }

    /// The slot with the best outcome, ordered as within one race (`GrowAttemptRecord.Outcome.better`),
    /// the lower slot among equals; nil when no slot has a graph.
    public static func best(_ slots: [SlotResult]) -> SlotResult? {
        var best: SlotResult?
        for s in slots.sorted(by: { $0.slot < $1.slot }) {
            guard let o = s.outcome else { continue }
            if best.map({ o.better(than: $0.outcome!) }) ?? true { best = s }
        }
        return best
    }

    /// The seed's result from its slots: the best slot's, with the training steps of every slot. Its time
    /// is the winner's when that is the minimal machine (the seed was done then, as a whole race stops at
    /// its first minimal graph), else the longest slot's (the slots run side by side, and all had to end).
    /// nil when no slot has a result of its own (only stopped slots).
    public static func seedResult(_ slots: [SlotResult]) -> (result: SeedResult, from: SlotResult)? {
        guard let from = best(slots) ?? slots.sorted(by: { $0.slot < $1.slot }).first(where: { $0.result != nil })
        else { return nil }
        var r = from.result!
        r.trainSteps = slots.map(\.trainSteps).reduce(0, +)
        r.seconds = from.end == .minimal ? from.seconds : slots.map(\.seconds).max() ?? from.seconds
        r.trainSeconds = r.seconds
        return (r, from)
    }
}
