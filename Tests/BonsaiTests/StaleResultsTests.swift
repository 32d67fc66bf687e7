import Foundation
import Testing

@testable import Bonsai

/// Results are shown only for the graph they were computed on (recorded content hashes), and `explain
/// --out` never replaces another graph's explanation without --force.
@Suite("Stale results and overwrites")
struct StaleResultsTests {
    static func report(hash: String?) -> Pruning.Report {
        let v = Verification(
            status: .proven, exploredPairs: 4, exhaustiveLength: 0, sampledSequences: 0, sampledLength: 0,
            worstMargin: 0.5, counterexample: nil, seconds: 0)
        var r = Pruning.Report(stages: [], verification: v, seconds: 0, fittedAnew: nil)
        r.graphHash = hash
        return r
    }

    static func page(_ url: URL) throws -> String { try String(contentsOf: try ViewStage.run(url), encoding: .utf8) }

    @Test("the hash ignores formatting and changes with any weight or name")
    func hash() throws {
        let g = GraphTests.twoAgo()
        var h = g
        h.neurons[0].bias += 1e-9
        var n = g
        n.states[0].name += "x"
        #expect(g.contentHash == GraphTests.twoAgo().contentHash)
        #expect(g.contentHash != h.contentHash && g.contentHash != n.contentHash)
        #expect(g.contentHash.hasPrefix("fnv1a64:") && g.contentHash.count == 24)
        let dir = FilesAndErrorsTests.tempDir()
        let file = dir.appendingPathComponent("g.json")
        try AtomicFile.write(String(decoding: try JSONEncoder().encode(g), as: UTF8.self) + "\n\n", to: file)
        #expect(try Graph.read(file).contentHash == g.contentHash)
    }

    @Test("view shows prune.json's verification only for the graph it verified")
    func viewVerification() throws {
        let url = try ViewPageTests.runDir()
        let dir = RunDirectory(url)
        let graph = try Graph.read(dir.graph)
        try AtomicFile.writeJSON(Self.report(hash: graph.contentHash), to: dir.pruneReport)
        #expect(try Self.page(url).contains("\"verification\":\"proven for all sequences"))

        var edited = graph
        edited.neurons[0].bias += 0.25
        try edited.write(dir.graph)
        let stale = try Self.page(url)
        #expect(!stale.contains("proven for all sequences"))
        #expect(stale.contains("not verified (graph.json changed after it was verified; run bonsai prune again)"))
        #expect(try ExplainStage.verificationLine(url, graph: edited)?.contains("not verified") == true)
        #expect(try ExplainStage.verificationLine(url, graph: graph)?.contains("proven") == true)

        try AtomicFile.writeJSON(Self.report(hash: nil), to: dir.pruneReport)
        #expect(
            try Self.page(url).contains("not verified (computed before hashes were recorded; run bonsai prune again)"))
    }

    @Test("view shows explanation.json only for the graph it explains")
    func viewExplanation() throws {
        let url = try ViewPageTests.runDir(explanation: ViewPageTests.sampleExplanation)
        #expect(try Self.page(url).contains("XOR(x0, c0.s1)"))
        let dir = RunDirectory(url)
        var edited = try Graph.read(dir.graph)
        edited.neurons[0].bias += 0.25
        try edited.write(dir.graph)
        let page = try Self.page(url)
        #expect(!page.contains("XOR(x0, c0.s1)"))
        #expect(page.contains("explanation.json not shown"))
    }

    static func checksums(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = try? Data(contentsOf: dir.appendingPathComponent(name))
        }
        return out
    }

    @Test("explain --out a directory holding another graph's explanation refuses, and changes nothing")
    func explainOut() throws {
        let out = FilesAndErrorsTests.tempDir()
        let first = out.appendingPathComponent("first.json"), second = out.appendingPathComponent("second.json")
        try GraphTests.twoAgo().write(first)
        var other = GraphTests.twoAgo()
        other.neurons[0].bias += 0.125
        try other.write(second)
        _ = try ExplainStage.run(graphFile: first, objective: nil, into: out)
        // The same graph again: its own explanation is replaced.
        _ = try ExplainStage.run(graphFile: first, objective: nil, into: out)
        let before = try Self.checksums(out)
        let e = #expect(throws: BonsaiError.self) { try ExplainStage.run(graphFile: second, objective: nil, into: out) }
        #expect(e?.description.contains("--force") == true)
        #expect(e?.description.contains("\n") == false)
        #expect(try Self.checksums(out) == before)
        // An explanation from before hashes were recorded is another graph's too.
        var json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: RunDirectory(out).explanationJSON))
            as! [String: Any]
        json["graphHash"] = nil
        try JSONSerialization.data(withJSONObject: json).write(to: RunDirectory(out).explanationJSON)
        #expect(throws: BonsaiError.self) { try ExplainStage.run(graphFile: first, objective: nil, into: out) }
        // --force replaces them.
        let forced = try ExplainStage.run(graphFile: second, objective: nil, into: out, force: true)
        #expect(forced.graphHash == other.contentHash)
        #expect(try ExplanationSummary.read(RunDirectory(out).explanationJSON).graphHash == other.contentHash)
    }
}
