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
    @Option(help: "Prune-then-fine-tune rounds on the network before graph pruning (0: none).") var rounds = 8
    @Option(help: "Worker threads for fine-tuning and validation.") var threads = ProcessInfo.processInfo
        .activeProcessorCount
    @Flag(
        help:
            "Write a proven graph's machine on binary states with new neurons, each an exact gate (kept if it has no more edges)."
    )
    var binaryCodes = false
    @Flag(
        help:
            "Do not try invariant regions on graphs exploration only checks (neither proofs for every length nor the drift search)."
    )
    var noInvariantRegions = false
    @Flag(help: "Print only the result.") var quiet = false
    @Flag(help: "Print the result as JSON (format bonsai-prune) instead of the size table; progress stays on stderr.")
    var json = false

    func validate() throws {
        guard rounds >= 0 else { throw ValidationError("--rounds: must be ≥ 0") }
        guard threads >= 1 else { throw ValidationError("--threads: must be ≥ 1") }
    }

    func run() throws {
        try runReportingErrors {
            let printer = ProgressPrinter(mode: quiet ? .quiet : .auto)
            let url = URL(fileURLWithPath: runDir)
            let (graph, report) = try PruneStage.run(
                url, rounds: rounds, threads: threads, binaryCodes: binaryCodes,
                invariantRegions: !noInvariantRegions, printer: printer)
            if json {
                try printJSON(PruneDocument(dir: url, graph: graph, report: report))
                return 0
            }
            print(PruneStage.sizeTable(report), terminator: "")
            return 0
        }
    }
}
