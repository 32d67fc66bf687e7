/// Everything that defines how a network is trained. Objectives carry a default (their *preset*, taken
/// from the original settings, docs/design.md A.5); the command line overrides single fields; the
/// resolved value is saved in the run directory.
public struct TrainingConfig: Codable, Hashable, Sendable {
    /// (output size, state size) per cell.
    public var cells: [CellSize]
    public var activation: Activation
    /// nil: a post layer exactly when the last cell's output size differs from the objective's.
    public var postLayer: Bool?
    public var bias: Bool
    public var regularizer: SparseRegularizer
    public var learningRate: Float
    /// Multiplicative step changes of the learning rate and λ, applied from their step on.
    public var schedule: [ScheduleStep]
    public var batchSize: Int
    public var sequenceLength: Int
    /// The step budget: the run stops here at the latest.
    public var maxSteps: Int
    /// Shrinking phase stopping rule: stop when the smallest validated weight count has not improved
    /// for this many steps.
    public var patience: Int
    /// Weights with |w| at or below this count as pruned (the metric of the shrinking phase).
    public var pruneThreshold: Float
    /// Validation: this many fresh sequences of `validationLength`, zero sign errors to pass.
    public var validationSequences: Int
    /// Length of the validation sequences; nil: twice the training length. Objectives whose solutions are
    /// analog counters set it longer, so that the shrinking phase only keeps networks that do not drift
    /// before the verifier's 10× horizon.
    public var validationLength: Int?
    public var resolvedValidationLength: Int { validationLength ?? 2 * sequenceLength }
    /// Validation runs at most this often (and only when the training batch had no sign errors).
    public var validateEvery: Int
    public var checkpointEvery: Int
    /// When set, the loss gradient (before the regularizer) is scaled down to this L2 norm whenever it is
    /// larger. Off by default, as in the original; deep recurrent presets use it against rare blow-ups.
    public var gradientClip: Float?
    /// When set, training batches (never validation) add noise of this standard deviation to every cell
    /// neuron's pre-activation. A state that must survive noise cannot rely on a value that drifts; the
    /// hope is states held in the activation's flat ends, at exactly ±1. Measured so far (docs/pipeline.md, "Training
    /// noise"): smaller switcher graphs at σ 0.1 (analog until pruning re-encodes their states); collapse
    /// above it; from the first step, dfsm-9's counter verified and proven far more often (its preset).
    public var noise: Float?
    /// The step the noise starts at; nil: the step after the first validation. From step 0 it kept a
    /// 4×3 dfsm-1 cell from learning at all; the counting tasks' 8×4 cell learns under it.
    public var noiseFrom: Int?
    /// When set, a run that has not validated yet and whose loss (a running average) has not fallen by
    /// 10 % for this many steps starts again from a fresh initialization of the same seed, within the same
    /// step budget (`PlateauRestart`). Unsolved seeds mostly sit on such a plateau from step 1,000 on.
    public var restartAfter: Int?
    /// When set, the regularizer is off until the first validation and then rises linearly to full
    /// strength over this many steps: the original post's recipe (solve first, then sparsify), keyed to
    /// validation rather than to a step. Sparsity pressure from step 0 kept random machines from learning
    /// at all (a 4-state machine: never in 40,000 steps at λ 0.02, at step 519 with λ 0).
    public var lambdaAfterValidation: Int?
    /// When set, a run that has not validated and whose loss (a running average) has not fallen by 10 %
    /// for this many steps halves its learning rate (down to 1/64): the close-out of near misses that sit
    /// at a loss of 1e-3 with a few sign errors. `PlateauRestart` watches the same way; this responds by
    /// settling instead of starting over.
    public var decayAfter: Int?
    /// When true, one training and one validation sequence in eight repeats a random pattern of 1 to 4
    /// input symbols throughout (`BatchRunner.writePeriodic`): a network whose analog state drifts under
    /// a long run of one pattern fails validation instead of exact verification after it.
    public var periodicPatterns: Bool?
    /// When true, every cell feeds back the sign of its state tree (`CellShape.quantizedStates`): states
    /// are exactly ±1, so a network that validates cannot fail exact verification by drift, only by a
    /// wrong transition, and its graph's exploration closes at once.
    public var quantizedStates: Bool?

    public struct CellSize: Codable, Hashable, Sendable {
        public var output: Int
        public var state: Int
        public init(output: Int, state: Int) {
            self.output = output
            self.state = state
        }
    }

    public init(
        cells: [CellSize], activation: Activation = .interpolatedAmeo, postLayer: Bool? = nil,
        bias: Bool = true, regularizer: SparseRegularizer = .init(), learningRate: Float = 0.01,
        schedule: [ScheduleStep] = ScheduleStep.driverDefault, batchSize: Int = 1024,
        sequenceLength: Int = 20, maxSteps: Int = 5000, patience: Int = 3000,
        pruneThreshold: Float = 0.1, validationSequences: Int = 50_000, validationLength: Int? = nil,
        validateEvery: Int = 100, checkpointEvery: Int = 500, gradientClip: Float? = nil, noise: Float? = nil,
        noiseFrom: Int? = nil, restartAfter: Int? = nil, lambdaAfterValidation: Int? = nil, decayAfter: Int? = nil,
        periodicPatterns: Bool? = nil, quantizedStates: Bool? = nil
    ) {
        self.cells = cells
        self.activation = activation
        self.postLayer = postLayer
        self.bias = bias
        self.regularizer = regularizer
        self.learningRate = learningRate
        self.schedule = schedule
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.maxSteps = maxSteps
        self.patience = patience
        self.pruneThreshold = pruneThreshold
        self.validationSequences = validationSequences
        self.validationLength = validationLength
        self.validateEvery = validateEvery
        self.checkpointEvery = checkpointEvery
        self.gradientClip = gradientClip
        self.noise = noise
        self.noiseFrom = noiseFrom
        self.restartAfter = restartAfter
        self.lambdaAfterValidation = lambdaAfterValidation
        self.decayAfter = decayAfter
        self.periodicPatterns = periodicPatterns
        self.quantizedStates = quantizedStates
    }

    /// The network this config trains for an objective with the given sizes.
    public func shape(inputSize: Int, outputSize: Int) -> NetworkShape {
        NetworkShape(
            inputSize: inputSize,
            cells: cells.map {
                CellShape(
                    outputSize: $0.output, stateSize: $0.state, outputActivation: activation,
                    stateActivation: activation, bias: bias, quantizedStates: quantizedStates)
            },
            outputSize: outputSize, postLayer: postLayer)
    }

    /// Rejects values no run could use, and sizes beyond `SizeLimits` before anything is allocated;
    /// messages name the option.
    public func validate() throws {
        guard !cells.isEmpty, cells.allSatisfy({ $0.output >= 1 && $0.state >= 0 }) else {
            throw BonsaiError("--cells: each cell needs output ≥ 1 and state ≥ 0")
        }
        try validateSizes()
        guard batchSize >= 16, batchSize % 16 == 0 else {
            throw BonsaiError("--batch: must be a positive multiple of 16 (got \(batchSize))")
        }
        guard sequenceLength >= 1 else { throw BonsaiError("--length: must be ≥ 1") }
        guard learningRate > 0, learningRate.isFinite else { throw BonsaiError("--lr: must be a positive number") }
        guard maxSteps >= 1 else { throw BonsaiError("--steps: must be ≥ 1") }
        guard patience >= 1 else { throw BonsaiError("--patience: must be ≥ 1") }
        guard validationSequences >= 16 else { throw BonsaiError("--validation-sequences: must be ≥ 16") }
        if let v = validationLength, v < 1 { throw BonsaiError("--validation-length: must be ≥ 1") }
        guard validateEvery >= 1, checkpointEvery >= 1 else {
            throw BonsaiError("config: validateEvery and checkpointEvery must be ≥ 1")
        }
        guard pruneThreshold >= 0 else { throw BonsaiError("--prune-threshold: must be ≥ 0") }
        if let c = gradientClip, !(c > 0) { throw BonsaiError("--clip-gradient: must be > 0") }
        if let n = noise, !(n >= 0 && n.isFinite) { throw BonsaiError("--noise: must be a number ≥ 0") }
        if let n = noiseFrom, n < 0 { throw BonsaiError("--noise-from: must be ≥ 0") }
        if let n = restartAfter, n < 1 { throw BonsaiError("--restart-after: must be ≥ 1") }
        if let n = lambdaAfterValidation, n < 1 { throw BonsaiError("lambdaAfterValidation: must be ≥ 1") }
        if let n = decayAfter, n < 1 { throw BonsaiError("decayAfter: must be ≥ 1") }
        try regularizer.validate()
        for s in schedule where s.step < 0 || !(s.learningRateScale > 0) || !(s.lambdaScale >= 0) {
            throw BonsaiError("schedule: step \(s.step) needs step ≥ 0, learning-rate scale > 0 and λ scale ≥ 0")
        }
    }
}

extension TrainingConfig {
    /// The objectives' largest input and output sizes (spec files allow 8 bits each): the size limits
    /// are checked for the largest network this config could build.
    static let largestObjectiveBits = 8

    /// Cells, batch, lengths and validation against `SizeLimits`, in an order where no product overflows.
    func validateSizes() throws {
        let u = SizeLimits.unitsPerCell
        guard cells.count <= SizeLimits.cells else {
            throw BonsaiError("--cells: at most \(SizeLimits.cells) cells (got \(cells.count))")
        }
        for c in cells where c.output > u || c.state > u {
            throw BonsaiError(
                "--cells: \(c.output)x\(c.state) is too large; at most \(u) output and \(u) state units per cell")
        }
        let shape = self.shape(inputSize: Self.largestObjectiveBits, outputSize: Self.largestObjectiveBits)
        guard shape.parameterCount <= SizeLimits.parameters else {
            throw BonsaiError("--cells: \(shape.parameterCount) parameters; at most \(SizeLimits.parameters)")
        }
        guard batchSize <= SizeLimits.batch else {
            throw BonsaiError("--batch: at most \(SizeLimits.batch) (got \(batchSize))")
        }
        guard sequenceLength <= SizeLimits.sequenceLength else {
            throw BonsaiError("--length: at most \(SizeLimits.sequenceLength) (got \(sequenceLength))")
        }
        if let v = validationLength, v > SizeLimits.sequenceLength {
            throw BonsaiError("--validation-length: at most \(SizeLimits.sequenceLength) (got \(v))")
        }
        guard validationSequences <= SizeLimits.validationSequences else {
            throw BonsaiError(
                "--validation-sequences: at most \(SizeLimits.validationSequences) (got \(validationSequences))")
        }
        let steps = max(0, validationSequences) * max(0, resolvedValidationLength)  // both bounded above: no overflow
        guard steps <= SizeLimits.validationSteps else {
            throw BonsaiError(
                "--validation-sequences: \(validationSequences) sequences × length \(resolvedValidationLength) = \(steps) steps; at most \(SizeLimits.validationSteps)"
            )
        }
        let longest = max(sequenceLength, resolvedValidationLength)
        guard longest * shape.workspaceUnitsPerStep <= SizeLimits.workspaceLaneSteps else {
            throw BonsaiError(
                "--length: sequences of \(longest) steps through these cells need too much memory (length × units \(longest * shape.workspaceUnitsPerStep); at most \(SizeLimits.workspaceLaneSteps))"
            )
        }
    }

    /// A one-line warning when this config trains a network large enough to be slow; nil otherwise.
    public func slowWarning(inputSize: Int, outputSize: Int) -> String? {
        let n = shape(inputSize: inputSize, outputSize: outputSize).parameterCount
        guard n > SizeLimits.slowParameters else { return nil }
        return "warning: --cells: \(n) parameters (above \(SizeLimits.slowParameters)); training will be slow"
    }
}

/// From `step` on, the learning rate is multiplied by `learningRateScale` and λ by `lambdaScale`
/// (cumulatively with earlier entries).
public struct ScheduleStep: Codable, Hashable, Sendable {
    public var step: Int
    public var learningRateScale: Float
    public var lambdaScale: Float

    public init(step: Int, learningRateScale: Float, lambdaScale: Float) {
        self.step = step
        self.learningRateScale = learningRateScale
        self.lambdaScale = lambdaScale
    }

    /// The original driver's decays (docs/design.md A.5): ×0.8 at 500, ×0.6 at 1000 (both), lr ×0.5 at 2500.
    public static let driverDefault: [ScheduleStep] = [
        .init(step: 500, learningRateScale: 0.8, lambdaScale: 0.8),
        .init(step: 1000, learningRateScale: 0.6, lambdaScale: 0.6),
        .init(step: 2500, learningRateScale: 0.5, lambdaScale: 1),
    ]

    /// (learning-rate factor, λ factor) in force at `step`.
    /// Parses `STEP:LR_SCALE:LAMBDA_SCALE,…` (the `--schedule` option); "none" is the constant schedule.
    public static func parse(_ text: String) throws -> [ScheduleStep] {
        if text == "none" { return [] }
        return try text.split(separator: ",", omittingEmptySubsequences: false).map { item in
            let f = item.split(separator: ":", omittingEmptySubsequences: false)
            guard f.count == 3, let step = Int(f[0]), let lr = Float(f[1]), let lam = Float(f[2]) else {
                throw BonsaiError("--schedule: '\(item)' is not STEP:LR_SCALE:LAMBDA_SCALE (e.g. 3000:1:2)")
            }
            return ScheduleStep(step: step, learningRateScale: lr, lambdaScale: lam)
        }
    }

    public static func factors(_ schedule: [ScheduleStep], at step: Int) -> (Float, Float) {
        var lr: Float = 1, lambda: Float = 1
        for s in schedule where step >= s.step {
            lr *= s.learningRateScale
            lambda *= s.lambdaScale
        }
        return (lr, lambda)
    }
}
