import ArgumentParser
import Bonsai
import Foundation

/// Options shared by `train` and `demo`: the objective, the seed and overrides of its preset.
struct TrainingOptions: ParsableArguments {
    @Option(help: "The objective to learn (see `bonsai objectives`), or a spec file ending in .yaml/.yml.")
    var objective: String?
    @Option(help: "An objective spec file (YAML: a Mealy machine, a DFA acceptor or expressions; see README).")
    var objectiveFile: String?
    @Option(help: "Random seed; the same seed gives the same run bit for bit (default 1; the demo's is 5).")
    var seed: UInt64?
    @Option(help: "Further seeds to try (seed+1, seed+2, …) when a seed does not solve within its step budget.")
    var restarts: Int = 0
    @Option(help: "Worker threads (results do not depend on it).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Cells as OUTPUTxSTATE, comma separated, e.g. 16x10,16x10.")
    var cells: String?
    @Option(help: "Activation: ameo (interpolated, F .5 L .1), ameo:F:L, hard-ameo, soft-ameo, tanh, sigmoid, relu, linear.")
    var activation: String?
    @Option(help: "Step budget.") var steps: Int?
    @Option(help: "Sequences per batch (a multiple of 16).") var batch: Int?
    @Option(help: "Training sequence length (validation uses twice this).") var length: Int?
    @Option(help: "Learning rate (before the schedule).") var lr: Float?
    @Option(help: "Regularizer intensity λ.") var lambda: Float?
    @Option(help: "Regularizer normalization per tensor: mean (as the original; the default) or sum (the demo's default).")
    var regNormalization: String?
    @Option(help: "Shrinking phase: stop after this many steps without a smaller validated network.") var patience: Int?
    @Option(help: "Weights with |w| at or below this count as pruned.") var pruneThreshold: Float?
    @Option(help: "Validation sequences.") var validationSequences: Int?
    @Option(help: "Validation sequence length (default: twice the training length).") var validationLength: Int?
    @Option(help: "Clip the loss gradient to this L2 norm (off unless the preset sets it).") var clipGradient: Float?
    @Option(help: "Add noise of this standard deviation to every neuron's input in training batches (never in validation), so states must hold with a margin (see README, Training noise).") var noise: Float?
    @Option(help: "The step the noise starts at (default: the step after the first validation).") var noiseFrom: Int?
    @Option(help: "Before the first validation, start again from a fresh initialization of the same seed when the loss has not fallen by 10% in this many steps (0: never; see README, Plateau restarts).")
    var restartAfter: Int?
    @Option(help: "Schedule as STEP:LR_SCALE:LAMBDA_SCALE,… (from STEP on, the preset's learning rate and λ are multiplied by the scales; 'none' for a constant schedule).")
    var schedule: String?
    @Flag(help: "Print only messages, no progress line.") var quiet = false

    func validate() throws {
        do { _ = try resolved() } catch let e as BonsaiError { throw ValidationError(e.description) }
    }

    /// The preset of the objective with every given override applied, checked. `defaults` are what the
    /// command uses for options the user did not give.
    func resolved(defaultSeed: UInt64 = 1, defaultNormalization: String? = nil) throws -> RunConfig {
        let seed = self.seed ?? defaultSeed
        let regNormalization = self.regNormalization ?? defaultNormalization
        if objective != nil, objectiveFile != nil { throw BonsaiError("--objective and --objective-file: give one of them, not both") }
        let o = try ObjectiveChoice.resolve(name: objective ?? BuiltinObjectives.defaultName, file: objectiveFile)
        var t = o.preset
        if let cells {
            t.cells = try cells.split(separator: ",", omittingEmptySubsequences: false).map { spec in
                let parts = spec.split(separator: "x", omittingEmptySubsequences: false)
                guard parts.count == 2, let out = Int(parts[0]), let st = Int(parts[1]) else {
                    throw BonsaiError("--cells: '\(spec)' is not OUTPUTxSTATE (e.g. 4x2)")
                }
                return .init(output: out, state: st)
            }
        }
        if let activation {
            guard let a = Activation(named: activation) else { throw BonsaiError("--activation: unknown activation '\(activation)'") }
            t.activation = a
        }
        if let steps { t.maxSteps = steps }
        if let batch { t.batchSize = batch }
        if let length { t.sequenceLength = length }
        if let lr { t.learningRate = lr }
        if let lambda { t.regularizer.lambda = lambda }
        if let regNormalization {
            guard let n = SparseRegularizer.Normalization(rawValue: regNormalization) else {
                throw BonsaiError("--reg-normalization: must be mean or sum")
            }
            t.regularizer.normalization = n
        }
        if let patience { t.patience = patience }
        if let pruneThreshold { t.pruneThreshold = pruneThreshold }
        if let validationSequences { t.validationSequences = validationSequences }
        if let validationLength { t.validationLength = validationLength }
        if let clipGradient { t.gradientClip = clipGradient }
        if let noise { t.noise = noise }
        if let noiseFrom { t.noiseFrom = noiseFrom }
        if let restartAfter { t.restartAfter = PlateauRestart.window(restartAfter) }
        if let schedule { t.schedule = try ScheduleStep.parse(schedule) }
        guard restarts >= 0 else { throw BonsaiError("--restarts: must be ≥ 0") }
        guard threads >= 1 else { throw BonsaiError("--threads: must be ≥ 1") }
        try RunConfig.checkLimits(restarts: restarts, threads: threads)
        try t.validate()
        return RunConfig(objective: o.name, seed: seed, restarts: restarts, threads: threads, training: t,
                         objectiveSpec: (o as? TableObjective)?.specText)
    }
}

/// Prints how a run ended and returns the exit status: 0 solved, 1 unsolved, 130 interrupted.
func report(_ summary: RunSummary, dir: URL) -> Int32 {
    switch summary.status {
    case "solved":
        print("solved: \(summary.seedsSolved) of \(summary.seedsTried) seed(s); network: \(dir.appendingPathComponent("network.json").path)")
        return 0
    case "interrupted":
        print("interrupted; checkpoint saved. Resume with: bonsai train --resume \(dir.path)")
        return 130
    default:
        print("not solved: 0 of \(summary.seedsTried) seed(s) solved within their budget (try --restarts or --steps). Run: \(dir.path)")
        return 1
    }
}
