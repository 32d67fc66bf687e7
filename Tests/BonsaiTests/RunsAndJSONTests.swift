import Foundation
import Testing

@testable import Bonsai

/// Tooling people expect: `bonsai --version`, `bonsai runs DIR` comparing run directories, `--json` documents
/// that parse, and `sweep report` on plain runs saying what is there.
@Suite("Run listing, --version and --json")
struct RunsAndJSONTests {
    /// DIR with two runs: a graph with a fresh prune.json and explanation, and one whose prune.json is broken.
    static func twoRuns() throws -> URL {
        let dir = ViewFixtures.tempDir()
        let good = dir.appendingPathComponent("a-good"), bad = dir.appendingPathComponent("b-bad")
        for u in [good, bad] {
            try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
            try GraphTests.twoAgo().write(RunDirectory(u).graph)
        }
        _ = try ExplainStage.run(graphFile: RunDirectory(good).graph, objective: nil, into: good)
        try AtomicFile.write("{\"stages\": 3}", to: RunDirectory(bad).pruneReport)
        try AtomicFile.write("not a run", to: dir.appendingPathComponent("notes.txt"))
        return dir
    }

    @Test("bonsai runs lists every run with its size and machine; a broken file is that row's problem, naming it")
    func listing() throws {
        let l = try RunListing(try Self.twoRuns())
        #expect(l.runs.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["a-good", "b-bad"])
        let good = l.runs[0], bad = l.runs[1]
        #expect(good.objective == "two-ago" && good.status == "graph only" && good.size?.states == 2)
        #expect(good.machineStates == 4 && good.minimalMachine == true && good.problem == nil)
        #expect(bad.problem?.contains("prune.json") == true)
        let table = l.table
        #expect(table.hasPrefix("run ") && table.contains("4 (minimal)") && table.contains("! "))
        // One run directory lists itself.
        #expect(try RunListing(URL(fileURLWithPath: good.path)).runs.count == 1)
        #expect(throws: BonsaiError.self) {
            try RunListing(URL(fileURLWithPath: good.path).appendingPathComponent("missing"))
        }
    }

    @Test(
        "the CLI: --version, runs --json, explain --json and sweep report on plain runs",
        .enabled(if: CLIErrorTests.executable != nil, "the bonsai executable was not built beside the tests"))
    func cli() throws {
        let dir = try Self.twoRuns()
        let v = try CLIErrorTests.bonsai(["--version"], in: dir)
        #expect(v.status == 0 && v.stdout == BonsaiVersion.current + "\n")
        let runs = try CLIErrorTests.bonsai(["runs", ".", "--json"], in: dir)
        #expect(runs.status == 0)
        let listing = try JSONDecoder().decode(RunListing.self, from: Data(runs.stdout.utf8))
        #expect(listing.format == "bonsai-runs" && listing.runs.count == 2)
        let explain = try CLIErrorTests.bonsai(["explain", "a-good/graph.json", "--out", "a-good", "--json"], in: dir)
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(try JSONDecoder().decode(Explanation.self, from: Data(explain.stdout.utf8)).isomorphic == true)
        let report = try CLIErrorTests.bonsai(["sweep", "report", "."], in: dir)
        #expect(
            report.status == 0 && report.stdout.contains("plain runs") && report.stdout.contains("a-good"),
            "\(report.stdout)\(report.stderr)")
        let empty = try CLIErrorTests.bonsai(["sweep", "report", "a-good/graph.json"], in: dir)
        #expect(empty.status == 1 && empty.stderr.contains("no sweep seed results"))
    }
}
