import ArgumentParser
import Bonsai
import Foundation

/// Options shared by `train` and `demo`: the objective, the seed and overrides of its preset.
struct TrainingOptions: ParsableArguments {
    @Option(help: "The objective to learn (see `bonsai objectives`), or a spec file ending in .yaml/.yml.")
    var objective: String?
    @Option(
        help:
            "An objective spec file (YAML: a Mealy machine, a DFA acceptor or expressions; see docs/getting-started.md)."
    )
    var objectiveFile: String?
    @Option(help: "Random seed; the same seed gives the same run bit for bit (default 1; the demo's is 5).")
    var seed: UInt64?
    @Option(help: "Further seeds to try (seed+1, seed+2, …) when a seed does not solve within its step budget.")
    var restarts: Int = 0
    @Option(help: "Worker threads (results do not depend on it).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Cells as OUTPUTxSTATE, comma separated, e.g. 16x10,16x10.")
    var cells: String?
    @Option(
        help: "Activation: ameo (interpolated, F .5 L .1), ameo:F:L, hard-ameo, soft-ameo, tanh, sigmoid, relu, linear."
    )
    var activation: String?
    @Option(help: "Step budget.") var steps: Int?
    @Option(help: "Sequences per batch (a multiple of 16).") var batch: Int?
    @Option(help: "Training sequence length (validation uses twice this).") var length: Int?
    @Option(help: "Learning rate (before the schedule).") var lr: Float?
    @Option(help: "Regularizer intensity λ.") var lambda: Float?
    @Option(
        help: "Regularizer normalization per tensor: mean (as the original; the default) or sum (the demo's default).")
    var regNormalization: String?
    @Option(help: "Shrinking phase: stop after this many steps without a smaller validated network.") var patience: Int?
    @Option(help: "Weights with |w| at or below this count as pruned.") var pruneThreshold: Float?
    @Option(help: "Validation sequences.") var validationSequences: Int?
    @Option(help: "Validation sequence length (default: twice the training length).") var validationLength: Int?
    @Option(help: "Clip the loss gradient to this L2 norm (off unless the preset sets it).") var clipGradient: Float?
    @Option(
        help:
            "Add noise of this standard deviation to every neuron's input in training batches (never in validation), so states must hold with a margin (see docs/pipeline.md, Training noise)."
    ) var noise: Float?
    @Option(help: "The step the noise starts at (default: the step after the first validation).") var noiseFrom: Int?
    @Flag(
        help:
            "Feed back the sign of each state (exactly -1 or +1), with the gradient passed straight through: the network is a finite-state machine by construction (see docs/pipeline.md, Quantized states)."
    ) var quantizedStates = false
    @Option(
        help:
            "Before the first validation, start again from a fresh initialization of the same seed when the loss has not fallen by 10% in this many steps (0: never; see docs/pipeline.md, Plateau restarts)."
    )
    var restartAfter: Int?
    @Option(
        help:
            "Keep the regularizer off until the first validation, then raise it to full strength over this many steps.")
    var lambdaAfterValidation: Int?
    @Option(
        help:
            "Before the first validation, halve the learning rate when the loss has not fallen by 10% in this many steps."
    )
    var decayAfter: Int?
    @Option(
        help:
            "Schedule as STEP:LR_SCALE:LAMBDA_SCALE,… (from STEP on, the preset's learning rate and λ are multiplied by the scales; 'none' for a constant schedule)."
    )
    var schedule: String?
    @Option(help: "The grower's wall-clock budget: seconds, or with a unit (90s, 5m, 1h); default 5m.")
    var timeLimit: String?
    @Flag(
        help:
            "Train with the objective's fixed preset (the original single recipe) instead of growing. Any option that overrides a training setting implies it."
    )
    var preset = false
    @Flag(help: "Print only messages, no progress line.") var quiet = false

    /// The options that set a training setting of the fixed recipe.
    private var overrides: [String] {
        let given: [(String, Bool)] = [
            ("--cells", cells != nil), ("--activation", activation != nil), ("--steps", steps != nil),
            ("--batch", batch != nil),
            ("--length", length != nil), ("--lr", lr != nil), ("--lambda", lambda != nil),
            ("--reg-normalization", regNormalization != nil),
            ("--patience", patience != nil), ("--prune-threshold", pruneThreshold != nil),
            ("--validation-sequences", validationSequences != nil), ("--validation-length", validationLength != nil),
            ("--clip-gradient", clipGradient != nil), ("--noise", noise != nil), ("--noise-from", noiseFrom != nil),
            ("--restart-after", restartAfter != nil), ("--schedule", schedule != nil), ("--restarts", restarts != 0),
            ("--lambda-after-validation", lambdaAfterValidation != nil), ("--decay-after", decayAfter != nil),
            ("--quantized-states", quantizedStates),
        ]
        return given.filter(\.1).map(\.0)
    }

    /// True when the command grows (the default) rather than training one fixed recipe.
    var grows: Bool { !preset && overrides.isEmpty }

    /// `--time-limit` in seconds (default 5 minutes).
    func timeLimitSeconds() throws -> Double { try timeLimit.map(TimeLimit.seconds) ?? TimeLimit.defaultSeconds }

    /// The objective and its spec text, for the grower.
    func objectiveChoice() throws -> (objective: any Objective, spec: String?) {
        let o = try ObjectiveChoice.resolve(name: objective ?? BuiltinObjectives.defaultName, file: objectiveFile)
        return (o, (o as? TableObjective)?.specText)
    }

    func validate() throws {
        do {
            _ = try resolved()
            _ = try timeLimitSeconds()
            if timeLimit != nil && !grows {
                throw BonsaiError(
                    "--time-limit: applies to growing; with \(preset ? "--preset" : overrides.joined(separator: ", ")) the fixed recipe trains to its step budget (--steps)"
                )
            }
        } catch let e as BonsaiError { throw ValidationError(e.description) }
    }

    /// The preset of the objective with every given override applied, checked. `defaults` are what the
    /// command uses for options the user did not give.
    func resolved(defaultSeed: UInt64 = 1, defaultNormalization: String? = nil) throws -> RunConfig {
        let seed = self.seed ?? defaultSeed
        let regNormalization = self.regNormalization ?? defaultNormalization
        if objective != nil, objectiveFile != nil {
            throw BonsaiError("--objective and --objective-file: give one of them, not both")
        }
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
            guard let a = Activation(named: activation) else {
                throw BonsaiError("--activation: unknown activation '\(activation)'")
            }
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
        if quantizedStates { t.quantizedStates = true }
        if let restartAfter { t.restartAfter = PlateauRestart.window(restartAfter) }
        if let schedule { t.schedule = try ScheduleStep.parse(schedule) }
        if let lambdaAfterValidation { t.lambdaAfterValidation = lambdaAfterValidation }
        if let decayAfter { t.decayAfter = decayAfter }
        guard restarts >= 0 else { throw BonsaiError("--restarts: must be ≥ 0") }
        guard threads >= 1 else { throw BonsaiError("--threads: must be ≥ 1") }
        try RunConfig.checkLimits(restarts: restarts, threads: threads)
        try t.validate()
        return RunConfig(
            objective: o.name, seed: seed, restarts: restarts, threads: threads, training: t,
            objectiveSpec: (o as? TableObjective)?.specText)
    }
}

/// Prints how a run ended (with `say`, stdout by default) and returns the exit status: 0 solved, 1
/// unsolved, 130 interrupted.
func report(_ summary: RunSummary, dir: URL, say: (String) -> Void = { print($0) }) -> Int32 {
    switch summary.status {
    case .solved:
        say(
            "solved: \(summary.seedsSolved) of \(summary.seedsTried) seed(s); network: \(dir.appendingPathComponent("network.json").path)"
        )
        return 0
    case .interrupted:
        say("interrupted; checkpoint saved. Resume with: bonsai train --resume \(dir.path)")
        return 130
    default:
        say(
            "not solved: 0 of \(summary.seedsTried) seed(s) solved within their budget (try --restarts or --steps). Run: \(dir.path)"
        )
        return 1
    }
}

/// Prints how a race ended (with `say`, stdout by default) and returns the exit status: 0 a graph, 1
/// none, 130 interrupted.
func report(_ grow: GrowReport, dir: URL, say: (String) -> Void = { print($0) }) -> Int32 {
    switch grow.status {
    case .minimal, .graph:
        say(
            "grown: \(dir.path) (\(grow.status == .minimal ? "the minimal machine, proven" : "best graph within the time limit; not the proven minimal machine"))"
        )
        return 0
    case .growing:
        say("interrupted; every attempt saved. Resume with: bonsai train --resume \(dir.path)")
        return 130
    case .unsolved:
        say(
            "not solved: no attempt validated within \(ProgressPrinter.duration(grow.timeLimit)) (\(grow.admitted) attempts; try a longer --time-limit). Run: \(dir.path)"
        )
        return 1
    }
}

/// `--time-limit` values: seconds, or a number with s, m or h.
enum TimeLimit {
    static let defaultSeconds = 300.0

    static func seconds(_ text: String) throws -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var number = Substring(text), scale = 1.0
        if let last = number.last, let u = units[last] {
            scale = u
            number = number.dropLast()
        }
        guard let v = Double(number), v > 0, v.isFinite, v * scale <= 7 * 86_400 else {
            throw BonsaiError(
                "--time-limit: '\(text)' is not a positive duration of at most a week (e.g. 300, 90s, 5m, 1h)")
        }
        return v * scale
    }
}
