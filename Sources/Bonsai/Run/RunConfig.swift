import Foundation

/// The resolved configuration of a run, saved as `config.json` in its directory: enough to repeat or
/// resume it exactly.
public struct RunConfig: Codable, Sendable, Equatable {
    public static let format = "bonsai-run"
    public static let currentVersion = 1

    public var format: String = RunConfig.format
    public var version: Int = RunConfig.currentVersion
    public var objective: String
    /// The first seed; restarts use seed+1, seed+2, …
    public var seed: UInt64
    /// Further seeds to try when a seed does not solve within its budget.
    public var restarts: Int
    public var threads: Int
    public var training: TrainingConfig
    /// The text of the objective spec when the objective came from a file (`--objective-file`): later
    /// stages rebuild the objective from it, so a run directory stands on its own.
    public var objectiveSpec: String?
    /// When set, the run grows (`Grower`: a race of recipes and seeds within this many seconds) and
    /// `training` is only the objective's preset; nil: it trains `training` alone (`--preset`).
    public var timeLimit: Double?

    public init(
        objective: String, seed: UInt64, restarts: Int, threads: Int, training: TrainingConfig,
        objectiveSpec: String? = nil, timeLimit: Double? = nil
    ) {
        self.timeLimit = timeLimit
        self.objective = objective
        self.objectiveSpec = objectiveSpec
        self.seed = seed
        self.restarts = restarts
        self.threads = threads
        self.training = training
    }

    /// The objective of the run: the embedded spec, else the built-in of that name.
    public func makeObjective() throws -> any Objective {
        guard let objectiveSpec else { return try BuiltinObjectives.named(objective) }
        return try ObjectiveSpec.parse(objectiveSpec, file: "objectiveSpec", defaultName: objective)
    }

    public var seeds: [UInt64] { (0...UInt64(max(0, restarts))).map { seed &+ $0 } }

    public static func read(_ url: URL) throws -> RunConfig {
        try AtomicFile.checkHeader(url, format: format, version: currentVersion, kind: "run configuration")
        let c = try AtomicFile.readJSON(RunConfig.self, from: url)
        do {
            try c.training.validate()
            _ = try c.makeObjective()
            guard c.restarts >= 0, c.threads >= 1 else { throw BonsaiError("restarts must be ≥ 0 and threads ≥ 1") }
            if let t = c.timeLimit, !(t > 0 && t.isFinite) {
                throw BonsaiError("timeLimit must be a positive number of seconds")
            }
            try checkLimits(restarts: c.restarts, threads: c.threads)
        } catch let e as BonsaiError { throw BonsaiError.file(url.path, e.description) }
        return c
    }

    /// `seeds` lists restarts + 1 seeds and every thread gets a training workspace: both are bounded.
    public static func checkLimits(restarts: Int, threads: Int) throws {
        guard restarts < SizeLimits.seeds else {
            throw BonsaiError("--restarts: at most \(SizeLimits.seeds - 1) (got \(restarts))")
        }
        guard threads <= SizeLimits.threads else {
            throw BonsaiError("--threads: at most \(SizeLimits.threads) (got \(threads))")
        }
    }
}

/// `summary.json`: what happened to each seed, and which network the later stages use.
public struct RunSummary: Codable, Sendable, Equatable {
    public var objective: String
    public var status: TrainingResult
    public var seedsTried: Int
    public var seedsSolved: Int
    /// The seed whose smallest validated network is `network.json`.
    public var solvedSeed: UInt64?
    public var attempts: [Attempt]

    public struct Attempt: Codable, Sendable, Equatable {
        public var seed: UInt64
        public var result: TrainingResult
        public var steps: Int
        public var seconds: Double
        public var solvedAtStep: Int?
        public var solvedAtSeconds: Double?
        /// Weights above the pruning threshold in the smallest validated network, of `weightCount`.
        public var bestWeightsAbove: Int?
        public var bestStep: Int?
        public var weightCount: Int
        public var nanRecoveries: Int
        /// Plateau restarts within this seed (nil: none, or a summary from before they existed).
        public var plateauRestarts: Int?
    }
}
