import Foundation
import Testing

@testable import Bonsai

/// The fixed-recipe pipeline that `bonsai demo --preset`, `bonsai train --preset` and every sweep seed run.
@Suite("Fixed-recipe pipeline")
struct FixedRecipePipelineTests {
    static func dir() -> URL {
        TestDirectory.make("pipeline", create: false)
    }

    @Test("a solved two-ago run goes through prune, explain and view in order, each stage's files written")
    func wholePipeline() throws {
        let url = Self.dir()
        defer { try? FileManager.default.removeItem(at: url) }
        var t = TrainingTests.quick(steps: 800)
        t.batchSize = 256
        t.patience = 400
        t.regularizer.normalization = .sum
        let config = RunConfig(objective: "two-ago", seed: 2, restarts: 2, threads: 2, training: t)
        var seen: [FixedRecipePipeline.Stage] = []
        let o = try FixedRecipePipeline.run(
            url, .start(config), through: .view, pruneRounds: 2, printer: ProgressPrinter(mode: .quiet),
            after: { stage, _ in
                seen.append(stage)
                return true
            })
        try #require(o.summary.status == .solved)
        #expect(seen == [.train, .prune, .explain, .view])
        #expect(o.failure == nil)
        let (graph, report) = try #require(o.pruned)
        #expect(report.verification.passed)
        #expect(try Graph.read(RunDirectory(url).graph) == graph)
        #expect(try #require(o.explanation).exploration.closed)
        #expect(FileManager.default.fileExists(atPath: RunDirectory(url).explanation.path))
        #expect(o.page == url.appendingPathComponent("index.html"))
        #expect(FileManager.default.fileExists(atPath: url.appendingPathComponent("index.html").path))
        // The run again (reused, as a sweep seed), stopped by `after` once pruned: nothing explained.
        seen = []
        let gated = try FixedRecipePipeline.run(
            url, .startOrReuse(config), through: .view, pruneRounds: 2, printer: ProgressPrinter(mode: .quiet),
            after: { stage, _ in
                seen.append(stage)
                return stage != .prune
            })
        #expect(gated.summary == o.summary)
        #expect(seen == [.train, .prune])
        #expect(gated.pruned != nil && gated.explanation == nil && gated.page == nil)
    }

    @Test("an unsolved run stops after training; a finished run is reused, not trained again")
    func stops() throws {
        var t = TwoAgo().preset
        (t.maxSteps, t.batchSize, t.sequenceLength) = (2, 16, 4)
        let config = RunConfig(objective: "two-ago", seed: 1, restarts: 0, threads: 1, training: t)
        let url = Self.dir()
        defer { try? FileManager.default.removeItem(at: url) }
        var seen: [FixedRecipePipeline.Stage] = []
        let o = try FixedRecipePipeline.run(
            url, .start(config), through: .view, printer: ProgressPrinter(mode: .quiet),
            after: { stage, _ in
                seen.append(stage)
                return true
            })
        #expect(o.summary.status == .unsolved)
        #expect(seen == [.train])
        #expect(o.pruned == nil && o.explanation == nil && o.page == nil && o.failure == nil)
        #expect(!FileManager.default.fileExists(atPath: RunDirectory(url).graph.path))
        // A finished run is reused as it is, not trained again.
        let again = try FixedRecipePipeline.run(
            url, .startOrReuse(config), through: .train, printer: ProgressPrinter(mode: .quiet))
        #expect(again.summary == o.summary)
    }
}
