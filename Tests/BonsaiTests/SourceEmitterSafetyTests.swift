import Foundation
import Testing

@testable import Bonsai

/// `bonsai compile` with hostile names in graph.json: names never reach the code, only escaped comments,
/// and the emitted program still compiles and computes the simulator's values.
@Suite("Emitted source: hostile names")
struct SourceEmitterSafetyTests {
    /// A name that tries every way out of a comment or a string: quote, newline, `*/`, a C line
    /// continuation, a trigraph, and code that would print a marker if it ever ran.
    static let hostile = "a\"; puts(\"PWNED\"); /* x */ */\n puts(\"PWNED\");\r\n#define x0 1 \\\n??/ \u{2028}`"

    static func hostileGraph() -> Graph {
        var g = CompiledGraphTests.mixer()
        g.objective = hostile
        g.inputs = g.inputs.indices.map { "\(hostile)in\($0)" }
        for k in g.neurons.indices { g.neurons[k].name = "\(hostile)n\(k)" }
        for j in g.states.indices { g.states[j].name = "\(hostile)s\(j)" }
        for m in g.outputs.indices { g.outputs[m].name = "\(hostile)o\(m)" }
        return g
    }

    @Test(
        "no raw name, newline or comment end from a name reaches the emitted source",
        arguments: SourceEmitter.Language.allCases)
    func noRawName(language: SourceEmitter.Language) {
        let src = SourceEmitter.emit(Self.hostileGraph(), language: language, source: "evil */\n path")
        #expect(!src.contains(Self.hostile))
        #expect(!src.contains("PWNED\""), "the quote of a name survived unescaped")
        #expect(!src.contains("*/ */"))
        #expect(!src.contains("??/"))
        #expect(!src.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#define") })
        #expect(!src.contains("\u{2028}"))
        // Every line mentioning a name is a comment from the name on.
        for line in src.split(separator: "\n") where line.contains("PWNED") {
            let comment = line.range(of: "//")
            let name = line.range(of: "PWNED")!
            #expect(comment != nil && comment!.lowerBound < name.lowerBound, "\(line)")
        }
    }

    @Test("quoting escapes everything but plain ASCII and cuts long names")
    func quoting() {
        #expect(SourceComment.quoted("c0.s1") == "\"c0.s1\"")
        #expect(SourceComment.quoted("a\"b\n") == "\"a\\u{22}b\\u{a}\"")
        #expect(SourceComment.quoted("*/") == "\"\\u{2a}\\u{2f}\"")
        #expect(SourceComment.quoted(String(repeating: "x", count: 500)).count == SourceComment.maxScalars + 5)
    }

    @Test(
        "C from hostile names compiles and reproduces the simulator",
        .enabled(if: CompiledGraphTests.cCompiler != nil, "no C compiler on PATH; skipped"))
    func hostileC() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonsai-hostile-c-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = Self.hostileGraph()
        let src = dir.appendingPathComponent("graph.c"), exe = dir.appendingPathComponent("graph").path
        try SourceEmitter.emit(g, language: .c, source: "evil */\n path").write(
            to: src, atomically: true, encoding: .utf8)
        _ = try CompiledGraphTests.run(
            CompiledGraphTests.cCompiler!,
            [
                "-std=c99", "-trigraphs", "-D_POSIX_C_SOURCE=200809L", "-O1", "-Wall", "-Werror",
                "-DBONSAI_MAIN", src.path, "-o", exe, "-lm",
            ], stdin: "")
        try #require(FileManager.default.fileExists(atPath: exe))
        try CompiledGraphTests.checkProgram(exe, g, "hostile")
        #expect(!(try CompiledGraphTests.run(exe, [], stdin: "000\n")).contains("PWNED"))
    }

    @Test(
        "Swift from hostile names compiles and reproduces the simulator",
        .enabled(if: CompiledGraphTests.swiftCompiler != nil, "no swiftc on PATH; skipped"))
    func hostileSwift() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bonsai-hostile-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = Self.hostileGraph()
        let src = dir.appendingPathComponent("main.swift"), exe = dir.appendingPathComponent("graph").path
        try SourceEmitter.emit(g, language: .swift, source: "evil */\n path").write(
            to: src, atomically: true, encoding: .utf8)
        _ = try CompiledGraphTests.run(
            CompiledGraphTests.swiftCompiler!, ["-D", "BONSAI_MAIN", src.path, "-o", exe], stdin: "")
        try #require(FileManager.default.fileExists(atPath: exe))
        try CompiledGraphTests.checkProgram(exe, g, "hostile")
    }

    @Test("an output path that is the input graph, a directory or a Bonsai file is refused; a new file is fine")
    func outputGuard() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonsai-guard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = dir.appendingPathComponent("graph.json")
        try GraphTests.twoAgo().write(graph)
        let before = try Data(contentsOf: graph)
        let link = dir.appendingPathComponent("link.c")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: graph)
        for target in [graph, link, URL(fileURLWithPath: dir.path + "/./graph.json"), dir] {
            #expect(throws: BonsaiError.self) { try OutputGuard.check(target, option: "-o", inputs: [graph]) }
        }
        let other = dir.appendingPathComponent("other.json")
        try GraphTests.twoAgo().write(other)
        #expect(throws: BonsaiError.self) { try OutputGuard.check(other, option: "-o", inputs: [graph]) }
        try OutputGuard.check(dir.appendingPathComponent("new.c"), option: "-o", inputs: [graph])
        try Data("int x;\n".utf8).write(to: dir.appendingPathComponent("old.c"))
        try OutputGuard.check(dir.appendingPathComponent("old.c"), option: "-o", inputs: [graph])
        #expect(try Data(contentsOf: graph) == before)
    }
}
