import Foundation

/// `bonsai prune RUN_DIR`: the run's smallest validated network → pruned, simplified, verified graph.
/// Writes into the run directory: graph.json, graph.dot, prune.json (size table + verification) and
/// sizes.md (the size table as Markdown).
public enum PruneStage {
    public static func run(_ url: URL, printer: ProgressPrinter) throws -> (Graph, Pruning.Report) {
        let dir = RunDirectory(url)
        guard FileManager.default.fileExists(atPath: dir.config.path) else {
            throw BonsaiError.file(url.path, "not a run directory (no config.json)")
        }
        let config = try RunConfig.read(dir.config)
        guard FileManager.default.fileExists(atPath: dir.network.path) else {
            throw BonsaiError.file(dir.network.path, "missing: the run has no validated network yet (train it first)")
        }
        let network = try Checkpoint.read(dir.network).network()
        let objective = try BuiltinObjectives.named(config.objective)
        var pruning = Pruning(objective: objective, trainingLength: config.training.sequenceLength)
        pruning.log = { printer.message("  " + $0) }
        let start = Graph(network: network, objective: objective.name)
        printer.message("pruning \(objective.name): \(start.size)")
        let (graph, report) = try pruning.run(start)
        try graph.write(dir.graph)
        try AtomicFile.write(graph.dot(title: objective.name), to: dir.dot)
        try AtomicFile.writeJSON(report, to: dir.pruneReport)
        try AtomicFile.write(sizeTable(report), to: dir.sizes)
        printer.message("verification: \(report.verification.summary)")
        return (graph, report)
    }

    /// The size table, one row per stage.
    public static func sizeTable(_ r: Pruning.Report) -> String {
        var s = "| stage | inputs | states | neurons | edges | nonzero parameters | rejected candidates |\n|---|---|---|---|---|---|---|\n"
        for st in r.stages {
            let z = st.size
            s += "| \(st.name) | \(z.inputs) | \(z.states) | \(z.neurons) | \(z.edges) | \(z.parameters) | \(st.rejected) |\n"
        }
        s += "\nVerification: \(r.verification.summary).\n"
        return s
    }
}

extension RunDirectory {
    public var graph: URL { url.appendingPathComponent("graph.json") }
    public var dot: URL { url.appendingPathComponent("graph.dot") }
    public var pruneReport: URL { url.appendingPathComponent("prune.json") }
    public var sizes: URL { url.appendingPathComponent("sizes.md") }
}
