import Foundation
import Testing

@testable import Bonsai

@Suite("The grower and random machines")
struct GrowerTests {
    @Test("random machine names round-trip, and bad ones are refused with the name")
    func randomNames() throws {
        let p = try #require(try RandomMachines.parse("random-4s2i1o-7"))
        #expect(p == RandomMachines.Parameters(states: 4, inputs: 2, outputs: 1, seed: 7))
        #expect(p.name == "random-4s2i1o-7")
        #expect(try RandomMachines.parse("two-ago") == nil)
        for bad in [
            "random-4s2i1o", "random-4x2i1o-7", "random-0s1i1o-1", "random-65s1i1o-1", "random-4s4i1o-1",
            "random-4s1i0o-1", "random-4s1i1o-x", "random-s1i1o-1", "random-4s1i1o1-1",
        ] {
            #expect(throws: BonsaiError.self) { try RandomMachines.parse(bad) }
        }
    }

    @Test("random machines are minimal, connected, the same from the same seed, and differ between seeds")
    func randomMachines() throws {
        for (n, i, o) in [(1, 1, 1), (2, 1, 1), (5, 2, 1), (8, 3, 3), (16, 1, 2), (32, 2, 1)] {
            let p = RandomMachines.Parameters(states: n, inputs: i, outputs: o, seed: 3)
            let m = try RandomMachines.objective(p)
            #expect(m.table.stateCount == n)  // every state reachable (the table keeps only reachable ones)
            #expect(m.minimalStateCount == n)
            #expect(m.inputCount == i && m.outputCount == o)
            #expect(try RandomMachines.objective(p).table == m.table)
        }
        let a = try RandomMachines.objective(.init(states: 6, inputs: 2, outputs: 2, seed: 1))
        let b = try RandomMachines.objective(.init(states: 6, inputs: 2, outputs: 2, seed: 2))
        #expect(a.table != b.table)
        // By name, as a run directory rebuilds it.
        #expect((try BuiltinObjectives.named("random-6s2i2o-1") as? TableObjective)?.table == a.table)
    }

    @Test("the profile sizes the cell from the minimal machine and refuses programs too large to grow")
    func profile() throws {
        let p = try ProgramProfile.of(TwoAgo())
        #expect(p.minimalStates == 4 && p.stateBits == 2 && p.inputBits == 1 && p.outputBits == 1)
        #expect(p.cell(level: 0) == .init(output: 24, state: 10))
        #expect(p.cell(level: 1).state == 12)
        // Two state units per machine state, up to a 16-state machine's.
        let wide = ProgramProfile(minimalStates: 7, inputBits: 2, outputBits: 3)
        #expect(wide.cell(level: 0) == .init(output: 44, state: 16))
        #expect(ProgramProfile(minimalStates: 40, inputBits: 1, outputBits: 1).cell(level: 0).state == 34)
        #expect(ProgramProfile(minimalStates: nil, inputBits: 1, outputBits: 1).cell(level: 0).state == 10)
        // Quantized states are bits: twice the bits needed plus two.
        #expect(wide.cell(level: 0, binary: true) == .init(output: 28, state: 8))
        let big = try TableObjective(
            name: "count-to-70", summary: "", inputCount: 1, outputCount: 1,
            distribution: .bits([0.5]), start: 0
        ) { s, x in ((s + x) % 70, s == 69 ? 1 : 0) }
        #expect(throws: BonsaiError.self) { try ProgramProfile.of(big) }
    }

    @Test("the regularizer is off until the first validation, then rises; a plateau halves the learning rate")
    func validationKeyedSchedule() throws {
        var config = TrainingTests.quick(steps: 400)
        config.schedule = []
        config.lambdaAfterValidation = 50
        let t = try Trainer(objective: TwoAgo(), config: config, seed: 5, threads: 1)
        let sink = MemorySink()
        _ = try t.run(sink)
        let solved = try #require(t.progress.solvedAtStep)
        #expect(sink.rows.filter { $0.step <= solved }.allSatisfy { $0.lambda == 0 })
        let lambda = config.regularizer.lambda
        #expect(abs(sink.rows.first { $0.step == solved + 25 }!.lambda - lambda / 2) < 1e-6)
        #expect(sink.rows.filter { $0.step >= solved + 50 }.allSatisfy { abs($0.lambda - lambda) < 1e-6 })

        var flat = TrainingTests.quick(steps: 300)
        flat.learningRate = 1e-9
        flat.schedule = []
        flat.decayAfter = 25
        let f = try Trainer(objective: TwoAgo(), config: flat, seed: 5, threads: 1)
        let fs = MemorySink()
        #expect(try f.run(fs) == .unsolved)
        // Settling 100 steps, then stuck for 25: halvings after steps 124 and 249.
        #expect(f.progress.decay?.restarts == 2)
        #expect(abs(fs.rows.last!.learningRate - 1e-9 / 4) < 1e-15)
        #expect(fs.rows.first { $0.step == 124 }!.learningRate == 1e-9)
    }

    @Test("a race grows one-ago to its proven minimal machine, records every attempt, and copies the winner up")
    func race() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonsai-grow-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try Grower.start(
            objective: OneAgo(), objectiveSpec: nil, seed: 1, timeLimit: 120, workers: 2, in: dir,
            printer: ProgressPrinter(mode: .quiet), stop: { false })
        #expect(report.status == .minimal)
        let winner = try #require(report.attempts.first { $0.id == report.winner })
        #expect(winner.outcome?.minimal == true && winner.outcome?.verification == "proven")
        #expect(winner.outcome?.machineStates == 2)
        // The top level is the winner's run directory: later stages work on it.
        let stored = try GrowReport.read(dir.appendingPathComponent(GrowReport.fileName))
        #expect(stored == report)
        let run = RunDirectory(dir)
        #expect(try RunConfig.read(run.config).seed == winner.seed)
        #expect(try run.readGraph().size.states >= 1)
        #expect(FileManager.default.fileExists(atPath: run.explanation.path))
        #expect(throws: BonsaiError.self) {
            try Grower.resume(dir, timeLimit: nil, workers: nil, printer: ProgressPrinter(mode: .quiet))
        }
    }

    @Test("an interrupted race resumes to the same end as an uninterrupted one")
    func resumeIsExact() throws {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("bonsai-grow-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: base) }
        let quiet = ProgressPrinter(mode: .quiet)
        let full = try Grower.start(
            objective: TwoAgo(), objectiveSpec: nil, seed: 2, timeLimit: 300, workers: 1,
            in: base.appendingPathComponent("full"), printer: quiet, stop: { false })
        let polls = Counter()
        let cut = base.appendingPathComponent("cut")
        let first = try Grower.start(
            objective: TwoAgo(), objectiveSpec: nil, seed: 2, timeLimit: 300, workers: 1,
            in: cut, printer: quiet, stop: { polls.next() > 150 })
        #expect(first.status == .growing)
        let resumed = try Grower.resume(cut, timeLimit: nil, workers: nil, printer: quiet, stop: { false })
        #expect(resumed.winner == full.winner)
        #expect(resumed.attempts.map(\.steps) == full.attempts.map(\.steps))
        #expect(resumed.attempts.map(\.outcome) == full.attempts.map(\.outcome))
    }

    @Test("pruning told to stop starts no stage: the verified graph comes back as it was")
    func pruningDeadline() throws {
        var pruning = Pruning(objective: TwoAgo(), trainingLength: 20)
        pruning.shouldStop = { true }
        let g = GraphTests.twoAgo()
        let (out, report) = try pruning.run(g)
        #expect(out == g)
        #expect(report.verification.status == .proven)
        #expect(report.stages.map(\.name) == ["network"])
        // Not stopped, the same graph is simplified (the post neuron folds into the output).
        let (free, _) = try Pruning(objective: TwoAgo(), trainingLength: 20).run(g)
        #expect(free.size.parameters < g.size.parameters)
    }

    @Test("bad budgets are refused before any work")
    func badInput() throws {
        let dir = TestDirectory.make("grow", create: false)
        for limit in [0, -5, Double.nan, .infinity] {
            #expect(throws: BonsaiError.self) {
                try Grower.start(
                    objective: TwoAgo(), objectiveSpec: nil, seed: 1, timeLimit: limit, workers: 1, in: dir,
                    printer: ProgressPrinter(mode: .quiet))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }
}

/// Counts calls from any thread.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int {
        lock.withLock {
            n += 1
            return n
        }
    }
}
