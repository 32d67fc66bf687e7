import Foundation

/// `grow.json` in a grown run directory: the race as it stands (every attempt: recipe, seed, steps,
/// outcome) and which attempt won. Written after every rung, so an interrupted race resumes from it.
public struct GrowReport: Codable, Sendable, Equatable {
    public static let format = "bonsai-grow"
    public static let currentVersion = 1
    public static let fileName = "grow.json"

    public enum Status: String, Codable, Sendable {
        /// Still racing (or interrupted: `bonsai train --resume` continues it).
        case growing
        /// An attempt's graph is proven and is the minimal machine (proven, for objectives without one).
        case minimal
        /// Time ran out; the best graph found is not the minimal machine, or not proven.
        case graph
        /// No attempt validated within the time limit.
        case unsolved
    }

    public var format = GrowReport.format
    public var version = GrowReport.currentVersion
    public var objective: String
    public var objectiveSpec: String?
    public var seed: UInt64
    public var timeLimit: Double
    public var workers: Int
    public var profile: ProgramProfile
    public var status: Status = .growing
    /// Rungs completed, training time spent (all sessions), entrants admitted so far.
    public var rung = 0
    public var seconds = 0.0
    public var admitted = 0
    public var attempts: [GrowAttemptRecord] = []
    /// The attempt whose run directory the top-level files were copied from.
    public var winner: String?
    /// The share of the entrants this race runs when one seed's race is split over tasks; nil: all.
    public var slot: GrowSlot?

    public static func read(_ url: URL) throws -> GrowReport {
        try AtomicFile.checkHeader(url, format: format, version: currentVersion, kind: "grow report")
        let r = try AtomicFile.readJSON(GrowReport.self, from: url)
        guard r.timeLimit > 0, r.workers >= 1, r.attempts.count == r.admitted,
            r.slot?.isValid ?? true
        else {
            throw BonsaiError.file(url.path, "inconsistent grow report (time limit, workers, attempts or slot)")
        }
        return r
    }
}

/// One entrant of the race: a recipe at an escalation level with a training seed, trained in its own run
/// directory `attempts/<id>/`.
public struct GrowAttemptRecord: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        /// Still competing for training time.
        case racing
        /// Fell behind in a rung and stopped (its checkpoint stays).
        case paused
        /// Reached its step budget without validating.
        case exhausted
        /// Validated, shrank, and was pruned: `outcome` says what came of it.
        case pruned
    }

    public var id: String
    public var recipe: Recipe
    public var level: Int
    public var seed: UInt64
    public var cells: String
    public var state: State = .racing
    public var steps = 0
    /// Its length of training in the next rung (doubles each rung it survives).
    public var slice: Int
    /// The step its current rung trains to, while the rung runs (a resumed race ends the rung exactly
    /// where an uninterrupted one would).
    public var target: Int?
    /// The running training loss at the start and at the end of its last slice.
    public var lossBefore: Double?
    public var loss: Double?
    public var validatedAtStep: Int?
    /// Times its shrunk network failed the exact check and went back to training on the failing sequence.
    public var reopened: Int?
    public var seconds = 0.0
    public var outcome: Outcome?

    /// What pruning made of a validated attempt.
    public struct Outcome: Codable, Sendable, Equatable {
        public var verification: String
        public var states: Int
        public var neurons: Int
        public var edges: Int
        /// Distinct graph states the explanation reached (nil when they never close).
        public var machineStates: Int?
        /// Proven, and its machine has as many states as the minimal machine (proven, without one).
        public var minimal: Bool
        /// Every neuron was fitted anew on states cut to bits (not the network's own weights).
        public var fittedAnew: Bool
        public var problem: String?

        /// Orders outcomes: minimal, then proven, then checked; then fewer edges.
        func better(than o: Outcome) -> Bool {
            func rank(_ x: Outcome) -> Int {
                x.minimal ? 3 : x.verification == "proven" ? 2 : x.verification == "checked" ? 1 : 0
            }
            if rank(self) != rank(o) { return rank(self) > rank(o) }
            if fittedAnew != o.fittedAnew { return !fittedAnew }
            return edges < o.edges
        }
    }

    var directory: String { "attempts/\(id)" }
}
