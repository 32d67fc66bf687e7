import Foundation
import Testing

@testable import Bonsai

/// The specialised evaluators (Float32 lanes, bit-parallel), the sequence text format and the emitted C
/// and Swift, all checked against `GraphEvaluator`, the Double simulator.
@Suite("Compiled graphs")
struct CompiledGraphTests {
    /// A 3-input graph with multi-valued hard-Ameo and tanh nodes and two states: finite-valued, not boolean.
    static func mixer() -> Graph {
        let hard = Activation.hardAmeo
        return Graph(
            objective: "logic-gate-switcher", inputs: ["c", "a", "b"],
            neurons: [
                .init(
                    name: "m", activation: hard, bias: 0.5,
                    edges: [.init(from: .input(0), weight: 1), .init(from: .state(1), weight: -0.25)]),
                .init(
                    name: "g", activation: hard, bias: 0,
                    edges: [.init(from: .input(1), weight: 0.5), .init(from: .state(0), weight: 1)]),
                .init(name: "t", activation: .tanh, bias: 0.1, edges: [.init(from: .neuron(1), weight: 1.5)]),
                .init(name: "y", activation: .linear, bias: -0.05, edges: [.init(from: .neuron(2), weight: 1)]),
            ],
            states: [.init(name: "s0", initial: 1, next: .neuron(0)), .init(name: "s1", initial: -1, next: .input(2))],
            outputs: [.init(name: "y0", from: .neuron(3)), .init(name: "y1", from: .neuron(1))])
    }

    /// An analog accumulator: its state never repeats, so it is not finite-valued.
    static func counter() -> Graph {
        Graph(
            objective: "two-ago", inputs: ["x0"],
            neurons: [
                .init(
                    name: "sum", activation: .linear, bias: 0.25,
                    edges: [.init(from: .state(0), weight: 1), .init(from: .input(0), weight: 1)])
            ],
            states: [.init(name: "s0", initial: 0, next: .neuron(0))],
            outputs: [.init(name: "y0", from: .neuron(0))])
    }

    /// Hand-built graphs, plus the original demo graphs when ../shared is present.
    static func graphs() throws -> [(String, Graph)] {
        var gs = [("two-ago (hand-built)", GraphTests.twoAgo()), ("mixer", mixer()), ("counter", counter())]
        if DemoGraphs.available { for stem in DemoGraphs.stems { gs.append((stem, try DemoGraphs.load(stem))) } }
        return gs
    }

    static func randomSequences(_ g: Graph, count: Int, maxLength: Int, seed: UInt64) -> [[Int]] {
        var rng = Rng(seed: seed)
        return (0..<count).map { _ in
            (0..<Int(rng.next() % UInt64(maxLength + 1))).map { _ in Int(rng.next() % UInt64(1 << g.inputs.count)) }
        }
    }

    static func symbols(_ outputs: [[Double]]) -> [Int] {
        outputs.map { y in y.enumerated().reduce(0) { $0 | ($1.element > 0 ? 1 << $1.offset : 0) } }
    }

    @Test("the Float32 lane evaluator gives the simulator's values to Float rounding")
    func floatMatchesSimulator() throws {
        for (name, g) in try Self.graphs() {
            let seqs = Self.randomSequences(g, count: 37, maxLength: 50, seed: 3)
            let got = FloatEvaluator(g).run(seqs, threads: 2)
            let ev = GraphEvaluator(g)
            #expect(got.count == seqs.count)
            for (s, seq) in seqs.enumerated() {
                let want = ev.trace(seq).outputs
                #expect(got[s].count == want.count, "\(name) sequence \(s)")
                for (t, y) in want.enumerated() where t < got[s].count {
                    for (j, v) in y.enumerated() {
                        #expect(
                            abs(Double(got[s][t][j]) - v) <= 1e-4 * max(1, abs(v)),
                            "\(name) seq \(s) step \(t) output \(j): \(got[s][t][j]) vs \(v)")
                    }
                }
            }
        }
    }

    @Test("finite-valued graphs compile to bitwise code that gives the simulator's output signs")
    func bitParallelMatchesSimulator() throws {
        var compiled: [String] = []
        for (name, g) in try Self.graphs() {
            guard let program = try? BitProgram(g) else { continue }
            compiled.append(name)
            // More than two blocks, lengths from 0: partial words and padded steps.
            let seqs = Self.randomSequences(
                g, count: 2 * BitParallelEvaluator.sequencesPerBlock + 77, maxLength: 30, seed: 5)
            let got = BitParallelEvaluator(program).outputSymbols(seqs, threads: 2)
            let ev = GraphEvaluator(g)
            var wrong = 0
            for (s, seq) in seqs.enumerated() where got[s] != Self.symbols(ev.trace(seq).outputs) { wrong += 1 }
            #expect(wrong == 0, "\(name): \(wrong) sequences differ")
        }
        #expect(compiled.contains("two-ago (hand-built)") && compiled.contains("mixer"))
        if DemoGraphs.available { #expect(compiled.contains("two-ago") && compiled.contains("replace-1-with-111")) }
    }

    @Test("booleanness and finiteness are decided by exploring every reachable state")
    func analysis() throws {
        #expect(try BitProgram(GraphTests.twoAgo()).isBoolean)
        let mixer = try BitProgram(Self.mixer())
        #expect(!mixer.isBoolean)
        let values = try FiniteValueAnalysis.values(Self.mixer())
        #expect(values[0] == [-1, 1] && values[1] == [-1, 1])
        #expect(values.contains { $0.count > 2 })
        #expect(throws: BonsaiError("the states did not close within 100 reachable states")) {
            try BitProgram(Self.counter(), maxValues: 1000, maxStates: 100)
        }
        #expect(throws: BonsaiError("neuron 'sum' takes more than 16 values")) { try BitProgram(Self.counter()) }
        #expect(throws: BonsaiError("neuron 'g' takes more than 2 values")) {
            try FiniteValueAnalysis.values(Self.mixer(), maxValues: 2)
        }
    }

    @Test("sequence text: one character per input per step, separators optional, errors name file:line")
    func sequenceText() throws {
        #expect(try SequenceText.parse("0110", inputs: 1) == [0, 1, 1, 0])
        #expect(try SequenceText.parse("0 1,1", inputs: 1) == [0, 1, 1])
        #expect(try SequenceText.parse("101 011", inputs: 3) == [5, 6])
        #expect(try SequenceText.parse("101011", inputs: 3) == [5, 6])
        #expect(try SequenceText.parse("", inputs: 3) == [])
        #expect(throws: BonsaiError("step 2 has 2 characters, the graph has 3 inputs")) {
            try SequenceText.parse("101 01 1", inputs: 3)
        }
        #expect(
            throws: BonsaiError("seqs.txt:2: unexpected character '2' (steps are '0'/'1' characters, one per input)")
        ) {
            try SequenceText.parseAll("01\n012\n", inputs: 1, source: "seqs.txt")
        }
        #expect(try SequenceText.parseAll("01\n\n1\n", inputs: 1, source: "-") == [[0, 1], [], [1]])
        #expect(SequenceText.format([1, 0, 1], outputs: 1) == "101")
        #expect(SequenceText.format([1, 2], outputs: 2) == "10 01")
    }

    // MARK: Emitted source

    static func tool(_ names: [String]) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/bin:/opt/swift/usr/bin"
        for n in names {
            for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(n)") {
                return "\(dir)/\(n)"
            }
        }
        return nil
    }

    static let cCompiler = tool(["cc", "gcc", "clang"])

    /// Runs a program with `stdin`, returns stdout; records an issue on a non-zero exit.
    static func run(_ exe: String, _ args: [String], stdin: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errPipe
        try p.run()
        inPipe.fileHandleForWriting.write(Data(stdin.utf8))
        try inPipe.fileHandleForWriting.close()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(exe) \(args): \(String(decoding: err, as: UTF8.self))")
        return String(decoding: out, as: UTF8.self)
    }

    /// Feeds random sequences to a compiled emitted program and compares its values with the simulator.
    static func checkProgram(_ exe: String, _ g: Graph, _ name: String) throws {
        let seqs = randomSequences(g, count: 40, maxLength: 30, seed: 9)
        let text = seqs.map { s in
            s.map { x in String((0..<g.inputs.count).map { (x >> $0) & 1 == 1 ? "1" : "0" }) }.joined(separator: " ")
        }
        let lines = try run(exe, ["--values"], stdin: text.joined(separator: "\n") + "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        let ev = GraphEvaluator(g)
        for (s, seq) in seqs.enumerated() {
            let want = ev.trace(seq).outputs.flatMap { $0 }
            let got = s < lines.count ? lines[s].split(separator: " ").compactMap { Double($0) } : []
            #expect(got.count == want.count, "\(name) sequence \(s)")
            for (a, b) in zip(got, want) {
                #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "\(name) sequence \(s): \(a) vs \(b)")
            }
        }
        // The symbol output agrees with `bonsai run`'s format.
        let symbols = try run(exe, [], stdin: text.prefix(5).joined(separator: "\n") + "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        for (s, seq) in seqs.prefix(5).enumerated() {
            #expect(
                s < symbols.count
                    && String(symbols[s])
                        == SequenceText.format(Self.symbols(ev.trace(seq).outputs), outputs: g.outputs.count),
                "\(name) sequence \(s)")
        }
    }

    @Test(
        "emitted C compiles with the system compiler and reproduces the simulator",
        .enabled(if: cCompiler != nil, "no C compiler (cc, gcc, clang) on PATH; skipped"))
    func emittedC() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonsai-emit-c-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Every activation kind, the multi-valued and the analog graph: compiling each takes ~0.2 s.
        for (name, g) in try Self.graphs()
        where !name.hasPrefix("two-ago") && !name.hasPrefix("period") && !name.hasPrefix("balanced") {
            let src = dir.appendingPathComponent("graph.c"), exe = dir.appendingPathComponent("graph").path
            try? FileManager.default.removeItem(atPath: exe)
            try SourceEmitter.emit(g, language: .c, source: name).write(to: src, atomically: true, encoding: .utf8)
            _ = try Self.run(
                Self.cCompiler!,
                [
                    "-std=c99", "-D_POSIX_C_SOURCE=200809L", "-O1", "-Wall", "-Werror", "-DBONSAI_MAIN", src.path, "-o",
                    exe, "-lm",
                ], stdin: "")
            guard FileManager.default.fileExists(atPath: exe) else { continue }
            try Self.checkProgram(exe, g, name)
        }
    }

    static let swiftCompiler = tool(["swiftc"])

    @Test(
        "emitted Swift compiles and reproduces the simulator",
        .enabled(if: swiftCompiler != nil, "no swiftc on PATH; skipped"))
    func emittedSwift() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bonsai-emit-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // One graph (swiftc takes ~2 s): the mixer has Ameo, tanh and linear neurons and two outputs.
        let g = Self.mixer()
        let src = dir.appendingPathComponent("main.swift"), exe = dir.appendingPathComponent("graph").path
        try SourceEmitter.emit(g, language: .swift, source: "mixer").write(to: src, atomically: true, encoding: .utf8)
        _ = try Self.run(Self.swiftCompiler!, ["-D", "BONSAI_MAIN", src.path, "-o", exe], stdin: "")
        try #require(FileManager.default.fileExists(atPath: exe))
        try Self.checkProgram(exe, g, "mixer")
    }
}
