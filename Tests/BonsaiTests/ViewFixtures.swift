import Foundation
import Testing

@testable import Bonsai

/// Graphs and tools for the page tests: graphs come from randomly initialised networks of each seed
/// objective's preset shape (no training needed) and from the original demo graphs when present.
enum ViewFixtures {
    static let seedObjectives = [
        "two-ago", "replace-1-with-111", "period-3-loop", "balanced-parentheses", "logic-gate-switcher",
    ]

    /// The dense graph of a fresh network with the objective's preset shape.
    static func randomGraph(_ name: String, seed: UInt64 = 7) throws -> Graph {
        let o = try BuiltinObjectives.named(name)
        let net = try Network(shape: o.preset.shape(inputSize: o.inputCount, outputSize: o.outputCount), seed: seed)
        return Graph(network: net, objective: name)
    }

    /// A bonsai-sized graph of the objective: the random network keeping each neuron's two largest
    /// weights. (Graphviz needs minutes for the dense switcher network with every edge labelled.)
    static func sparseGraph(_ name: String) throws -> Graph {
        var g = try randomGraph(name)
        for k in g.neurons.indices {
            g.neurons[k].edges = Array(g.neurons[k].edges.sorted { abs($0.weight) > abs($1.weight) }.prefix(2))
        }
        try g.validate()
        return g
    }

    /// The original demo graph of an objective, when ../shared is there.
    static func referenceGraph(_ name: String) throws -> Graph? {
        guard DemoGraphs.available, let stem = DemoGraphs.objectives.first(where: { $0.objective == name })?.stem else {
            return nil
        }
        return try DemoGraphs.load(stem)
    }

    /// Our switcher graph (6 states, 15 neurons, 73 edges; `bonsai demo --objective logic-gate-switcher`),
    /// kept beside the tests because training it takes minutes.
    static func ourSwitcher() throws -> Graph {
        try Graph.read(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "Fixtures/switcher-graph.json"))
    }

    /// CI must run the browser and Graphviz checks; locally they are skipped with a message when missing.
    static let inCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "0" } ?? false

    static func executable(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for dir in path.split(separator: ":") {
                let p = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }

    static let chromium = executable(["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"])
    static let dot = executable(["dot"])

    /// Runs a program, returning (status, stdout); kills it after `timeout` seconds.
    static func run(_ exe: String, _ args: [String], timeout: TimeInterval = 60) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = DispatchTime.now() + timeout
        // SIGKILL: a busy dot does not stop on SIGTERM.
        let killer = DispatchWorkItem { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: deadline, execute: killer)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        killer.cancel()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func tempDir() -> URL { FilesAndErrorsTests.tempDir() }
}
