import ArgumentParser
import Bonsai
import Foundation

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract:
            "Explain a graph: what every neuron computes and the minimal state machine it implements, checked against the objective's.",
        discussion: """
            With a run directory: reads graph.json and the objective from config.json, writes explanation.md, \
            explanation.json, machine.dot and machine.json into it. With a graph file (a Bonsai graph, or one of \
            the original viewer's graphs with --objective): writes them into --out.
            """
    )

    @Argument(help: "A run directory, or a graph file.") var path: String
    @Option(
        help:
            "The objective of a graph file (default: the one the Bonsai graph names; required for the original viewer's graphs)."
    )
    var objective: String?
    @Option(help: "Where to write for a graph file (default: runs/explain-<file name>).") var out: String?
    @Flag(help: "Replace explanation files in --out that explain another graph.") var force = false
    @Flag(help: "Print the explanation as JSON (explanation.json's format) instead of the summary lines.") var json =
        false

    func run() throws {
        try runReportingErrors {
            let url = URL(fileURLWithPath: path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw BonsaiError.file(path, "no such file or directory")
            }
            let e: Explanation, written: URL
            if isDirectory.boolValue {
                guard objective == nil, out == nil, !force else {
                    throw BonsaiError(
                        "--objective, --out and --force apply to graph files; a run directory has its own objective")
                }
                e = try ExplainStage.run(url)
                written = RunDirectory(url).explanation
                // prune.json's verification, shown only when it was computed on this graph.json.
                if !json, let line = try ExplainStage.verificationLine(url, graph: try RunDirectory(url).readGraph()) {
                    print(line)
                }
            } else {
                let dir =
                    out.map { URL(fileURLWithPath: $0) }
                    ?? URL(fileURLWithPath: "runs").appendingPathComponent(
                        "explain-\(url.deletingPathExtension().lastPathComponent)")
                e = try ExplainStage.run(graphFile: url, objective: objective, into: dir, force: force)
                written = RunDirectory(dir).explanation
            }
            if json {
                try printJSON(e)
                return 0
            }
            print(e.summary)
            print("explanation: \(written.path)")
            return 0
        }
    }
}
