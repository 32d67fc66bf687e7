import Foundation
import Testing

@testable import Bonsai

@Suite("Plateau restarts")
struct PlateauRestartTests {
    @Test("a flat loss asks for a restart exactly `window` steps after its last progress, while budget remains")
    func flatLossRestarts() {
        var w = PlateauRestart.Watch()
        var asked: [Int] = []
        for step in 0..<200 where w.observe(0.5, at: step, window: 30, budget: 200) { asked.append(step) }
        // The running average settles over the first 100 steps (each counts as progress), so the mark is
        // set at step 99 and never beaten; from step 129 on the run is stuck, until fewer than 30 steps of
        // the budget remain (step 170).
        #expect(asked.first == 129)
        #expect(asked.last == 170)
        #expect(w.restarted(at: 31).restarts == 1)
        #expect(w.restarted(at: 31).start == 31)
    }

    @Test("a loss that keeps falling by more than 10 % per window is never restarted")
    func progressNeverRestarts() {
        var w = PlateauRestart.Watch()
        var loss = 2.0
        var asked = 0
        for step in 0..<5000 {
            if w.observe(loss, at: step, window: 200, budget: 5000) { asked += 1 }
            loss *= 0.9993  // about −13 % per 200 steps
        }
        #expect(asked == 0)
    }

    @Test("a run that cannot learn restarts from fresh initializations, deterministically and resumably")
    func trainerRestarts() throws {
        var config = TrainingTests.quick(steps: 480)
        config.learningRate = 1e-9  // nothing moves: a plateau from the first step
        config.schedule = []
        config.restartAfter = 25
        let t = try Trainer(objective: TwoAgo(), config: config, seed: 3, threads: 1)
        let sink = MemorySink()
        #expect(try t.run(sink) == .unsolved)
        let watch = try #require(t.progress.plateau)
        // Each start settles for 100 steps and is then stuck for 25: restarts after steps 124, 249 and 374;
        // the fourth would come at step 499, past the budget.
        #expect(watch.restarts == 3)
        #expect(watch.start == 375)
        #expect(sink.messages.filter { $0.contains("restarting from a fresh initialization") }.count == 3)
        // With a learning rate of 1e-9 the network is still (to float precision) the third fresh one.
        let fresh = try Network(shape: t.network.shape, seed: 3, attempt: 3)
        let first = try Network(shape: t.network.shape, seed: 3)
        #expect(zip(t.network.parameters, fresh.parameters).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(fresh.parameters != first.parameters)

        // Interrupted after the first restart and resumed: the same end, bit for bit.
        let a = try Trainer(objective: TwoAgo(), config: config, seed: 3, threads: 1)
        let stopped = MemorySink()
        stopped.stopAtStep = 160
        #expect(try a.run(stopped) == .interrupted)
        let saved = try JSONDecoder().decode(Checkpoint.self, from: JSONEncoder().encode(stopped.checkpoints.last!))
        let b = try Trainer(objective: TwoAgo(), config: config, seed: 3, threads: 1, resume: saved)
        _ = try b.run(MemorySink())
        #expect(b.network.parameters == t.network.parameters)
        #expect(b.progress.plateau == t.progress.plateau)
    }

    @Test("a run that learns is not touched: the same parameters with and without the watch")
    func learningRunUnchanged() throws {
        var watched = TrainingTests.quick(steps: 200)
        watched.restartAfter = 100
        let a = try Trainer(objective: TwoAgo(), config: watched, seed: 9, threads: 2)
        let b = try Trainer(objective: TwoAgo(), config: TrainingTests.quick(steps: 200), seed: 9, threads: 2)
        _ = try a.run(MemorySink())
        _ = try b.run(MemorySink())
        #expect(a.progress.plateau?.restarts == 0)
        #expect(a.network.parameters == b.network.parameters)
    }
}
