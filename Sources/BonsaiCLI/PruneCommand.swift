import ArgumentParser
import Bonsai
import Foundation

struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Prune a trained run's network into a small graph, simplify it, and verify it against the objective.",
        discussion: "Writes graph.json, graph.dot, prune.json and sizes.md into the run directory."
    )

    @Argument(help: "The run directory (from `bonsai train` or `bonsai demo`).") var runDir: String
    @Flag(help: "Print only the result.") var quiet = false

    func run() throws {
        try runReportingErrors {
            let printer = ProgressPrinter(mode: quiet ? .quiet : .auto)
            let (_, report) = try PruneStage.run(URL(fileURLWithPath: runDir), printer: printer)
            print(PruneStage.sizeTable(report), terminator: "")
            return 0
        }
    }
}
