import Foundation

/// `bonsai explain`: explains a run's graph (or a bare graph file) and writes explanation.md,
/// explanation.json, machine.dot (and machine.dfa.dot for one output) and machine.json.
public enum ExplainStage {
    /// Explains RUN_DIR/graph.json against the objective in RUN_DIR/config.json, writing into RUN_DIR.
    public static func run(_ url: URL) throws -> Explanation {
        let dir = RunDirectory(url)
        guard FileManager.default.fileExists(atPath: dir.config.path) else {
            throw BonsaiError.file(
                url.path, "not a run directory (no config.json); for a graph file use `bonsai explain GRAPH.json`")
        }
        let config = try RunConfig.read(dir.config)
        let graph = try dir.readGraph()
        return try explain(graph, source: dir.graph, objective: try config.makeObjective(), into: dir)
    }

    /// Explains a graph file: a Bonsai graph (its objective, unless `objective` is given) or one of the
    /// original viewer's graphs (`objective` required). Writes into `output`, creating it if needed.
    /// Explanation files already in `output` are replaced only when they explain this same graph, or
    /// with `force`: `--out` naming a run directory must not silently replace that run's explanation.
    public static func run(
        graphFile url: URL, objective name: String?, into output: URL, force: Bool = false
    ) throws -> Explanation {
        struct Header: Decodable { var format: String? }
        let header = try AtomicFile.readJSON(Header.self, from: url)
        let graph: Graph
        if header.format == Graph.format {
            graph = try Graph.read(url)
        } else if let name {
            graph = try Graph.importReference(url, objective: name)
        } else {
            throw BonsaiError.file(
                url.path,
                "not a Bonsai graph (format '\(header.format ?? "missing")'); for an original demo graph pass --objective NAME"
            )
        }
        let objective = try BuiltinObjectives.named(name ?? graph.objective)
        if !force { try refuseReplacing(RunDirectory(output), with: graph) }
        do { try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true) } catch {
            throw BonsaiError.file(output.path, "cannot create: \(AtomicFile.reason(error))")
        }
        return try explain(graph, source: url, objective: objective, into: RunDirectory(output))
    }

    /// Throws when `dir` holds explanation files that are not known to explain `graph` (another graph's,
    /// or from before hashes were recorded): nothing saved is overwritten or deleted without --force.
    static func refuseReplacing(_ dir: RunDirectory, with graph: Graph) throws {
        let fm = FileManager.default
        let existing = [dir.explanation, dir.explanationJSON, dir.machineDOT, dir.machineDFA, dir.machineJSON].filter {
            fm.fileExists(atPath: $0.path)
        }
        guard !existing.isEmpty else { return }
        let recorded = (try? ExplanationSummary.read(dir.explanationJSON))?.graphHash
        guard recorded != graph.contentHash else { return }
        throw BonsaiError(
            "--out \(dir.url.path): already holds \(existing.map(\.lastPathComponent).joined(separator: ", ")) of another graph; choose another --out, or pass --force to replace them"
        )
    }

    /// The verification recorded in a run's prune.json, for the graph in graph.json only.
    public static func verificationLine(_ url: URL, graph: Graph) throws -> String? {
        let dir = RunDirectory(url)
        guard FileManager.default.fileExists(atPath: dir.pruneReport.path) else { return nil }
        let report = try AtomicFile.readJSON(Pruning.Report.self, from: dir.pruneReport)
        let note = ResultFreshness(recorded: report.graphHash, graph: graph).verificationNote(
            "`bonsai prune \(url.path)`")
        return "verification: " + (note ?? report.verification.summary)
    }

    /// `source`: the graph's file, named in errors (a graph that does not fit the objective).
    static func explain(
        _ graph: Graph, source: URL, objective: any Objective, into dir: RunDirectory
    ) throws -> Explanation {
        var e: Explanation, machines: Explainer.Machines
        // Explained in the spec's own names; the hash stays graph.json's, which the page checks it against.
        let named = graph.named(for: objective)
        do { (e, machines) = try Explainer.explain(named, objective: objective) } catch let error as BonsaiError {
            throw BonsaiError.file(source.path, error.description)
        }
        e.graphHash = graph.contentHash
        if !e.exploration.closed {
            // The run's certificate when it still checks for this graph, else a fresh attempt.
            if let c = try? InvariantCertificate.read(dir.invariant), c.check(graph, objective: objective).valid {
                e.invariant = .make(c)
            } else {
                let proof = InvariantProver.prove(graph, objective: objective)
                if let c = proof.certificate {
                    try c.write(dir.invariant)
                    e.invariant = .make(c)
                } else {
                    try? FileManager.default.removeItem(at: dir.invariant)
                    let drift = proof.drift.map { "; it drifts: " + $0.description } ?? ""
                    e.invariant = .init(
                        proven: false, margin: nil, rows: [], problem: proof.failure.map { $0.message + drift },
                        counterexample: proof.counterexample?.map { MealyMachine.label($0, bits: objective.inputCount) }
                    )
                }
            }
        }
        // The report last: its presence means the others are written.
        try AtomicFile.writeJSON(e, to: dir.explanationJSON)
        if let m = machines.extracted, let described = e.machine {
            try AtomicFile.write(MachineExport.dot(m), to: dir.machineDOT)
            if let dfa = MachineExport.dfaDOT(m) {
                try AtomicFile.write(dfa, to: dir.machineDFA)
            } else {
                try? FileManager.default.removeItem(at: dir.machineDFA)
            }
            try AtomicFile.writeJSON(
                MachineExport.File(
                    objective: objective.name, inputNames: named.inputs,
                    outputNames: named.outputs.map(\.name), machine: described),
                to: dir.machineJSON)
        } else {
            // A stale machine from an earlier graph would contradict the report.
            for f in [dir.machineDOT, dir.machineDFA, dir.machineJSON] { try? FileManager.default.removeItem(at: f) }
        }
        try AtomicFile.write(e.markdown, to: dir.explanation)
        return e
    }
}

extension RunDirectory {
    public var explanation: URL { url.appendingPathComponent("explanation.md") }
    public var explanationJSON: URL { url.appendingPathComponent("explanation.json") }
    /// The extracted, minimized machine (absent when the graph is analog).
    public var machineDOT: URL { url.appendingPathComponent("machine.dot") }
    public var machineJSON: URL { url.appendingPathComponent("machine.json") }
    /// The machine as a DFA, for one-output machines (acceptors): accepting states marked.
    public var machineDFA: URL { url.appendingPathComponent("machine.dfa.dot") }
}
