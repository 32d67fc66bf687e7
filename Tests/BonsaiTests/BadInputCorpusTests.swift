import Foundation
import Testing

@testable import Bonsai

/// Bad input of every kind the commands read, each case checking the promise of DESIGN.md §8 at the
/// library level: the reader throws a `BonsaiError` (never traps), its message is one line naming the
/// file or option, and a run directory it touched is byte for byte unchanged afterwards.
/// Fixtures are generated here, from one valid run directory (`BadInputFixture`).
@Suite("Bad-input corpus")
struct BadInputCorpusTests {
    @Test(
        "bad input is one BonsaiError line naming the file or option; the run directory is unchanged",
        arguments: BadInputCorpus.cases)
    func badInput(_ c: BadInput) throws {
        let fixture = try BadInputFixture()
        try c.prepare?(fixture)
        let before = try fixture.checksums()
        let error = #expect(throws: BonsaiError.self, "\(c.name)") { try c.run(fixture) }
        if let d = error?.description {
            #expect(!d.contains("\n") && !d.contains("\r"), "\(c.name): not one line: \(d)")
            let mention = c.mentions(fixture)
            #expect(d.contains(mention), "\(c.name): '\(d)' does not name '\(mention)'")
            #expect(d.count < 2000, "\(c.name): message of \(d.count) characters")
        }
        #expect(try fixture.checksums() == before, "\(c.name): the run directory changed")
    }

    @Test("the corpus has at least 200 cases with distinct names")
    func size() {
        #expect(BadInputCorpus.cases.count >= 200)
        #expect(Set(BadInputCorpus.cases.map(\.name)).count == BadInputCorpus.cases.count)
    }

    @Test("the fixture itself is valid: every reader accepts it")
    func fixtureIsValid() throws {
        let f = try BadInputFixture()
        _ = try RunConfig.read(f.dir.config)
        _ = try Checkpoint.read(f.dir.network).network()
        _ = try Graph.read(f.dir.graph)
        _ = try ExplanationSummary.read(f.dir.explanationJSON)
        _ = try AtomicFile.readJSON(Pruning.Report.self, from: f.dir.pruneReport)
        _ = try AtomicFile.readJSON(RunSummary.self, from: f.dir.summary)
        _ = try TrainingMetrics.read(f.dir.metrics(3))
        _ = try ObjectiveSpec.parse(BadInputFixture.spec, file: "t.yaml")
        _ = try SequenceText.parseAll("0101\n\n1\r\n", inputs: 1, source: "seq.txt")
    }
}

/// One bad input: `run` must throw; its message must contain `mentions` (a path or an option).
struct BadInput: Sendable, CustomTestStringConvertible {
    let name: String
    let mentions: @Sendable (BadInputFixture) -> String
    let run: @Sendable (BadInputFixture) throws -> Void
    /// Breaks a file of the run directory before its checksums are taken (cases that run a stage).
    var prepare: (@Sendable (BadInputFixture) throws -> Void)? = nil
    var testDescription: String { name }
}

/// A valid run directory (two-ago, a hand-built graph, a tiny network) in a fresh temporary directory,
/// plus a scratch directory beside it for the bad files.
struct BadInputFixture {
    let dir: RunDirectory
    let scratch: URL

    static let spec = """
        kind: mealy
        inputs: [a]
        outputs: [y]
        states: [p, q]
        start: p
        transitions:
          - [p, "0", p, "0"]
          - [p, "1", q, "0"]
          - [q, "0", p, "1"]
          - [q, "1", q, "1"]
        """

    init() throws {
        let root = FilesAndErrorsTests.tempDir()
        dir = RunDirectory(root.appendingPathComponent("run"))
        scratch = root.appendingPathComponent("scratch")
        let fm = FileManager.default
        try fm.createDirectory(at: dir.url, withIntermediateDirectories: true)
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        let o = TwoAgo()
        var preset = o.preset
        preset.validationSequences = 64
        try AtomicFile.writeJSON(
            RunConfig(objective: o.name, seed: 3, restarts: 0, threads: 1, training: preset), to: dir.config)
        let net = try Network(shape: CellShape.tiny, seed: 3)
        try Checkpoint(objective: o.name, network: net).write(dir.network)
        let graph = GraphTests.twoAgo()
        try graph.write(dir.graph)
        var report = StaleResultsTests.report(hash: graph.contentHash)
        report.stages = [.init(name: "network", size: graph.size, rejected: 0)]
        try AtomicFile.writeJSON(report, to: dir.pruneReport)
        try AtomicFile.write(ViewPageTests.sampleExplanation, to: dir.explanationJSON)
        try AtomicFile.write(
            """
            {"objective":"two-ago","status":"solved","seedsTried":1,"seedsSolved":1,"solvedSeed":3,
             "attempts":[{"seed":3,"result":"solved","steps":3,"seconds":0.1,"solvedAtStep":2,"bestStep":2,"weightCount":22,"nanRecoveries":0}]}
            """, to: dir.summary)
        try fm.createDirectory(at: dir.seedDirectory(3), withIntermediateDirectories: true)
        try AtomicFile.write("\(MetricsRow.csvHeader)\n0,1.0e+00,5.0e-02,22,,0.010,0.01,0.05\n", to: dir.metrics(3))
    }

    /// Every file under the run directory and its contents.
    func checksums() throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir.url.path)
        while let p = e?.nextObject() as? String {
            let u = dir.url.appendingPathComponent(p)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: u.path, isDirectory: &isDir), !isDir.boolValue {
                out[p] = try Data(contentsOf: u)
            } else {
                out[p + "/"] = Data()
            }
        }
        return out
    }

    /// The valid JSON of a run file, as a mutable dictionary.
    func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    /// Writes bytes to a scratch file and returns it.
    func file(_ name: String, _ bytes: Data) throws -> URL {
        let u = scratch.appendingPathComponent(name)
        try bytes.write(to: u)
        return u
    }

    func file(_ name: String, json: Any) throws -> URL {
        try file(name, JSONSerialization.data(withJSONObject: json))
    }
}

extension CellShape {
    /// The smallest two-ago network: one cell of 1 output and 2 states.
    static var tiny: NetworkShape {
        NetworkShape(inputSize: 1, cells: [CellShape(outputSize: 1, stateSize: 2)], outputSize: 1)
    }
}
