import Foundation

/// `<dir>/sweep-plan.json`: the seeds a sweep directory was asked for, and the per-seed options that
/// sweep.json does not keep. `bonsai sweep status` needs the seeds to name the missing ones (a seed that
/// never started leaves no trace of its own); the rounds must match for every seed of one sweep, or the
/// report would mix two pruning budgets.
public struct SweepPlan: Codable, Sendable, Equatable {
    public static let fileName = "sweep-plan.json"

    /// Seeds as `SeedList.format` writes them: short even for a thousand seeds.
    public var seeds: String
    public var rounds: Int
    /// The largest --attempts asked for: raising it later is how a sweep trains more (docs/sweeps.md).
    public var attempts: Int
    /// Tasks each seed's race is spread over (`AttemptTasks`); nil: one. Every task of the sweep must
    /// split the race the same way, or two tasks would race the same entrants.
    public var attemptTasks: Int?

    public var seedList: [UInt64] { (try? SeedList.parse(seeds)) ?? [] }

    public static func read(in dir: URL) throws -> SweepPlan? {
        let url = dir.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let plan = try AtomicFile.readJSON(SweepPlan.self, from: url)
        do { _ = try SeedList.parse(plan.seeds) } catch let e as BonsaiError {
            throw BonsaiError.file(url.path, e.description)
        }
        return plan
    }

    /// The stored plan with `seeds` added, checked against `rounds`; written only when it changes, so the
    /// array tasks of a sweep (whose seeds are already planned) never rewrite it at once. Throws, writing
    /// nothing, when the directory was planned with other rounds.
    @discardableResult
    public static func record(
        seeds: [UInt64], rounds: Int, attempts: Int, attemptTasks: Int = 1, in dir: URL
    ) throws -> SweepPlan {
        let url = dir.appendingPathComponent(fileName)
        let stored = try read(in: dir)
        if let stored, stored.rounds != rounds {
            throw BonsaiError.file(
                url.path,
                "this sweep directory was planned with --rounds \(stored.rounds), not \(rounds); use another --dir")
        }
        if let stored, stored.attemptTasks ?? 1 != attemptTasks {
            throw BonsaiError.file(
                url.path,
                "this sweep directory was planned with --attempt-tasks \(stored.attemptTasks ?? 1), not \(attemptTasks); use another --dir"
            )
        }
        let all = (stored?.seedList ?? []) + seeds
        guard all.count <= SeedList.maxSeeds else {
            throw BonsaiError.file(
                url.path, "with these seeds the sweep would have more than \(SeedList.maxSeeds); use another --dir")
        }
        let plan = SweepPlan(
            seeds: SeedList.format(Array(Set(all))), rounds: rounds, attempts: max(attempts, stored?.attempts ?? 1),
            attemptTasks: attemptTasks > 1 ? attemptTasks : nil)
        if plan != stored { try AtomicFile.writeJSON(plan, to: url) }
        return plan
    }
}
