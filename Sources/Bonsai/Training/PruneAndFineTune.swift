import Foundation

/// Iterative magnitude pruning with fine-tuning, on the network itself (before it becomes a graph).
///
/// Each round removes as many of the smallest live parameters (weights, biases, initial states alike) as
/// it can while the network still validates — a bisection over how many go at once, then a few single
/// removals — and then runs a short shrinking phase with the removed parameters held at zero, so the rest
/// can take over their work and the next round finds more to remove. The checks are the batched
/// validation on fresh sequences each time; a round whose result fails it is undone.
public struct PruneAndFineTune {
    public let objective: any Objective
    public let config: TrainingConfig
    public let seed: UInt64
    public var rounds = 8
    public var fineTuneSteps = 600
    /// Sequences per check (twice the training length each). The full validation count by default: with
    /// fewer, candidates that pass the check often fail the final validation and the round is lost.
    public var checkSequences: Int
    /// Single-parameter removals tried per round after the bisection.
    public var singlesPerRound = 16
    public var log: (String) -> Void = { _ in }
    /// Polled before each round: once true, no further round starts (as `Pruning.shouldStop`).
    public var shouldStop: () -> Bool = { false }
    let runner: BatchRunner

    public init(objective: any Objective, config: TrainingConfig, seed: UInt64, threads: Int) {
        self.objective = objective
        self.config = config
        self.seed = seed
        checkSequences = config.validationSequences
        runner = BatchRunner(
            objective: objective,
            shape: config.shape(inputSize: objective.inputCount, outputSize: objective.outputCount),
            threads: threads, maxSteps: max(config.sequenceLength, config.resolvedValidationLength))
    }

    /// Returns the pruned network; its zero parameters are the removed ones.
    public func run(_ start: Network) -> Network {
        var net = start
        var checks = 0
        func validates(_ n: Network, sequences: Int) -> Bool {
            checks += 1
            return runner.validate(
                n, seed: seed, key: 1_000_000 + checks, sequences: sequences, length: config.resolvedValidationLength
            ).errors == 0
        }
        func live(_ n: Network) -> [Int] { n.parameters.indices.filter { n.parameters[$0] != 0 } }
        var lastGood = net
        for round in 0..<rounds where !shouldStop() {
            let before = live(net).count
            let order = live(net).sorted { abs(net.parameters[$0]) < abs(net.parameters[$1]) }
            func zeroed(_ k: Int) -> Network {
                var c = net
                for i in order.prefix(k) { c.parameters[i] = 0 }
                return c
            }
            var lo = 0, hi = order.count
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if validates(zeroed(mid), sequences: checkSequences) { lo = mid } else { hi = mid - 1 }
            }
            net = zeroed(lo)
            for i in order.dropFirst(lo).prefix(singlesPerRound) {
                var c = net
                c.parameters[i] = 0
                if validates(c, sequences: checkSequences) { net = c }
            }
            let pruned = live(net).count
            log("round \(round + 1): \(before) → \(pruned) nonzero parameters")
            if validates(net, sequences: config.validationSequences) { lastGood = net } else { net = lastGood }
            if round > 0, pruned == before { break }
            if round + 1 < rounds {
                if let tuned = fineTune(net, round: round), validates(tuned, sequences: checkSequences) {
                    net = tuned
                } else {
                    log("fine-tuning found no smaller network that validates")
                }
            }
        }
        return validates(net, sequences: config.validationSequences) ? net : lastGood
    }

    /// A shrinking phase with the zero parameters held at zero: training from the pruned network with the
    /// schedule's final learning rate and λ, keeping the smallest network that validates (nil if none).
    func fineTune(_ start: Network, round: Int) -> Network? {
        let (lrF, lamF) = ScheduleStep.factors(config.schedule, at: config.maxSteps)
        var c = config
        c.schedule = []
        c.learningRate *= lrF
        c.regularizer.lambda *= lamF
        c.maxSteps = fineTuneSteps
        c.patience = fineTuneSteps
        c.validateEvery = max(1, fineTuneSteps / 20)
        c.validationSequences = checkSequences
        c.checkpointEvery = fineTuneSteps + 1
        c.restartAfter = nil
        guard
            let trainer = try? Trainer(
                objective: objective, config: c, seed: seed &+ UInt64(1000 + round),
                threads: runner.threads, start: start)
        else { return nil }
        trainer.mask = start.parameters.map { $0 != 0 }
        let sink = BestKeeper()
        guard (try? trainer.run(sink)) != nil, let best = sink.best else { return nil }
        return try? best.network()
    }
}

/// Keeps the last "best" checkpoint a trainer reports; saves nothing.
final class BestKeeper: TrainingSink {
    var best: Checkpoint?
    func shouldStop() -> Bool { false }
    func record(_ row: MetricsRow) {}
    func status(_ status: TrainingStatus) {}
    func message(_ text: String) {}
    func saveCheckpoint(_ checkpoint: Checkpoint) throws {}
    func saveBest(_ checkpoint: Checkpoint) throws { best = checkpoint }
}
