import Foundation

/// `bonsai prune RUN_DIR`: the run's smallest validated network → pruned, simplified, verified graph.
/// Writes into the run directory: network-pruned.json (after prune-and-fine-tune rounds), graph.json,
/// graph.dot, prune.json (size table + verification) and sizes.md (the size table as Markdown).
public enum PruneStage {
    /// `rounds`: prune-then-fine-tune rounds on the network before it becomes a graph (0: none).
    /// `binaryCodes`: write a proven result's machine on binary states with new neurons
    /// (`Pruning.binaryRecode`) when that takes no more edges.
    /// `shouldStop`: once it returns true no prune round or stage starts; the best graph so far is the result.
    /// `invariantRegions`: the full checks try invariant regions on graphs exploration only checks
    /// (`Pruning.fullCheck`): proofs for every length, and drift the sampled check misses.
    public static func run(
        _ url: URL, rounds: Int = 8, threads: Int = 2, binaryCodes: Bool = false,
        shouldStop: @escaping () -> Bool = { false },
        invariantRegions: Bool = true, printer: ProgressPrinter
    ) throws -> (Graph, Pruning.Report) {
        let dir = RunDirectory(url)
        guard FileManager.default.fileExists(atPath: dir.config.path) else {
            throw BonsaiError.file(url.path, "not a run directory (no config.json)")
        }
        let config = try RunConfig.read(dir.config)
        guard FileManager.default.fileExists(atPath: dir.network.path) else {
            throw BonsaiError.file(dir.network.path, "missing: the run has no validated network yet (train it first)")
        }
        let original = try Checkpoint.read(dir.network).network()
        var network = original
        let objective = try config.makeObjective()
        let dense = Graph(network: network, objective: objective.name).size
        if rounds > 0 {
            printer.message(
                "prune and fine-tune \(objective.name): \(network.parameters.filter { $0 != 0 }.count) nonzero parameters"
            )
            var tuner = PruneAndFineTune(
                objective: objective, config: config.training, seed: config.seed, threads: threads)
            tuner.rounds = rounds
            tuner.log = { printer.message("  " + $0) }
            tuner.shouldStop = shouldStop
            network = tuner.run(network)
            try Checkpoint(objective: objective.name, network: network).write(dir.prunedNetwork)
        }
        var pruning = Pruning(objective: objective, trainingLength: config.training.sequenceLength)
        pruning.log = { printer.message("  " + $0) }
        pruning.shouldStop = shouldStop
        pruning.invariantRegions = invariantRegions
        printer.message("pruning \(objective.name): \(Graph(network: network, objective: objective.name).size)")
        var graph: Graph, report: Pruning.Report
        // Fine-tuning validates on sequences twice the training length; verification looks 10× as far. A
        // fine-tuned network that drifts on long sequences is dropped for the trained one. Only when
        // neither can be repaired with codes from its trained values are their states cut to bits.
        // Last, a network that only drifts is pruned all the same (`Pruning.prunesDriftingNetworks`).
        let networks = [network] + (rounds > 0 ? [original] : [])
        let candidates =
            networks.map { ($0, false, false) } + networks.map { ($0, true, false) }
            + networks.map { ($0, false, true) }
        func name(_ n: Network) -> String { n == original ? "trained" : "fine-tuned" }
        var attempt = 0
        while true {
            (network, pruning.repairByCuttingToBits, pruning.prunesDriftingNetworks) = candidates[attempt]
            var failure = ""
            do {
                let result = try pruning.run(Graph(network: network, objective: objective.name))
                if result.1.verification.passed {
                    (graph, report) = result
                    break
                }
                // Only a drifting network's pruning can end failing: then, as before, no graph is written.
                failure = "pruned all the same, its graph still fails: \(result.1.verification.summary)"
                if attempt + 1 == candidates.count {
                    throw BonsaiError("the network does not compute \(objective.name): \(failure)")
                }
            } catch let e as BonsaiError where attempt + 1 < candidates.count {
                failure = e.description
            }
            attempt += 1
            let (next, bits, drifting) = candidates[attempt]
            // A repair starts with full checks of its own that take 5–30 s on a dense network: once told
            // to stop (a race's time limit or pruning budget), none starts. The trained network is still
            // tried after the fine-tuned one: it may pass where fine-tuning broke it (random-7s2i3o-6: the
            // trained network passed the full check, the fine-tuned one failed).
            if shouldStop() && (bits || drifting) {
                throw BonsaiError(
                    "the network does not compute \(objective.name): \(failure) (stopped before a repair)")
            }
            printer.message(
                "the \(name(network)) network fails verification (\(failure)); "
                    + (drifting
                        ? "pruning the \(name(next)) network all the same (it only drifts)"
                        : bits
                            ? "repairing the \(name(next)) network with its states cut to bits"
                            : "pruning the trained network instead"))
        }
        // The table starts from the trained network; the pipeline's first row is the fine-tuned one.
        report.stages[0].name = network != original ? "prune + fine-tune (network)" : "network"
        report.stages.insert(.init(name: "trained network", size: dense, rejected: 0), at: 0)
        if binaryCodes {
            if report.verification.status != .proven {
                printer.message("binary codes: not tried, the graph is not proven (\(report.verification.summary))")
            } else if let (binary, proof) = pruning.binaryRecode(graph), binary.size.edges <= graph.size.edges {
                graph = binary
                report.verification = proof
                report.stages.append(.init(name: "binary codes (new neurons)", size: graph.size, rejected: 0))
                printer.message("binary codes: \(graph.size), \(proof.summary)")
            } else {
                printer.message(
                    "binary codes: no binary graph with at most \(graph.size.edges) edges; the pruned graph stays")
            }
        }
        // A graph whose states never repeat is only checked by exploration; the full check has tried
        // invariant regions on it (`Pruning.fullCheck`). Their certificate goes to invariant.json (the
        // prover runs once more for it: a few milliseconds for a graph it proves).
        try? FileManager.default.removeItem(at: dir.invariant)
        if invariantRegions, report.verification.status == .checked || report.verification.method == .invariantRegions {
            let proof = InvariantProver.prove(graph, objective: objective)
            printer.message("invariant regions: \(proof.summary)")
            if let c = proof.certificate {
                try c.write(dir.invariant)
                if report.verification.method != .invariantRegions {
                    report.verification = report.verification.proven(by: c, seconds: proof.seconds)
                }
            } else if let ce = proof.counterexample {
                report.verification.status = .failed
                report.verification.counterexample = ce
                report.verification.seconds += proof.seconds
            }
        }
        report.graphHash = graph.contentHash
        try graph.write(dir.graph)
        try AtomicFile.write(graph.dot(title: objective.name), to: dir.dot)
        try AtomicFile.writeJSON(report, to: dir.pruneReport)
        try AtomicFile.write(sizeTable(report), to: dir.sizes)
        printer.message("verification: \(report.verification.summary)")
        return (graph, report)
    }

    /// The size table, one row per stage.
    public static func sizeTable(_ r: Pruning.Report) -> String {
        var s =
            "| stage | inputs | states | neurons | edges | nonzero parameters | rejected candidates |\n|---|---|---|---|---|---|---|\n"
        for st in r.stages {
            let z = st.size
            s +=
                "| \(st.name) | \(z.inputs) | \(z.states) | \(z.neurons) | \(z.edges) | \(z.parameters) | \(st.rejected) |\n"
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
    /// The invariant-region certificate of a graph proven that way (`InvariantCertificate`).
    public var invariant: URL { url.appendingPathComponent("invariant.json") }
    /// The network after prune-and-fine-tune rounds, before it becomes a graph.
    public var prunedNetwork: URL { url.appendingPathComponent("network-pruned.json") }

    /// The run's bonsai graph, for the stages after pruning; a missing one says which command makes it.
    public func readGraph() throws -> Graph {
        guard FileManager.default.fileExists(atPath: graph.path) else {
            throw BonsaiError.file(
                graph.path, "missing: the run has no graph yet (run `bonsai prune \(url.path)` first)")
        }
        return try Graph.read(graph)
    }
}
