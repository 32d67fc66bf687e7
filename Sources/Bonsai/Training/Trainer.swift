import Foundation

/// What a trainer reports and where it saves; the run directory and the terminal implement it.
public protocol TrainingSink: AnyObject {
    /// Polled once per step; true stops the run cleanly after saving a checkpoint (Ctrl-C).
    func shouldStop() -> Bool
    func record(_ row: MetricsRow)
    func status(_ status: TrainingStatus)
    func message(_ text: String)
    func saveCheckpoint(_ checkpoint: Checkpoint) throws
    /// A smaller network validated: the candidate the later stages start from.
    func saveBest(_ checkpoint: Checkpoint) throws
}

/// One row of the metrics log (docs/design.md §7).
public struct MetricsRow: Equatable, Sendable {
    public var step: Int
    public var baseLoss: Double
    public var regLoss: Double
    public var weightsAbove: Int
    public var validationAccuracy: Double?
    public var seconds: Double
    public var learningRate: Float
    public var lambda: Float

    public static let csvHeader = "step,base_loss,reg_loss,weights_above,val_accuracy,seconds,learning_rate,lambda"
    public var csv: String {
        let acc = validationAccuracy.map { String(format: "%.6f", $0) } ?? ""
        return "\(step),\(String(format: "%.6e", baseLoss)),\(String(format: "%.6e", regLoss)),\(weightsAbove),\(acc),"
            + "\(String(format: "%.3f", seconds)),\(learningRate),\(lambda)"
    }
}

/// A snapshot for progress display.
public struct TrainingStatus: Sendable {
    public var step: Int
    public var maxSteps: Int
    public var baseLoss: Double
    public var regLoss: Double
    public var weightsAbove: Int
    public var weightCount: Int
    public var solvedAtStep: Int?
    public var bestWeightsAbove: Int?
    public var bestStep: Int?
    public var patience: Int
    public var seconds: Double
}

public enum TrainingResult: String, Codable, Sendable { case solved, unsolved, interrupted }

/// Trains one network from one seed: Adam on MSE + sparse regularizer, validation once the batch is
/// error-free, then the *shrinking phase*: training goes on, and every time fewer weights stand above the
/// pruning threshold and the network still validates, that network becomes the best one. The run stops
/// when the best count has not improved for `patience` steps, or at the step budget.
public final class Trainer {
    public let objective: any Objective
    public let config: TrainingConfig
    public let seed: UInt64
    public private(set) var network: Network
    public private(set) var progress: TrainingProgress
    let runner: BatchRunner
    /// Parameters held at exactly zero (false entries), for fine-tuning a pruned network.
    public var mask: [Bool]?
    /// NaN recovery: give up after this many, each lowering the learning rate ×0.1.
    static let maxNaNRecoveries = 5

    /// `replayCapacity`: the longest replayed sequence a batch can hold (longer ones are cut to it).
    public init(
        objective: any Objective, config: TrainingConfig, seed: UInt64, threads: Int,
        resume: Checkpoint? = nil, replayCapacity: Int = 0
    ) throws {
        try config.validate()
        self.objective = objective
        self.config = config
        self.seed = seed
        let shape = config.shape(inputSize: objective.inputCount, outputSize: objective.outputCount)
        if let resume {
            guard resume.shape == shape else {
                throw BonsaiError("checkpoint: its network shape does not match the run's configuration")
            }
            network = try resume.network()
            guard let p = resume.training, p.adam.m.count == network.parameters.count else {
                throw BonsaiError("checkpoint: has no training state to resume from")
            }
            progress = p
        } else {
            network = try Network(shape: shape, seed: seed)
            progress = TrainingProgress(step: 0, adam: Adam(count: network.parameters.count))
        }
        let replay = progress.replay ?? []
        try Replay.check(replay, objective: objective)
        runner = BatchRunner(
            objective: objective, shape: shape, threads: threads,
            maxSteps: max(
                config.sequenceLength, config.resolvedValidationLength, replayCapacity,
                replay.map(\.count).max() ?? 0))
        runner.replay = replay
        runner.periodicPatterns = config.periodicPatterns ?? false
    }

    /// Continues training a given network from step 0 with fresh optimizer state (fine-tuning).
    public convenience init(
        objective: any Objective, config: TrainingConfig, seed: UInt64, threads: Int, start: Network
    ) throws {
        try self.init(
            objective: objective, config: config, seed: seed, threads: threads,
            resume: Checkpoint(
                objective: objective.name, network: start,
                training: TrainingProgress(step: 0, adam: Adam(count: start.parameters.count))))
    }

    /// The regularized tensors (kernels always; biases and initial states if configured).
    private var regularized: [ParameterLayout.Tensor] {
        network.layout.tensors.filter {
            $0.kind == .kernel || ($0.kind == .bias && config.regularizer.biases)
                || ($0.kind == .initialState && config.regularizer.initialStates)
        }
    }

    /// Σ P(W) over the regularized tensors, adding each gradient to `grad`.
    func regularize(_ grad: inout [Float], lambdaScale: Float) -> Double {
        var total = 0.0
        let tensors = regularized
        network.parameters.withUnsafeBufferPointer { p in
            grad.withUnsafeMutableBufferPointer { g in
                for t in tensors {
                    total += config.regularizer.accumulate(
                        p.baseAddress! + t.offset, g.baseAddress! + t.offset,
                        count: t.count, lambdaScale: lambdaScale)
                }
            }
        }
        return total
    }

    /// Validates the current network on fresh sequences of the validation length.
    public func validate(key: Int) -> (errors: Int, outputs: Int) {
        let random = runner.validate(
            network, seed: seed, key: key, sequences: config.validationSequences,
            length: config.resolvedValidationLength)
        let replayed = runner.validateReplay(network)
        return (random.errors + replayed.errors, random.outputs + replayed.outputs)
    }

    public func checkpoint() -> Checkpoint {
        Checkpoint(objective: objective.name, network: network, training: progress)
    }

    public func run(_ sink: TrainingSink) throws -> TrainingResult {
        let started = Date()
        let secondsBefore = progress.seconds
        func elapsed() -> Double { secondsBefore + Date().timeIntervalSince(started) }
        var lastGood = (network, progress)
        var grad = [Float](repeating: 0, count: network.parameters.count)
        let threshold = config.pruneThreshold, total = network.weightCount
        runner.abortsOnInterrupt = true

        while progress.step < config.maxSteps {
            if sink.shouldStop() {
                progress.seconds = elapsed()
                try sink.saveCheckpoint(checkpoint())
                return .interrupted
            }
            let step = progress.step
            let (lrFactor, scheduledLambda) = ScheduleStep.factors(
                config.schedule, at: step - (progress.plateau?.start ?? 0))
            let lambdaFactor = scheduledLambda * lambdaRamp(at: step)
            let lr = config.learningRate * lrFactor * progress.learningRateFactor * decayFactor
            let noise = noiseLevel(at: step)
            let (loss, errors) = runner.lossAndGradient(
                network, seed: seed, step: step, batch: config.batchSize,
                length: config.sequenceLength, noise: noise, gradient: &grad)
            if runner.lastBatchAborted {
                // Ctrl-C mid-batch: the step is discarded whole, so a resumed run repeats it exactly. A sink
                // that does not stop on Ctrl-C gets the step again, computed in full.
                if sink.shouldStop() {
                    progress.seconds = elapsed()
                    try sink.saveCheckpoint(checkpoint())
                    return .interrupted
                }
                runner.abortsOnInterrupt = false
                continue
            }
            if let clip = config.gradientClip { Self.clip(&grad, to: clip) }
            let reg = regularize(&grad, lambdaScale: lambdaFactor)
            if let mask { for p in grad.indices where !mask[p] { grad[p] = 0 } }
            guard loss.isFinite, reg.isFinite, grad.allSatisfy(\.isFinite) else {
                try recoverFromNaN(at: step, restoring: &lastGood, sink)
                continue
            }
            var stuck = false
            if progress.solvedAtStep == nil, mask == nil, let window = config.restartAfter {
                var watch = progress.plateau ?? .init()
                stuck = watch.observe(loss, at: step, window: window, budget: config.maxSteps)
                progress.plateau = watch
            }
            if progress.solvedAtStep == nil, mask == nil, let window = config.decayAfter {
                var watch = progress.decay ?? .init()
                if watch.observe(loss, at: step, window: window, budget: .max), watch.restarts < Self.maxDecays {
                    watch = watch.restarted(at: step)
                    sink.message(
                        String(
                            format: "step %d: the loss has not fallen by 10%% in %d steps (%.4g); learning rate ×%g",
                            step, window, loss, Double(decayFactor) / 2))
                }
                progress.decay = watch
            }
            let above = network.weightsAbove(threshold)
            var accuracy: Double?
            let sinceValidation = step - progress.lastValidationStep
            let smaller = progress.solvedAtStep != nil && above < (progress.bestWeightsAbove ?? .max)
            // A noisy batch can have sign errors that the noiseless network does not make, so under noise
            // validation also runs on schedule after a batch with errors.
            let due = sinceValidation >= config.validateEvery
            if errors == 0 && (due || smaller && sinceValidation >= max(1, config.validateEvery / 10))
                || noise > 0 && due
            {
                let v = validate(key: step)
                progress.lastValidationStep = step
                accuracy = 1 - Double(v.errors) / Double(v.outputs)
                if v.errors == 0 {
                    if progress.solvedAtStep == nil {
                        progress.solvedAtStep = step
                        progress.solvedAtSeconds = elapsed()
                        sink.message(
                            "step \(step): validation passed (\(config.validationSequences) sequences of length \(config.resolvedValidationLength)) with \(above) weights above \(threshold); shrinking"
                        )
                    }
                    // With noise, the first network validated after training under noise replaces the
                    // noiseless one found at the first validation, whatever its size: it is the robust kind.
                    let firstNoisy = noise > 0 && keepsNoiselessFallback && step > progress.solvedAtStep!
                    if above < progress.bestWeightsAbove ?? .max || firstNoisy {
                        progress.bestWeightsAbove = above
                        progress.bestStep = step
                        try sink.saveBest(Checkpoint(objective: objective.name, network: network, training: nil))
                    }
                }
            }
            progress.adam.update(&network.parameters, grad, learningRate: lr)
            if let mask { for p in mask.indices where !mask[p] { network.parameters[p] = 0 } }
            progress.step += 1
            let row = MetricsRow(
                step: step, baseLoss: loss, regLoss: reg, weightsAbove: above, validationAccuracy: accuracy,
                seconds: elapsed(), learningRate: lr, lambda: config.regularizer.lambda * lambdaFactor)
            sink.record(row)
            sink.status(
                TrainingStatus(
                    step: progress.step, maxSteps: config.maxSteps, baseLoss: loss, regLoss: reg,
                    weightsAbove: above, weightCount: total, solvedAtStep: progress.solvedAtStep,
                    bestWeightsAbove: progress.bestWeightsAbove, bestStep: progress.bestStep,
                    patience: config.patience, seconds: row.seconds))
            if stuck { try restart(sink) }
            if progress.step % config.checkpointEvery == 0 {
                progress.seconds = elapsed()
                try sink.saveCheckpoint(checkpoint())
                lastGood = (network, progress)
            }
            if let best = progress.bestStep, progress.step - best >= config.patience { break }
        }
        progress.seconds = elapsed()
        try sink.saveCheckpoint(checkpoint())
        if (config.noise ?? 0) > 0, keepsNoiselessFallback, let s = progress.solvedAtStep {
            sink.message(
                "no network validated under noise: kept the one that first validated (step \(s)), trained without noise; a smaller --noise may work"
            )
        }
        return progress.solvedAtStep == nil ? .unsolved : .solved
    }

    /// Learning-rate halvings on a plateau stop here (×1/64).
    static let maxDecays = 6

    /// The learning-rate factor of plateau decay: ½ per halving so far.
    var decayFactor: Float { Float(1) / Float(1 << min(progress.decay?.restarts ?? 0, Self.maxDecays)) }

    /// The regularizer's factor from `lambdaAfterValidation`: 0 before the first validation, then a
    /// linear rise to 1.
    func lambdaRamp(at step: Int) -> Float {
        guard let ramp = config.lambdaAfterValidation else { return 1 }
        guard let solved = progress.solvedAtStep else { return 0 }
        return Float(min(1, Double(step - solved) / Double(ramp)))
    }

    /// Replaces a network stuck on a loss plateau by a fresh initialization (`PlateauRestart`).
    private func restart(_ sink: TrainingSink) throws {
        let old = progress.plateau ?? .init()
        let watch = old.restarted(at: progress.step)
        network = try Network(shape: network.shape, seed: seed, attempt: watch.restarts)
        progress.adam = Adam(count: network.parameters.count)
        progress.plateau = watch
        let percent = Int(((1 - PlateauRestart.progressFactor) * 100).rounded())
        sink.message(
            String(
                format:
                    "step %d: the loss has not fallen by %d%% in %d steps (%.4g); restarting from a fresh initialization (restart %d)",
                progress.step, percent, config.restartAfter ?? 0, old.average ?? 0, watch.restarts))
    }

    /// Noise starts after the first validation and the best network is still the one validated then,
    /// trained without noise.
    private var keepsNoiselessFallback: Bool {
        config.noiseFrom == nil && progress.solvedAtStep != nil && progress.bestStep == progress.solvedAtStep
    }

    /// The training noise's standard deviation at `step` (`TrainingConfig.noise`, `noiseFrom`). It starts
    /// at full strength: a linear rise over 2,000 steps was tried and did no better (σ 0.1 on the switcher
    /// collapsed with it and did not without it; 0.15 to 0.3 collapsed either way).
    func noiseLevel(at step: Int) -> Float {
        guard let sigma = config.noise else { return 0 }
        if let from = config.noiseFrom { return step >= from ? sigma : 0 }
        return progress.solvedAtStep.map { step > $0 } == true ? sigma : 0
    }

    /// Scales `grad` down to L2 norm `limit` if it is longer.
    static func clip(_ grad: inout [Float], to limit: Float) {
        let norm = grad.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        guard norm > Double(limit) else { return }
        let s = Float(Double(limit) / norm)
        for i in grad.indices { grad[i] *= s }
    }

    /// Restores the last good state, lowers the learning rate and says so; gives up after a few tries.
    private func recoverFromNaN(
        at step: Int, restoring lastGood: inout (Network, TrainingProgress), _ sink: TrainingSink
    ) throws {
        let recoveries = progress.nanRecoveries + 1
        guard recoveries <= Self.maxNaNRecoveries else {
            throw BonsaiError(
                "training diverged: loss is NaN at step \(step) even after \(Self.maxNaNRecoveries) restarts from the last good checkpoint with a lower learning rate; try a smaller --lr"
            )
        }
        let factor = progress.learningRateFactor * 0.1
        (network, progress) = lastGood
        progress.learningRateFactor = factor
        progress.nanRecoveries = recoveries
        lastGood = (network, progress)
        sink.message(
            "step \(step): loss is NaN; restored step \(progress.step) and lowered the learning rate to \(config.learningRate * factor) (×\(factor))"
        )
    }
}
