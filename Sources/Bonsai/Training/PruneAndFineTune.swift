/// Iterative magnitude pruning with fine-tuning, on the network itself (before it becomes a graph).
///
/// Each round removes as many of the smallest live parameters (weights, biases, initial states alike) as
/// it can while the network still validates — a bisection over how many go at once, then a few single
/// removals — and then trains a few hundred steps with the removed parameters held at zero, so the rest
/// can take over their work and the next round finds more to remove. The checks are the fast batched
/// validation (fresh sequences each time); the final network passes the full validation.
public struct PruneAndFineTune {
    public let objective: any Objective
    public let config: TrainingConfig
    public let seed: UInt64
    public var rounds = 8
    public var fineTuneSteps = 300
    /// Sequences per quick check (twice the training length each).
    public var checkSequences = 4000
    /// Single-parameter removals tried per round after the bisection.
    public var singlesPerRound = 16
    public var log: (String) -> Void = { _ in }
    let runner: BatchRunner

    public init(objective: any Objective, config: TrainingConfig, seed: UInt64, threads: Int) {
        self.objective = objective
        self.config = config
        self.seed = seed
        runner = BatchRunner(objective: objective, shape: config.shape(inputSize: objective.inputCount, outputSize: objective.outputCount),
                             threads: threads, maxSteps: 2 * config.sequenceLength)
    }

    /// Returns the pruned network; its zero parameters are the removed ones.
    public func run(_ start: Network) -> Network {
        var net = start
        var checks = 0
        func validates(_ n: Network, sequences: Int) -> Bool {
            checks += 1
            return runner.validate(n, seed: seed, key: 1_000_000 + checks, sequences: sequences, length: 2 * config.sequenceLength).errors == 0
        }
        func live(_ n: Network) -> [Int] { n.parameters.indices.filter { n.parameters[$0] != 0 } }
        var lastGood = net
        for round in 0..<rounds {
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
                let tuned = fineTune(net, round: round)
                if validates(tuned, sequences: checkSequences) { net = tuned }
            }
        }
        return validates(net, sequences: config.validationSequences) ? net : lastGood
    }

    /// Trains with the zero parameters held at zero: their gradients and Adam moments stay zero.
    func fineTune(_ start: Network, round: Int) -> Network {
        var net = start
        let mask = net.parameters.map { $0 != 0 }
        var adam = Adam(count: net.parameters.count)
        var grad = [Float](repeating: 0, count: net.parameters.count)
        let (lrF, lamF) = ScheduleStep.factors(config.schedule, at: config.maxSteps)
        let trainer = try? Trainer(objective: objective, config: config, seed: seed, threads: 1)
        for i in 0..<fineTuneSteps {
            let step = 10_000_000 + round * fineTuneSteps + i
            _ = runner.lossAndGradient(net, seed: seed, step: step, batch: config.batchSize, length: config.sequenceLength, gradient: &grad)
            if let trainer { _ = trainer.regularize(&grad, of: net, lambdaScale: lamF) }
            for p in grad.indices where !mask[p] { grad[p] = 0 }
            guard grad.allSatisfy(\.isFinite) else { return start }
            adam.update(&net.parameters, grad, learningRate: config.learningRate * lrF)
            for p in net.parameters.indices where !mask[p] { net.parameters[p] = 0 }
        }
        return net
    }
}
