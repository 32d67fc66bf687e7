import Foundation
import Testing

@testable import Bonsai

/// `--json` on `train`, `prune` and `run` (docs/json-output.md): one document on stdout that parses, with
/// `format`, `version` and the command's real results; the closing line and progress go to stderr.
@Suite("train, prune and run --json")
struct CommandJSONTests {
    /// stdout parsed as one JSON object: JSONSerialization rejects any text before or after the document.
    static func document(_ stdout: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    /// A run directory holding the hand-built two-ago graph with a fresh prune.json and explanation.
    static func graphRun() throws -> (URL, Graph) {
        let dir = FilesAndErrorsTests.tempDir()
        let graph = GraphTests.twoAgo()
        try graph.write(RunDirectory(dir).graph)
        try AtomicFile.writeJSON(StaleResultsTests.report(hash: graph.contentHash), to: RunDirectory(dir).pruneReport)
        _ = try ExplainStage.run(graphFile: RunDirectory(dir).graph, objective: nil, into: dir)
        return (dir, graph)
    }

    @Test(
        "bonsai-train of a race and of a fixed recipe: status, winner or seeds, and the graph's results only when fresh"
    )
    func trainDocument() throws {
        let (dir, graph) = try Self.graphRun()
        var grown = GrowReport(
            objective: "two-ago", seed: 1, timeLimit: 60, workers: 1, profile: try ProgramProfile.of(TwoAgo()))
        grown.status = .minimal
        grown.seconds = 12.5
        grown.winner = "preset-L0-s1"
        let g = try TrainDocument(grown: grown, dir: dir)
        #expect(g.format == "bonsai-train" && g.mode == "grow" && g.status == "minimal" && g.winner == "preset-L0-s1")
        #expect(g.seconds == 12.5 && g.size == graph.size && g.verification?.status == .proven)
        #expect(g.machineStates == 4 && g.minimalMachine == true && g.seedsTried == nil)
        // A prune.json of another graph is not this graph's verification.
        try AtomicFile.writeJSON(StaleResultsTests.report(hash: "fnv1a64:0"), to: RunDirectory(dir).pruneReport)
        let summary = RunSummary(
            objective: "two-ago", status: .solved, seedsTried: 2, seedsSolved: 1, solvedSeed: 4, attempts: [])
        let p = try TrainDocument(trained: summary, dir: dir)
        #expect(p.mode == "preset" && p.status == "solved" && p.seedsTried == 2 && p.solvedSeed == 4 && p.winner == nil)
        #expect(p.size == graph.size && p.verification == nil && p.machineStates == 4)
    }

    @Test(
        "the CLI: train --preset, prune and run print one document each; errors stay one line on stderr",
        .enabled(if: CLIErrorTests.executable != nil, "the bonsai executable was not built beside the tests"))
    func cli() throws {
        let dir = FilesAndErrorsTests.tempDir()
        // The fixed recipe and seed PruneStageTests trains: solved in about a second.
        let train = try CLIErrorTests.bonsai(
            [
                "train", "--objective", "two-ago", "--steps", "800", "--batch", "256", "--patience", "400",
                "--reg-normalization", "sum", "--seed", "2", "--restarts", "2", "--threads", "2",
                "--run-dir", "r", "--quiet", "--json",
            ], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let t = try Self.document(train.stdout)
        #expect(
            t["format"] as? String == "bonsai-train" && t["version"] as? Int == 1 && t["mode"] as? String == "preset")
        #expect(
            t["status"] as? String == "solved" && t["objective"] as? String == "two-ago"
                && t["seedsSolved"] as? Int == 1)
        #expect(
            (t["path"] as? String)?.hasSuffix("/r") == true && (t["seconds"] as? Double ?? 0) > 0 && t["size"] == nil)
        #expect(train.stderr.contains("solved: 1 of"), "the closing line moves to stderr")

        let prune = try CLIErrorTests.bonsai(
            ["prune", "r", "--rounds", "2", "--threads", "2", "--quiet", "--json"], in: dir)
        #expect(prune.status == 0, "\(prune.stderr)")
        let p = try Self.document(prune.stdout)
        let graph = try Graph.read(RunDirectory(dir.appendingPathComponent("r")).graph)
        #expect(
            p["format"] as? String == "bonsai-prune" && p["version"] as? Int == 1
                && p["graphHash"] as? String == graph.contentHash)
        #expect((p["size"] as? [String: Any])?["edges"] as? Int == graph.size.edges)
        #expect((p["verification"] as? [String: Any])?["status"] as? String == "proven")
        let stages = try #require(p["stages"] as? [[String: Any]])
        #expect(stages.first?["name"] as? String == "trained network" && stages.count > 2)

        // two-ago: each output is the input two steps before.
        try AtomicFile.write("0110\n\n101 1\n", to: dir.appendingPathComponent("seqs.txt"))
        let run = try CLIErrorTests.bonsai(["run", "r", "--input", "seqs.txt", "--json"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let r = try Self.document(run.stdout)
        #expect(
            r["format"] as? String == "bonsai-run" && r["version"] as? Int == 1 && r["evaluator"] as? String == "bits")
        let sequences = try #require(r["sequences"] as? [[String: Any]])
        #expect(sequences.map { $0["outputs"] as? [Int] } == [[0, 0, 0, 1], [], [0, 0, 1, 0]])
        #expect(sequences.map { $0["inputs"] as? [Int] } == [[0, 1, 1, 0], [], [1, 0, 1, 1]])
        let text = try CLIErrorTests.bonsai(["run", "r", "--input", "seqs.txt"], in: dir)
        #expect(text.stdout == sequences.map { ($0["text"] as? String ?? "?") + "\n" }.joined())

        let missing = try CLIErrorTests.bonsai(["run", "nowhere.json", "--json"], in: dir)
        #expect(missing.status == 1 && missing.stdout.isEmpty && missing.stderr.hasPrefix("error: "))
        #expect(missing.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test(
        "run --json names the evaluator that ran and the graph's input and output names",
        .enabled(if: CLIErrorTests.executable != nil, "the bonsai executable was not built beside the tests"))
    func runEvaluators() throws {
        let (dir, _) = try Self.graphRun()
        try AtomicFile.write("1100\n", to: dir.appendingPathComponent("seqs.txt"))
        for (evaluator, expected) in [("auto", "bits"), ("double", "double"), ("float", "float")] {
            let r = try CLIErrorTests.bonsai(
                ["run", "graph.json", "--input", "seqs.txt", "--evaluator", evaluator, "--json"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let d = try Self.document(r.stdout)
            #expect(
                d["evaluator"] as? String == expected && d["inputNames"] as? [String] == ["x0"]
                    && d["objective"] as? String == "two-ago")
            #expect((d["sequences"] as? [[String: Any]])?.first?["outputs"] as? [Int] == [0, 0, 1, 1])
        }
    }
}
