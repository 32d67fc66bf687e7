import Foundation
import Testing

@testable import Bonsai

@Suite("Interactive page: layout, data, run directory")
struct ViewPageTests {
    @Test(
        "builtin layout: inputs first, outputs last, every forward edge left to right, states before their readers",
        arguments: ViewFixtures.seedObjectives)
    func layoutIsLayered(name: String) throws {
        var graphs = [try ViewFixtures.randomGraph(name)]
        if let r = try ViewFixtures.referenceGraph(name) { graphs.append(r) }
        for g in graphs {
            let l = GraphLayout(g)
            let xs = l.positions.values.map(\.x)
            for i in g.inputs.indices { #expect(l.positions[.input(i)]!.x == xs.min()) }
            for m in g.outputs.indices { #expect(l.positions[.output(m)]!.x == xs.max()) }
            for e in GraphLayout.edges(of: g) where !e.back {
                #expect(l.positions[e.from]!.x < l.positions[e.to]!.x, "\(name): \(e.from.id) → \(e.to.id)")
            }
            // No two nodes at the same place.
            let points = Set(l.positions.values.map { "\($0.x),\($0.y)" })
            #expect(points.count == l.positions.count)
            #expect(l.routes.count == GraphLayout.edges(of: g).count)
        }
    }

    @Test("packing keeps the order and the gaps, and moves nothing that needs no move")
    func packing() {
        #expect(GraphLayout.packed([0, 100, 300], sizes: [80, 80, 80]) == [0, 100, 300])
        let p = GraphLayout.packed([10, 10, 10], sizes: [80, 80, 80])
        #expect(p == [-70, 10, 90])
        let q = GraphLayout.packed([0, 5], sizes: [80, 20])
        #expect(q[1] - q[0] == 50)
    }

    @Test("page data: the embedded trace is the Swift evaluator's, the reference table reproduces the objective")
    func pageData() throws {
        let g = try ViewFixtures.randomGraph("replace-1-with-111")
        let builder = PageBuilder(graph: g, objective: Replace1With111())
        let d = try builder.data()
        #expect(d.selftest.values == GraphEvaluator(g).trace(d.selftest.inputs).values)
        #expect(d.examples.count == 6 && d.examples.allSatisfy { $0.count == builder.exampleLength })
        #expect(d.examples == builder.examples(), "examples are reproducible")
        let t = try #require(d.reference)
        var s = t.start
        let outs = d.examples[1].map { x -> Int in
            defer { s = t.next[s][x] }
            return t.output[s][x]
        }
        #expect(outs == Replace1With111().outputs(for: d.examples[1]))
        #expect(d.graph.nodes.count == g.inputs.count + g.states.count + g.neurons.count + g.outputs.count)
        #expect(d.graph.edges.count == g.size.edges + g.states.count + g.outputs.count)
    }

    @Test("the page is self-contained: strict CSP, no external URL, data and script inline")
    func selfContained() throws {
        let html = try PageBuilder(graph: try ViewFixtures.randomGraph("two-ago"), objective: TwoAgo()).html()
        #expect(
            html.contains("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"))
        #expect(!html.contains(" src=") && !html.contains(" href="))
        let urls = html.components(separatedBy: "://").dropFirst().filter { !$0.hasPrefix("www.w3.org/2000/svg") }
        #expect(urls.isEmpty, "only the SVG namespace may name a URL")
        #expect(html.contains("id=\"bonsai-data\""))
    }

    @Test("a name with </script> cannot end the data element early")
    func scriptEscape() throws {
        var g = try ViewFixtures.randomGraph("two-ago")
        g.neurons[0].name = "</script><b>"
        let html = try PageBuilder(graph: g, objective: TwoAgo()).html()
        #expect(html.components(separatedBy: "</script>").count == 3)
    }

    @Test("a graph with the wrong number of inputs is refused")
    func wrongArity() throws {
        let g = try ViewFixtures.randomGraph("logic-gate-switcher")
        #expect(throws: BonsaiError.self) { try PageBuilder(graph: g, objective: TwoAgo()).html() }
    }

    // MARK: run directories

    /// A run directory as `bonsai demo` leaves it, from an untrained network (the page does not care).
    static func runDir(metrics: String? = nil, explanation: String? = nil) throws -> URL {
        let url = ViewFixtures.tempDir()
        let dir = RunDirectory(url)
        let o = TwoAgo()
        let net = try Network(shape: o.preset.shape(inputSize: 1, outputSize: 1), seed: 3)
        let graph = Graph(network: net, objective: o.name)
        try graph.write(dir.graph)
        try Checkpoint(objective: o.name, network: net).write(dir.network)
        try AtomicFile.writeJSON(
            RunConfig(objective: o.name, seed: 3, restarts: 0, threads: 1, training: o.preset), to: dir.config)
        let summary = """
            {"objective":"two-ago","status":"solved","seedsTried":1,"seedsSolved":1,"solvedSeed":3,
             "attempts":[{"seed":3,"result":"solved","steps":3,"seconds":0.1,"solvedAtStep":2,"bestStep":2,"weightCount":22,"nanRecoveries":0}]}
            """
        try AtomicFile.write(summary, to: dir.summary)
        try FileManager.default.createDirectory(at: dir.seedDirectory(3), withIntermediateDirectories: true)
        try AtomicFile.write(
            metrics ?? """
                \(MetricsRow.csvHeader)
                0,1.0e+00,5.0e-02,22,,0.010,0.01,0.05
                1,5.0e-01,4.0e-02,20,,0.020,0.01,0.05
                2,1.0e-02,3.0e-02,9,1.000000,0.030,0.01,0.05

                """, to: dir.metrics(3))
        // The page shows an explanation only for the graph it explains: record this graph's hash.
        if let explanation {
            try AtomicFile.write(
                explanation.replacingOccurrences(
                    of: "\"format\": \"bonsai-explanation\",",
                    with: "\"format\": \"bonsai-explanation\", \"graphHash\": \"\(graph.contentHash)\","),
                to: dir.explanationJSON)
        }
        return url
    }

    static let sampleExplanation = """
        { "format": "bonsai-explanation", "version": 1, "objective": "two-ago",
          "neurons": [ { "name": "c0.r0", "kind": "boolean", "function": "XOR(x0, c0.s1)",
                         "inputs": ["x0", "c0.s1"], "levels": [[-1, 1], [-1, 1]], "outputLevels": [-1, 1],
                         "truthTable": [ {"inputs": [0, 1], "output": 1}, {"inputs": [1, 1], "output": null} ],
                         "range": [-0.5, 2.0] } ],
          "states": [ { "name": "c0.s0", "values": [-1, 1] } ],
          "machine": { "states": 2, "start": 0, "inputs": ["0", "1"], "outputs": ["0", "1"],
                       "transitions": [ {"from": 0, "input": "1", "to": 1, "output": "0"}, {"from": 1, "input": "1", "to": 1, "output": "1"} ],
                       "encoding": [ {"state": 0, "graphStates": [[1, -1]]} ] },
          "reference": { "states": 4 }, "equivalent": true, "isomorphic": false, "counterexample": null, "seconds": 0.01 }
        """

    @Test(
        "the page reads what the explanation stage writes (two-ago demo graph)",
        .enabled(if: DemoGraphs.available, DemoGraphs.missing))
    func explanationStageOutput() throws {
        let dir = ViewFixtures.tempDir()
        let graphFile = dir.appendingPathComponent("graph.json")
        try DemoGraphs.load("two-ago").write(graphFile)
        let written = try ExplainStage.run(graphFile: graphFile, objective: "two-ago", into: dir)
        let read = try ExplanationSummary.read(RunDirectory(dir).explanationJSON)
        #expect(read.neurons.map(\.name) == written.neurons.map(\.name))
        #expect(read.neurons.allSatisfy { $0.function?.isEmpty == false })
        #expect(read.machine?.states == 4 && read.machine?.transitions.count == 8 && read.isomorphic == true)
    }

    @Test("bonsai view writes index.html with the training story, the dense network and the explanation")
    func viewRunDirectory() throws {
        let url = try Self.runDir(explanation: Self.sampleExplanation)
        let page = try ViewStage.run(url)
        #expect(page == RunDirectory(url).page)
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("\"solvedAtStep\":2") && html.contains("\"weightsAbove\":[22,20,9]"))
        #expect(html.contains("\"validations\":[[2,1]]"))
        #expect(html.contains("\"function\":\"XOR(x0, c0.s1)\"") && html.contains("\"truthTable\""))
        #expect(html.contains("\"dense\":{"))
        let e = try ExplanationSummary.read(RunDirectory(url).explanationJSON)
        #expect(e.machine?.transitions.count == 2 && e.neurons[0].truthTable?[1].output == nil)
    }

    @Test(
        "a malformed run directory gives one error naming the file",
        arguments: [
            "missing graph", "bad graph", "bad metrics row", "bad metrics header", "bad explanation", "bad summary",
        ])
    func malformed(_ what: String) throws {
        var url = try Self.runDir()
        let dir = { RunDirectory(url) }
        let file: URL
        switch what {
        case "missing graph":
            try FileManager.default.removeItem(at: dir().graph)
            file = dir().graph
        case "bad graph":
            try AtomicFile.write("{\"format\": \"bonsai-graph\", \"version\": 1, \"objective\": 3}", to: dir().graph)
            file = dir().graph
        case "bad metrics row":
            url = try Self.runDir(metrics: MetricsRow.csvHeader + "\n0,1.0,0.5,22,,0.1,0.01,0.05\n1,oops,0.5\n")
            file = dir().metrics(3)
        case "bad metrics header":
            url = try Self.runDir(metrics: "a,b,c\n1,2,3\n")
            file = dir().metrics(3)
        case "bad explanation":
            url = try Self.runDir(
                explanation:
                    #"{"format": "bonsai-explanation", "neurons": [], "machine": {"states": 1, "start": 0, "transitions": [{"from": 0, "input": "1", "to": 5, "output": "0"}]}}"#
            )
            file = dir().explanationJSON
        default:
            try AtomicFile.write("{\"objective\": 1}", to: dir().summary)
            file = dir().summary
        }
        do {
            try ViewStage.run(url)
            Issue.record("\(what): no error")
        } catch let e as BonsaiError {
            #expect(e.description.hasPrefix(file.path + ":"), "\(what): \(e.description)")
            #expect(!e.description.contains("\n"))
            if what == "bad metrics row" { #expect(e.description.contains("line 3")) }
        }
        #expect(!FileManager.default.fileExists(atPath: dir().page.path), "no page is written for a malformed run")
    }

    @Test(
        "importing a demo graph makes a directory bonsai view can show, and refuses to overwrite",
        .enabled(if: DemoGraphs.available, DemoGraphs.missing))
    func importReference() throws {
        let url = ViewFixtures.tempDir().appendingPathComponent("ref")
        let file = DemoGraphs.directory.appendingPathComponent("two-ago.json")
        try ViewStage.importReference(file, objective: "two-ago", into: url)
        #expect(try Graph.read(RunDirectory(url).graph) == DemoGraphs.load("two-ago"))
        try ViewStage.run(url)
        #expect(throws: BonsaiError.self) { try ViewStage.importReference(file, objective: "two-ago", into: url) }
    }

    @Test("a bare graph's page explains the graph itself (functions and state machine), with a note naming the command")
    func bareGraphExplainsItself() throws {
        let url = ViewFixtures.tempDir()
        try GraphTests.twoAgo().write(RunDirectory(url).graph)
        let html = try String(contentsOf: try ViewStage.run(url), encoding: .utf8)
        #expect(html.contains("\"isomorphic\":true") && html.contains("\"machine\":{"))
        #expect(html.contains("explained while writing the page"))
        #expect(
            !FileManager.default.fileExists(atPath: RunDirectory(url).explanation.path),
            "the page writes no explanation files")
    }
}
