import Foundation
import Testing

@testable import Bonsai

/// A few end-to-end checks of the built `bonsai` executable: exit status 64 for bad usage, 1 for a bad
/// file, and exactly one line `error: …` on stderr. Skipped when the executable is not beside the test
/// bundle (it is whenever `swift build` or `swift test` built the package).
@Suite("CLI errors end to end")
struct CLIErrorTests {
    static let executable: String? = {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let exe = candidate.appendingPathComponent("bonsai").path
            if FileManager.default.isExecutableFile(atPath: exe) { return exe }
        }
        return nil
    }()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func bonsai(_ args: [String], in dir: URL, environment: [String: String]? = nil) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable!)
        p.arguments = args
        if let environment { p.environment = environment }
        p.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    static let usage: [([String], String)] = [
        (["train", "--steps", "-1"], "--steps: must be ≥ 1"),
        (["train", "--lr", "-0.01"], "--lr: must be a positive number"),
        (["train", "--cells", "99999x99999"], "--cells"),
        (["train", "--cells", "4x2,,"], "--cells"),
        (["train", "--objective", "two-ago", "--objective-file", "x.yaml"], "--objective and --objective-file"),
        (["train", "--resume", "somewhere", "--lr", "0.1"], "--lr"),
        (["train", "--bogus"], "--bogus"),
        (["train", "--threads", "100000"], "--threads"),
    ]

    @Test(
        "bad usage: exit 64 and one error line naming the option",
        .enabled(if: executable != nil, "bonsai not built; skipped"),
        arguments: usage)
    func badUsage(_ args: [String], _ mention: String) throws {
        let dir = FilesAndErrorsTests.tempDir()
        let r = try Self.bonsai(args, in: dir)
        #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.filter { $0 == "\n" }.count == 1, "\(args): \(r.stderr)")
        #expect(r.stderr.contains(mention), "\(args): \(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "\(args) created files")
    }

    @Test(
        "bad files: exit 1 and one error line naming the file",
        .enabled(if: executable != nil, "bonsai not built; skipped"))
    func badFiles() throws {
        let f = try BadInputFixture()
        let before = try f.checksums()
        let wide = f.scratch.appendingPathComponent("wide.json")
        try AtomicFile.write(
            #"{"format":"bonsai-graph","version":1,"objective":"two-ago","inputs":["#
                + (0..<30).map { "\"x\($0)\"" }.joined(separator: ",")
                + #"],"neurons":[],"states":[],"outputs":[{"name":"y","from":{"input":0}}]}"#, to: wide)
        let cases: [([String], String)] = [
            (["run", f.dir.url.path, "--input", f.scratch.path], f.scratch.path),
            (["run", f.scratch.path], f.scratch.path),
            (["run", wide.path], wide.path),
            (["compile", f.dir.url.path, "--emit", "c", "-o", f.dir.graph.path], f.dir.graph.path),
            (["explain", f.dir.graph.path, "--out", f.dir.url.path], f.dir.url.path),
            (["train", "--objective-file", f.scratch.path], f.scratch.path),
            (["sweep", "--objective", "two-ago", "--seeds", "1-100000000"], "--seeds"),
        ]
        for (args, mention) in cases {
            let r = try Self.bonsai(args, in: f.scratch)
            #expect(r.status == 1 || r.status == 64, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: ") && r.stderr.filter { $0 == "\n" }.count == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.contains(mention), "\(args): \(r.stderr)")
        }
        #expect(try f.checksums() == before)
    }
}
