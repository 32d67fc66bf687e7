import Foundation
import Testing

@testable import Bonsai

/// A sink that keeps everything in memory.
final class MemorySink: TrainingSink {
    var rows: [MetricsRow] = []
    var messages: [String] = []
    var checkpoints: [Checkpoint] = []
    var bests: [Checkpoint] = []
    var stopAtStep: Int?
    var step = 0
    func shouldStop() -> Bool { stopAtStep.map { step >= $0 } ?? false }
    func record(_ row: MetricsRow) {
        rows.append(row)
        step = row.step + 1
    }
    func status(_ status: TrainingStatus) {}
    func message(_ text: String) { messages.append(text) }
    func saveCheckpoint(_ checkpoint: Checkpoint) throws { checkpoints.append(checkpoint) }
    func saveBest(_ checkpoint: Checkpoint) throws { bests.append(checkpoint) }
}

@Suite("Training")
struct TrainingTests {
    /// A small, quick configuration: two-ago solves in a few hundred steps.
    static func quick(steps: Int = 300) -> TrainingConfig {
        var c = TwoAgo().preset
        c.batchSize = 128
        c.maxSteps = steps
        c.validationSequences = 2000
        c.validateEvery = 20
        c.checkpointEvery = 50
        return c
    }

    @Test("same seed gives bit-identical parameters, whatever the thread count")
    func determinism() throws {
        let a = try Trainer(objective: TwoAgo(), config: Self.quick(steps: 40), seed: 9, threads: 1)
        let b = try Trainer(objective: TwoAgo(), config: Self.quick(steps: 40), seed: 9, threads: 2)
        _ = try a.run(MemorySink())
        _ = try b.run(MemorySink())
        #expect(a.network.parameters == b.network.parameters)
        let c = try Trainer(objective: TwoAgo(), config: Self.quick(steps: 40), seed: 10, threads: 2)
        _ = try c.run(MemorySink())
        #expect(c.network.parameters != a.network.parameters)
    }

    @Test("an interrupted run resumed from its checkpoint ends exactly like an uninterrupted one")
    func resumeIsExact() throws {
        let config = Self.quick(steps: 120)
        let full = try Trainer(objective: TwoAgo(), config: config, seed: 4, threads: 2)
        let fullSink = MemorySink()
        _ = try full.run(fullSink)

        let first = try Trainer(objective: TwoAgo(), config: config, seed: 4, threads: 2)
        let sink = MemorySink()
        sink.stopAtStep = 70
        #expect(try first.run(sink) == .interrupted)
        // Round-trip through JSON, as a real resume does.
        let data = try JSONEncoder().encode(sink.checkpoints.last!)
        let saved = try JSONDecoder().decode(Checkpoint.self, from: data)
        #expect(saved.training?.step == 70)
        let second = try Trainer(objective: TwoAgo(), config: config, seed: 4, threads: 1, resume: saved)
        let rest = MemorySink()
        _ = try second.run(rest)
        #expect(second.network.parameters == full.network.parameters)
        func timeless(_ rows: [MetricsRow]) -> [MetricsRow] {
            rows.map {
                var r = $0
                r.seconds = 0
                return r
            }
        }
        #expect(timeless(sink.rows + rest.rows) == timeless(fullSink.rows))
    }

    @Test("two-ago validates, then the shrinking phase keeps a smaller validated network")
    func solvesAndShrinks() throws {
        var config = Self.quick(steps: 1500)
        config.batchSize = 256
        config.patience = 1500
        let t = try Trainer(objective: TwoAgo(), config: config, seed: 1, threads: 2)
        let sink = MemorySink()
        #expect(try t.run(sink) == .solved)
        let solved = try #require(t.progress.solvedAtStep)
        let best = try #require(t.progress.bestWeightsAbove)
        let atSolve = sink.rows[solved].weightsAbove
        #expect(
            best < atSolve,
            "shrinking phase should find a smaller network than the first solution (\(best) vs \(atSolve))")
        // The best checkpoint really validates and has the recorded size.
        let net = try sink.bests.last!.network()
        #expect(net.weightsAbove(config.pruneThreshold) == best)
        let check = BatchRunner(objective: TwoAgo(), shape: net.shape, threads: 2, maxSteps: 40)
        #expect(check.validate(net, seed: 77, key: 0, sequences: 5000, length: 40).errors == 0)
        // Regularization loss falls during shrinking (the post's central observation).
        #expect(sink.rows.last!.regLoss < sink.rows[solved].regLoss)
    }

    @Test("a NaN loss restores the last good state, lowers the learning rate, and says so")
    func nanRecovery() throws {
        var config = Self.quick(steps: 60)
        config.learningRate = 1e30
        config.schedule = []
        let t = try Trainer(objective: TwoAgo(), config: config, seed: 2, threads: 1)
        let sink = MemorySink()
        #expect(throws: BonsaiError.self) { try t.run(sink) }
        #expect(sink.messages.contains { $0.contains("NaN") && $0.contains("lowered the learning rate") })
        #expect(t.progress.nanRecoveries == Trainer.maxNaNRecoveries)
        #expect(t.network.parameters.allSatisfy { $0.isFinite })
    }

    @Test("learning-rate and λ schedules compose multiplicatively from their step on")
    func schedule() {
        let s = ScheduleStep.driverDefault
        #expect(ScheduleStep.factors(s, at: 499) == (1, 1))
        #expect(ScheduleStep.factors(s, at: 500) == (0.8, 0.8))
        let (lr, lam) = ScheduleStep.factors(s, at: 3000)
        #expect(abs(lr - 0.8 * 0.6 * 0.5) < 1e-7 && abs(lam - 0.8 * 0.6) < 1e-7)
    }

    @Test("gradient clipping scales long gradients to the limit and leaves short ones alone")
    func clipping() {
        var g: [Float] = [3, 4]
        Trainer.clip(&g, to: 1)
        #expect(abs(g[0] - 0.6) < 1e-6 && abs(g[1] - 0.8) < 1e-6)
        var h: [Float] = [0.3, 0.4]
        Trainer.clip(&h, to: 1)
        #expect(h == [0.3, 0.4])
        var c = Self.quick()
        c.gradientClip = 0
        #expect(throws: BonsaiError.self) { try c.validate() }
    }

    @Test("Adam's first step moves each parameter by the learning rate against the gradient sign")
    func adam() {
        var a = Adam(count: 3)
        var p: [Float] = [1, 1, 1]
        a.update(&p, [0.5, -2, 0], learningRate: 0.1)
        #expect(abs(p[0] - 0.9) < 1e-6 && abs(p[1] - 1.1) < 1e-6 && p[2] == 1)
    }

    @Test("truncated Glorot init has the right scale and no value beyond 2σ")
    func initialization() throws {
        let shape = NetworkShape(inputSize: 10, cells: [CellShape(outputSize: 30, stateSize: 20)], outputSize: 1)
        let net = try Network(shape: shape, seed: 1)
        let k = net.layout.tensor(named: "cell0.outputKernel")!
        let v = net.values(k).map(Double.init)
        let sigma = (1 / (Double(k.rows + k.cols) / 2)).squareRoot() / 0.87962566103423978
        #expect(v.allSatisfy { abs($0) <= 2 * sigma })
        let std = (v.map { $0 * $0 }.reduce(0, +) / Double(v.count)).squareRoot()
        #expect(abs(std - (2 / Double(k.rows + k.cols)).squareRoot()) < 0.02)
    }
}
