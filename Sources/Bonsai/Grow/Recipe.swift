/// A way of training a network, one entrant of the grower's race. Every recipe but `preset` is sized
/// from the program (`ProgramProfile`) and follows the original post's order: learn first with the
/// regularizer off, then sparsify once the network validates (`TrainingConfig.lambdaAfterValidation`),
/// with the learning rate halved on a plateau to close near misses (`decayAfter`). None restarts
/// itself: a stalled entrant is paused by the race and a fresh one takes its place.
public enum Recipe: String, Codable, Sendable, CaseIterable {
    /// The objective's own preset, unchanged (the fixed recipe of `--preset`); only entered when the
    /// objective has one of its own.
    case preset
    /// The hard Ameo: saturated neurons make discrete states, which pruning keeps exact.
    case hard
    /// The interpolated Ameo of the original implementation: smoother gradients, analog states.
    case ameo
    /// The hard Ameo with training noise from the first step: states must hold with a margin (the
    /// switcher's small proven graph and dfsm-9's proven counters came from noise; on a random 4-state
    /// machine it validated at step 1,700 against 4,338 without).
    case hardNoise = "hard-noise"
    /// The hard Ameo with quantized states (`TrainingConfig.quantizedStates`): the network is a
    /// finite-state machine by construction, so a validated one cannot drift, and its graph's exploration
    /// closes at once (a random 4-state machine: validated at step 4,854, proven the minimal machine after
    /// 21 s of pruning, where the other recipes' networks failed exact verification or stayed analog). It
    /// learns only some machines, and its graphs are large (docs/pipeline.md, Quantized states).
    case quantized

    /// Steps of the regularizer's rise after the first validation, and of a plateau before the learning
    /// rate halves.
    static let lambdaRamp = 500
    static let decayWindow = 1000
    /// Validation is the gate to pruning, whose exact verification is the judge; a third of the presets'
    /// 50,000 sequences makes the gate (and prune-and-fine-tune's checks, which use the same count) three
    /// times cheaper.
    static let validationSequences = 16_384
    /// Validation sequences at least this long: a network that validated on twice its training length (40
    /// steps) could still drift before the verifier's horizon (a random 4-state machine failed at step 87,
    /// beyond repair by re-encoding); a longer gate sends such a network back to training instead.
    static let validationLength = 100

    /// The training settings of this recipe at escalation `level`. `base` is the objective's preset: the
    /// grower keeps its sequence and validation lengths (the program's own time scale) and nothing else.
    public func config(_ profile: ProgramProfile, level: Int, base: TrainingConfig) -> TrainingConfig {
        if self == .preset { return base }
        var t = TrainingConfig(
            cells: [profile.cell(level: level, binary: self == .quantized)],
            activation: self == .ameo ? .interpolatedAmeo : .hardAmeo,
            regularizer: SparseRegularizer(lambda: 0.02), learningRate: 0.01, schedule: [],
            batchSize: 512, sequenceLength: base.sequenceLength, maxSteps: Grower.maxAttemptSteps,
            patience: 2000, validationSequences: Self.validationSequences,
            validationLength: max(base.resolvedValidationLength, Self.validationLength),
            lambdaAfterValidation: Self.lambdaRamp, decayAfter: Self.decayWindow, periodicPatterns: true)
        if self == .hardNoise { (t.noise, t.noiseFrom) = (0.1, 0) }
        if self == .quantized { t.quantizedStates = true }
        return t
    }
}
