import Foundation
import Testing

@testable import Bonsai

/// Sequences an exact check found a network wrong on (`TrainingProgress.replay`), and the tiles of
/// repeated patterns (`TrainingConfig.periodicPatterns`): both put what random sequences miss into
/// training and validation.
@Suite("Replayed sequences and repeated patterns")
struct ReplayTests {
    @Test("replayed sequences are deduplicated, cut to the capacity and capped in number")
    func adding() {
        var r: [[Int]] = []
        r = Replay.adding([1, 0, 1], to: r, capacity: 10)
        r = Replay.adding([1, 0, 1], to: r, capacity: 10)
        #expect(r == [[1, 0, 1]])
        r = Replay.adding(Array(repeating: 1, count: 50), to: r, capacity: 10)
        #expect(r.last!.count == 10)
        for i in 0..<100 {
            r = Replay.adding(
                [i % 2, i / 2 % 2, i / 4 % 2, i / 8 % 2, i / 16 % 2, i / 32 % 2, i / 64 % 2], to: r, capacity: 10)
        }
        #expect(r.count == Replay.maxCount)
        #expect(r.last == [1, 1, 0, 0, 0, 1, 1])  // i = 99: the newest stay
    }

    @Test("a checkpoint's replayed sequences must be ones the objective can produce")
    func untrusted() throws {
        // Balanced parentheses never closes (1) at depth 0.
        #expect(throws: BonsaiError.self) { try Replay.check([[0, 1, 1]], objective: BalancedParentheses()) }
        #expect(throws: BonsaiError.self) { try Replay.check([[]], objective: TwoAgo()) }
        #expect(throws: BonsaiError.self) { try Replay.check([[2]], objective: TwoAgo()) }
        #expect(throws: BonsaiError.self) {
            try Replay.check(Array(repeating: [1], count: Replay.maxCount + 1), objective: TwoAgo())
        }
        try Replay.check([[0, 1, 0]], objective: BalancedParentheses())
        var net = try Network(shape: TrainingTests.quick().shape(inputSize: 1, outputSize: 1), seed: 1)
        net.parameters[0] = 0.5
        var p = TrainingProgress(step: 0, adam: Adam(count: net.parameters.count))
        p.replay = [[2, 0]]
        #expect(throws: BonsaiError.self) {
            try Trainer(
                objective: TwoAgo(), config: TrainingTests.quick(), seed: 1, threads: 1,
                resume: Checkpoint(objective: "two-ago", network: net, training: p))
        }
    }

    @Test("validation counts the errors on replayed sequences")
    func validationIncludesReplay() throws {
        let config = TrainingTests.quick()
        let net = try Network(shape: config.shape(inputSize: 1, outputSize: 1), seed: 4)
        let plain = try Trainer(objective: TwoAgo(), config: config, seed: 1, threads: 1, start: net)
        // The untrained network's errors on one sequence of 30 steps, counted by the graph evaluator.
        let sequence = (0..<30).map { $0 % 3 == 0 ? 1 : 0 }
        let graph = Graph(network: net, objective: "two-ago")
        let outputs = GraphEvaluator(graph).trace(sequence).outputs
        let want = TwoAgo().outputs(for: sequence)
        let wrong = zip(outputs, want).filter { y, w in !((w & 1 == 1 ? y[0] : -y[0]) > 0) }.count
        var p = TrainingProgress(step: 0, adam: Adam(count: net.parameters.count))
        p.replay = [sequence]
        let replaying = try Trainer(
            objective: TwoAgo(), config: config, seed: 1, threads: 1,
            resume: Checkpoint(objective: "two-ago", network: net, training: p))
        let a = plain.validate(key: 7), b = replaying.validate(key: 7)
        // Every lane of the replay tile runs the sequence (then the continuation past the training length).
        #expect(b.outputs - a.outputs == laneCount * max(config.sequenceLength, sequence.count))
        #expect(b.errors - a.errors >= laneCount * wrong)
        #expect(wrong > 0)
    }

    @Test("repeated patterns repeat with a period of at most 4, and stay inside what the objective produces")
    func periodic() throws {
        let (T, lanes) = (24, 16)
        var x = [Float](repeating: 0, count: T * 2 * lanes), y = [Float](repeating: 0, count: T * lanes)
        var rng = Rng(seed: 5)
        let m = try RandomMachines.objective(.init(states: 3, inputs: 2, outputs: 1, seed: 1))
        m.generatePeriodic(length: T, lanes: lanes, using: &rng, inputs: &x, targets: &y)
        var periods = Set<Int>()
        for l in 0..<lanes {
            let symbols = (0..<T).map { t in (0..<2).reduce(0) { $0 | (x[(t * 2 + $1) * lanes + l] > 0 ? 1 << $1 : 0) }
            }
            let period = try #require((1...4).first { p in (p..<T).allSatisfy { symbols[$0] == symbols[$0 - p] } })
            periods.insert(period)
            let outputs = m.outputs(for: symbols)
            #expect((0..<T).allSatisfy { (y[$0 * lanes + l] > 0) == (outputs[$0] & 1 == 1) })
        }
        #expect(periods.count > 1)
        // Balanced parentheses: a pattern that would close at depth 0 gets a drawn symbol there instead.
        var bx = [Float](repeating: 0, count: T * lanes), by = bx
        BalancedParentheses().generatePeriodic(length: T, lanes: lanes, using: &rng, inputs: &bx, targets: &by)
        for l in 0..<lanes {
            let symbols = (0..<T).map { bx[$0 * lanes + l] > 0 ? 1 : 0 }
            #expect(throws: Never.self) { try Replay.check([symbols], objective: BalancedParentheses()) }
        }
    }

    @Test("training with replayed sequences and repeated patterns is reproducible from its seed")
    func reproducible() throws {
        var config = TrainingTests.quick(steps: 40)
        config.batchSize = 256  // 16 tiles: tile 7 repeats patterns, tile 15 replays
        config.periodicPatterns = true
        var p = TrainingProgress(step: 0, adam: Adam(count: 0))
        p.replay = [
            [
                1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0,
                1, 0, 1, 0, 1, 0, 1, 0, 1, 0,
            ]
        ]
        func train() throws -> [Float] {
            let net = try Network(shape: config.shape(inputSize: 1, outputSize: 1), seed: 2)
            p.adam = Adam(count: net.parameters.count)
            let t = try Trainer(
                objective: TwoAgo(), config: config, seed: 2, threads: 2,
                resume: Checkpoint(objective: "two-ago", network: net, training: p), replayCapacity: 100)
            _ = try t.run(MemorySink())
            return t.network.parameters
        }
        let a = try train()
        #expect(a == (try train()))
        config.periodicPatterns = false
        #expect(a != (try train()))
    }
}
