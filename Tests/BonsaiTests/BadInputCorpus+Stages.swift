import Foundation

@testable import Bonsai

/// Corpus cases that run a whole stage (prune, view, explain, resume, train, compile's output check) on
/// the fixture run directory with one file broken.
extension BadInputCorpus {
    // MARK: Stages on a run directory with one broken file

    static func stage(
        _ what: String, breaking file: @escaping @Sendable (RunDirectory) -> URL, _ bytes: String,
        _ run: @escaping @Sendable (URL) throws -> Void
    ) -> BadInput {
        BadInput(
            name: "stage: \(what)", mentions: { file($0.dir).path }, run: { f in try run(f.dir.url) },
            prepare: { f in try Data(bytes.utf8).write(to: file(f.dir)) })
    }

    static let quiet = ProgressPrinter(mode: .quiet)

    static var stages: [BadInput] {
        let prune: @Sendable (URL) throws -> Void = {
            _ = try PruneStage.run($0, rounds: 1, threads: 1, printer: quiet)
        }
        let view: @Sendable (URL) throws -> Void = { try ViewStage.run($0) }
        let explain: @Sendable (URL) throws -> Void = { _ = try ExplainStage.run($0) }
        let resume: @Sendable (URL) throws -> Void = { _ = try TrainingRun.resume($0, threads: 1, printer: quiet) }
        let hugeCells =
            #"{"format":"bonsai-network","version":1,"objective":"two-ago","shape":{"inputSize":1,"outputSize":1,"postLayer":true,"cells":[{"outputSize":1000000000,"stateSize":1000000000,"outputActivation":"tanh","stateActivation":"tanh","bias":true}]},"tensors":[]}"#
        let wideGraph =
            #"{"format":"bonsai-graph","version":1,"objective":"two-ago","inputs":["#
            + (0..<30).map { "\"x\($0)\"" }.joined(separator: ",")
            + #"],"neurons":[],"states":[],"outputs":[{"name":"y","from":{"input":0}}]}"#
        return [
            stage("prune: network of 10^9 units", breaking: { $0.network }, hugeCells, prune),
            stage("prune: network not JSON", breaking: { $0.network }, "garbage", prune),
            stage(
                "prune: config of 99999x99999 cells", breaking: { $0.config },
                "{\"format\":\"bonsai-run\",\"version\":1}", prune),
            stage("view: network of 10^9 units", breaking: { $0.network }, hugeCells, view),
            stage("view: graph with 30 inputs", breaking: { $0.graph }, wideGraph, view),
            stage("view: prune report not JSON", breaking: { $0.pruneReport }, "{", view),
            stage(
                "view: explanation with a machine out of range", breaking: { $0.explanationJSON },
                #"{"format": "bonsai-explanation", "neurons": [], "machine": {"states": 1, "start": 0, "transitions": [{"from": 0, "input": "1", "to": 5, "output": "0"}]}}"#,
                view),
            stage("view: summary of the wrong shape", breaking: { $0.summary }, "[]", view),
            stage("view: metrics without a header", breaking: { $0.metrics(3) }, "1,2,3\n", view),
            stage("explain: graph with 30 inputs", breaking: { $0.graph }, wideGraph, explain),
            stage("explain: graph not JSON", breaking: { $0.graph }, "\u{0}\u{1}", explain),
            stage(
                "explain: config of another version", breaking: { $0.config },
                "{\"format\":\"bonsai-run\",\"version\":7}", explain),
            stage(
                "resume: config of another kind", breaking: { $0.config },
                "{\"format\":\"bonsai-graph\",\"version\":1}", resume),
            stage("resume: summary not JSON", breaking: { $0.summary }, "{", resume),
            BadInput(
                name: "stage: explain --out the run directory with another graph", mentions: { $0.dir.url.path },
                run: { f in
                    var other = GraphTests.twoAgo()
                    other.neurons[0].bias += 0.5
                    let file = f.scratch.appendingPathComponent("other.json")
                    try other.write(file)
                    _ = try ExplainStage.run(graphFile: file, objective: nil, into: f.dir.url)
                }),
            BadInput(
                name: "stage: compile -o the run's graph.json", mentions: { $0.dir.graph.path },
                run: { f in
                    try OutputGuard.check(f.dir.graph, option: "-o", inputs: [f.dir.graph])
                }),
            BadInput(
                name: "stage: compile -o the run's network.json", mentions: { $0.dir.network.path },
                run: { f in
                    try OutputGuard.check(f.dir.network, option: "-o", inputs: [f.dir.graph])
                }),
            BadInput(
                name: "stage: compile -o the run directory", mentions: { $0.dir.url.path },
                run: { f in
                    try OutputGuard.check(f.dir.url, option: "-o", inputs: [f.dir.graph])
                }),
            BadInput(
                name: "stage: train into the existing run directory", mentions: { $0.dir.url.path },
                run: { f in
                    _ = try TrainingRun.start(try RunConfig.read(f.dir.config), in: f.dir.url, printer: quiet)
                }),
        ]
    }
}
