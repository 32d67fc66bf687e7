import Foundation

/// `bonsai view RUN_DIR`: gathers what a run directory has into the page and writes `index.html`.
/// graph.json is required; the rest (config, metrics, prune report, network, explanation) is shown when
/// present. A file that is present but malformed is an error naming it, never silently skipped.
public enum ViewStage {
    @discardableResult
    public static func run(_ url: URL, layout: PageBuilder.Layout = .builtin) throws -> URL {
        let dir = RunDirectory(url)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
            throw BonsaiError.file(url.path, "no such run directory")
        }
        let graph = try dir.readGraph()
        var notes: [String] = []
        var config: RunConfig?
        if fm.fileExists(atPath: dir.config.path) { config = try RunConfig.read(dir.config) }
        // A run's config knows its objective (a spec file's too); a bare graph directory names a built-in.
        let objective: any Objective
        if let config {
            do { objective = try config.makeObjective() } catch let e as BonsaiError {
                throw BonsaiError.file(dir.config.path, e.description)
            }
        } else {
            do { objective = try BuiltinObjectives.named(graph.objective) } catch let e as BonsaiError {
                throw BonsaiError.file(dir.graph.path, e.description)
            }
        }

        var builder = PageBuilder(graph: graph, objective: objective)
        builder.layout = layout
        builder.training = config?.training
        if fm.fileExists(atPath: dir.summary.path) {
            let summary = try AtomicFile.readJSON(RunSummary.self, from: dir.summary)
            if let seed = summary.solvedSeed ?? summary.attempts.last?.seed {
                let metricsURL = dir.metrics(seed)
                if fm.fileExists(atPath: metricsURL.path) {
                    var m = try TrainingMetrics.read(metricsURL)
                    let attempt = summary.attempts.last { $0.seed == seed }
                    m.seed = seed
                    m.solvedAtStep = attempt?.solvedAtStep
                    m.bestStep = attempt?.bestStep
                    m.totalWeights = attempt?.weightCount
                    builder.metrics = m
                } else {
                    notes.append("no \(metricsURL.lastPathComponent) for seed \(seed)")
                }
            }
        }
        if fm.fileExists(atPath: dir.network.path) {
            builder.dense = Graph(network: try Checkpoint.read(dir.network).network(), objective: objective.name)
        }
        // Results are shown only for the graph they were computed on (their recorded hash).
        if fm.fileExists(atPath: dir.pruneReport.path) {
            let report = try AtomicFile.readJSON(Pruning.Report.self, from: dir.pruneReport)
            builder.pruneReport = report
            builder.verificationNote = ResultFreshness(recorded: report.graphHash, graph: graph).verificationNote(
                "bonsai prune")
        }
        let explanation = dir.explanationJSON
        if fm.fileExists(atPath: explanation.path) {
            let e = try ExplanationSummary.read(explanation)
            if let note = ResultFreshness(recorded: e.graphHash, graph: graph).verificationNote("bonsai explain") {
                notes.append(
                    "explanation.json not shown: \(note.replacingOccurrences(of: "not verified", with: "not for this graph"))"
                )
            } else {
                builder.explanation = e
            }
        }
        // An imported or bare graph (no run config) has no explanation files: it explains itself here, so
        // its page has the neurons' functions and the state machine too.
        if config == nil, builder.explanation == nil, !fm.fileExists(atPath: explanation.path),
            let summary = try? Self.explainInMemory(graph, objective: objective)
        {
            builder.explanation = summary
            notes.append(
                "explained while writing the page (`bonsai explain \(url.lastPathComponent)/graph.json --objective \(objective.name)` writes explanation.md and machine.dot)"
            )
        }
        builder.notes = notes + ["run: \(url.lastPathComponent)"]
        let html: String
        do { html = try builder.html() } catch let e as BonsaiError {
            throw BonsaiError.file(dir.graph.path, e.description)
        }
        try AtomicFile.write(html, to: dir.page)
        return dir.page
    }
}

extension ViewStage {
    /// The explanation as the page reads it (explanation.json's fields), without writing any file.
    static func explainInMemory(_ graph: Graph, objective: any Objective) throws -> ExplanationSummary {
        let (e, _) = try Explainer.explain(graph.named(for: objective), objective: objective)
        return try JSONDecoder().decode(ExplanationSummary.self, from: try JSONEncoder().encode(e))
    }

    /// Makes `url` a directory holding one of the original implementation's demo graphs as graph.json,
    /// so `bonsai view` can show it. Refuses to overwrite a graph.json already there.
    public static func importReference(_ file: URL, objective: String, into url: URL) throws {
        _ = try BuiltinObjectives.named(objective)
        let graph = try Graph.importReference(file, objective: objective)
        let dir = RunDirectory(url)
        guard !FileManager.default.fileExists(atPath: dir.graph.path) else {
            throw BonsaiError.file(dir.graph.path, "already exists; choose another directory to import into")
        }
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw BonsaiError.file(url.path, "cannot create: \(AtomicFile.reason(error))")
        }
        try graph.write(dir.graph)
    }
}

extension RunDirectory {
    /// The interactive page (`bonsai view`).
    public var page: URL { url.appendingPathComponent("index.html") }
}
