import Foundation

// The `--json` documents of `bonsai train`, `prune` and `run` (docs/json-output.md). They live in the
// library, beside the files they are read from, so the CLI only prints them and tests can build them.

/// `bonsai train --json` (format `bonsai-train`): how the run ended and, when it ended with a graph (a
/// grown run prunes and explains its winner), that graph's size, verification and machine.
public struct TrainDocument: Codable, Equatable, Sendable {
    public var format = "bonsai-train"
    public var version = 1
    /// The run directory.
    public var path: String
    public var objective: String
    /// `grow` (a race of recipes, the default) or `preset` (one fixed recipe).
    public var mode: String
    /// grow.json's status (growing, minimal, graph, unsolved), or summary.json's (solved, unsolved, interrupted).
    public var status: String
    /// The winning attempt (grow only).
    public var winner: String?
    /// Seeds tried and solved, and the solved seed (preset only).
    public var seedsTried: Int?
    public var seedsSolved: Int?
    public var solvedSeed: UInt64?
    /// Training time: the race's (grow), or summed over the seeds (preset).
    public var seconds: Double
    /// graph.json's size; nil when the run has no graph (a preset run is pruned by `bonsai prune`).
    public var size: Graph.Size?
    /// prune.json's verification of this graph.json; nil when absent or written for another graph.
    public var verification: Verification?
    /// explanation.json's machine of this graph.json: its state count, and whether it is the objective's minimal machine.
    public var machineStates: Int?
    public var minimalMachine: Bool?

    public init(grown: GrowReport, dir: URL) throws {
        path = dir.path
        objective = grown.objective
        mode = "grow"
        status = grown.status.rawValue
        winner = grown.winner
        seconds = grown.seconds
        try readGraph(dir)
    }

    public init(trained: RunSummary, dir: URL) throws {
        path = dir.path
        objective = trained.objective
        mode = "preset"
        status = trained.status.rawValue
        seedsTried = trained.seedsTried
        seedsSolved = trained.seedsSolved
        solvedSeed = trained.solvedSeed
        seconds = trained.attempts.reduce(0) { $0 + $1.seconds }
        try readGraph(dir)
    }

    /// The graph's results, each only when it was computed on this graph.json (a resumed or failed race
    /// may leave older files beside it).
    private mutating func readGraph(_ url: URL) throws {
        let dir = RunDirectory(url), fm = FileManager.default
        guard fm.fileExists(atPath: dir.graph.path) else { return }
        let graph = try dir.readGraph()
        size = graph.size
        if fm.fileExists(atPath: dir.pruneReport.path) {
            let p = try AtomicFile.readJSON(Pruning.Report.self, from: dir.pruneReport)
            if ResultFreshness(recorded: p.graphHash, graph: graph) == .current { verification = p.verification }
        }
        if fm.fileExists(atPath: dir.explanationJSON.path) {
            let e = try ExplanationSummary.read(dir.explanationJSON)
            if ResultFreshness(recorded: e.graphHash, graph: graph) == .current {
                machineStates = e.machine?.states
                minimalMachine = e.isomorphic
            }
        }
    }
}

/// `bonsai prune --json` (format `bonsai-prune`): prune.json's report with the run directory and the
/// pruned graph's size.
public struct PruneDocument: Codable, Equatable, Sendable {
    public var format = "bonsai-prune"
    public var version = 1
    /// The run directory.
    public var path: String
    public var objective: String
    /// The pruned graph's size (the last stage's).
    public var size: Graph.Size
    /// One row per stage, from the trained network to the written graph (sizes.md's table).
    public var stages: [Pruning.Stage]
    public var verification: Verification
    /// The time pruning took.
    public var seconds: Double
    public var fittedAnew: Bool?
    /// `Graph.contentHash` of the graph.json written with this report.
    public var graphHash: String?

    public init(dir: URL, graph: Graph, report: Pruning.Report) {
        path = dir.path
        objective = graph.objective
        size = graph.size
        stages = report.stages
        verification = report.verification
        seconds = report.seconds
        fittedAnew = report.fittedAnew
        graphHash = report.graphHash
    }
}

/// `bonsai run --json` (format `bonsai-run`): the graph's outputs at every step of every input sequence.
public struct RunDocument: Codable, Equatable, Sendable {
    public var format = "bonsai-run"
    public var version = 1
    /// The graph file run.
    public var graph: String
    public var objective: String
    /// The graph's input and output names: bit i of a symbol is input (output) i.
    public var inputNames: [String]
    public var outputNames: [String]
    /// The evaluator that ran: bits, float or double (auto resolved).
    public var evaluator: String
    public var sequences: [Sequence]

    public struct Sequence: Codable, Equatable, Sendable {
        /// One symbol per step: bit i set = input i true.
        public var inputs: [Int]
        /// One symbol per step: bit j set = output j positive.
        public var outputs: [Int]
        /// The outputs as the text output line (`SequenceText.format`).
        public var text: String
    }

    public init(graphFile: URL, graph: Graph, evaluator: String, inputs: [[Int]], outputs: [[Int]]) {
        self.graph = graphFile.path
        objective = graph.objective
        inputNames = graph.inputs
        outputNames = graph.outputs.map(\.name)
        self.evaluator = evaluator
        sequences = zip(inputs, outputs).map {
            .init(inputs: $0, outputs: $1, text: SequenceText.format($1, outputs: graph.outputs.count))
        }
    }
}
