import Foundation

/// What one seed of a sweep produced: `seed-N/sweep-result.json` in the sweep directory. Its presence
/// marks the seed done (a resumed sweep skips it); `bonsai sweep report` aggregates these files.
public struct SeedResult: Codable, Sendable, Equatable {
    public static let fileName = "sweep-result.json"

    public enum Status: String, Codable, Sendable {
        /// Trained, pruned, and the graph passed verification.
        case solved
        /// Training did not validate within the step budget.
        case unsolved
        /// Trained, but pruning or verification failed.
        case failed
    }

    public var objective: String
    public var seed: UInt64
    public var status: Status
    /// proven | checked | failed, when the seed got as far as verification.
    public var verification: String?
    /// The pruned graph's size (solved seeds).
    public var states: Int?
    public var neurons: Int?
    public var edges: Int?
    public var parameters: Int?
    /// States of the objective's minimal machine, when the objective is a table.
    public var referenceMinimalStates: Int?
    /// States of the machine the graph implements before minimization: the distinct graph states `bonsai
    /// explain` reaches (nil when they never close). Results of sweeps before explain existed take the
    /// reachable (graph state, reference state) pairs of exact verification instead; with a minimal
    /// reference table (every suite; tests check it) the two counts are the same.
    public var machineStates: Int?
    /// The graph's machine has as few states as the objective's minimal machine.
    public var minimalMachine: Bool? {
        guard let machineStates, let referenceMinimalStates else { return nil }
        return machineStates == referenceMinimalStates
    }
    public var trainSteps: Int
    public var trainSeconds: Double
    public var pruneSeconds: Double
    /// Wall time of this seed in the sweep (training + pruning + verification).
    public var seconds: Double
    /// Why pruning failed, when it did.
    public var problem: String?
    /// Which training of the seed this result comes from, and how many ran (`Sweep.attempts`; nil in
    /// results written before attempts existed: one).
    public var attempt: Int?
    public var attempts: Int?
    /// Every neuron of the graph was fitted anew on states cut to bits (`Pruning.Report.fittedAnew`; nil in
    /// results from before it existed).
    public var fittedAnew: Bool?
    public var attemptsRun: Int {
        get { attempts ?? 1 }
        set { attempts = newValue }
    }

    public static let csvHeader =
        "objective,seed,status,verification,states,neurons,edges,parameters,reference_minimal_states,machine_states,minimal_machine,train_steps,train_seconds,prune_seconds,seconds,attempt,attempts,neurons_fitted_anew"

    public var csv: String {
        func o<T>(_ v: T?) -> String { v.map { "\($0)" } ?? "" }
        return [
            objective, "\(seed)", status.rawValue, o(verification), o(states), o(neurons), o(edges), o(parameters),
            o(referenceMinimalStates), o(machineStates), o(minimalMachine), "\(trainSteps)",
            String(format: "%.2f", trainSeconds),
            String(format: "%.2f", pruneSeconds), String(format: "%.2f", seconds), "\(attempt ?? 1)", "\(attemptsRun)",
            o(fittedAnew),
        ].joined(separator: ",")
    }
}
