import ArgumentParser
import Bonsai
import Foundation

struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Write RUN_DIR/index.html: an interactive page of the run's graph (self-contained, opens from disk).",
        discussion:
            "Needs graph.json (bonsai prune); shows the training story, the trained network and the explanation when the run has them."
    )

    @Argument(help: "The run directory.") var runDir: String
    @Option(help: "Graph layout: builtin, or dot (Graphviz must be installed).") var layout: String = "builtin"
    @Option(
        help:
            "First import one of the original demo graphs (a JSON file) into RUN_DIR as graph.json; needs --objective.")
    var importReference: String?
    @Option(help: "The objective of an imported graph.") var objective: String?

    func run() throws {
        try runReportingErrors {
            guard let engine = PageBuilder.Layout(rawValue: layout) else {
                throw BonsaiError("--layout: expected builtin or dot, got '\(layout)'")
            }
            if let importReference {
                guard let objective else { throw BonsaiError("--import-reference needs --objective NAME") }
                try ViewStage.importReference(
                    URL(fileURLWithPath: importReference), objective: objective, into: URL(fileURLWithPath: runDir))
            }
            let page = try ViewStage.run(URL(fileURLWithPath: runDir), layout: engine)
            print("page: \(page.path)")
            return 0
        }
    }
}
