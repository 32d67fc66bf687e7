import ArgumentParser
import Bonsai
import Foundation

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract:
            "Grow an objective: race training recipes and seeds to a pruned graph proven to be its minimal machine (or, with --preset, train one fixed recipe).",
        discussion:
            "Writes a run directory: grow.json and attempts/<id>/ (one run directory per attempt), and the winner's config.json, network.json, graph.json, prune.json and explanation. With --preset: config.json, summary.json, network.json, seed-N/metrics.csv, checkpoints. Ctrl-C saves every attempt; --resume continues."
    )

    @OptionGroup var options: TrainingOptions
    @Option(help: "Run directory (default: runs/<objective>-s<seed>, numbered if it exists).")
    var runDir: String?
    @Option(help: "Continue the interrupted run in this directory.")
    var resume: String?
    @Flag(help: "Print the result as JSON (format bonsai-train) instead of the closing line; progress stays on stderr.")
    var json = false

    func validate() throws {
        if resume != nil { try ResumeOptions.refuseOthers(Array(CommandLine.arguments.dropFirst())) }
    }

    func run() throws {
        try runReportingErrors {
            let printer = ProgressPrinter(mode: options.quiet ? .quiet : .auto)
            if let resume {
                let url = URL(fileURLWithPath: resume)
                if FileManager.default.fileExists(atPath: url.appendingPathComponent(GrowReport.fileName).path) {
                    if options.steps != nil {
                        throw BonsaiError("--steps: \(url.path) is a grown run; extend it with --time-limit")
                    }
                    let grown = try Grower.resume(
                        url, timeLimit: options.timeLimit == nil ? nil : try options.timeLimitSeconds(),
                        workers: options.threads, printer: printer)
                    return try finish(grown, dir: url)
                }
                if options.timeLimit != nil {
                    throw BonsaiError("--time-limit: \(url.path) trains one fixed recipe; extend it with --steps")
                }
                let run = try FixedRecipePipeline.run(
                    url, .resume(threads: options.threads, steps: options.steps), through: .train,
                    printer: printer)
                return try finish(run.summary, dir: url)
            }
            let config = try options.resolved()
            warnIfSlow(config)
            let url =
                runDir.map { URL(fileURLWithPath: $0) }
                ?? RunDirectory.freshURL(in: URL(fileURLWithPath: "runs"), base: "\(config.objective)-s\(config.seed)")
            if options.grows {
                let (objective, spec) = try options.objectiveChoice()
                let grown = try Grower.start(
                    objective: objective, objectiveSpec: spec, seed: config.seed,
                    timeLimit: try options.timeLimitSeconds(), workers: options.threads, in: url, printer: printer)
                return try finish(grown, dir: url)
            }
            let run = try FixedRecipePipeline.run(url, .start(config), through: .train, printer: printer)
            return try finish(run.summary, dir: url)
        }
    }

    /// The closing line, or with --json the document (the line then goes to stderr: stdout holds only
    /// the document, and a person watching still reads how the run ended). Returns the exit status.
    private func finish(_ grown: GrowReport, dir: URL) throws -> Int32 {
        guard json else { return report(grown, dir: dir) }
        let status = report(grown, dir: dir, say: sayOnStderr)
        try printJSON(TrainDocument(grown: grown, dir: dir))
        return status
    }

    private func finish(_ summary: RunSummary, dir: URL) throws -> Int32 {
        guard json else { return report(summary, dir: dir) }
        let status = report(summary, dir: dir, say: sayOnStderr)
        try printJSON(TrainDocument(trained: summary, dir: dir))
        return status
    }
}

private func sayOnStderr(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Run the whole pipeline on a built-in default: grow \(BuiltinObjectives.defaultName) into a proven, pruned graph, explain it and write its page, into runs/demo-<objective>."
    )

    @OptionGroup var options: TrainingOptions

    /// The demo's defaults: seed 5, and for the fixed recipe (`--preset`) the summed regularizer, which
    /// grew the smallest proven two-ago graph measured with it (2 states, 3 weights).
    func resolved() throws -> RunConfig {
        try options.resolved(defaultSeed: 5, defaultNormalization: options.grows ? nil : "sum")
    }

    func run() throws {
        try runReportingErrors {
            let printer = ProgressPrinter(mode: options.quiet ? .quiet : .auto)
            let config = try resolved()
            warnIfSlow(config)
            let url = RunDirectory.freshURL(in: URL(fileURLWithPath: "runs"), base: "demo-\(config.objective)")
            printer.message("bonsai demo: \(config.objective) (seed \(config.seed)) → \(url.path)")
            if options.grows {
                let (objective, spec) = try options.objectiveChoice()
                let grown = try Grower.start(
                    objective: objective, objectiveSpec: spec, seed: config.seed,
                    timeLimit: try options.timeLimitSeconds(), workers: options.threads, in: url, printer: printer)
                let status = report(grown, dir: url)
                guard grown.status == .minimal || grown.status == .graph else { return status }
                print(
                    PruneStage.sizeTable(
                        try AtomicFile.readJSON(Pruning.Report.self, from: RunDirectory(url).pruneReport)),
                    terminator: "")
                Self.printGraph(url)
                Self.printExplanation(try ExplainStage.run(url), url)
                print("page: \(try ViewStage.run(url).path)")
                return 0
            }
            // The fixed recipe: each stage prints as it finishes.
            var status: Int32 = 0
            let run = try FixedRecipePipeline.run(
                url, .start(config), through: .view, printer: printer,
                after: { stage, o in
                    switch stage {
                    case .train:
                        status = report(o.summary, dir: url)
                    case .prune:
                        print(PruneStage.sizeTable(o.pruned!.report), terminator: "")
                        Self.printGraph(url)
                    case .explain:
                        Self.printExplanation(o.explanation!, url)
                    case .view:
                        print("page: \(o.page!.path)")
                    }
                    return true
                })
            guard run.summary.status == .solved else { return status }
            if let failure = run.failure { throw failure.error }
            return 0
        }
    }

    static func printGraph(_ url: URL) {
        print("bonsai graph: \(RunDirectory(url).graph.path) (Graphviz: \(RunDirectory(url).dot.path))")
    }

    static func printExplanation(_ e: Explanation, _ url: URL) {
        print(e.summary)
        print("explanation: \(RunDirectory(url).explanation.path)")
    }
}

struct ObjectivesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "objectives", abstract: "List the built-in objectives.")

    func run() {
        let rows = BuiltinObjectives.all.map { o -> [String] in
            let p = o.preset
            let cells = p.cells.map { "\($0.output)x\($0.state)" }.joined(separator: ",")
            return [
                o.name, "\(o.inputCount)→\(o.outputCount)", cells, "\(p.batchSize)×\(p.sequenceLength)",
                "\(p.maxSteps)", o.summary,
            ]
        }
        let header = ["name", "in→out", "cells", "batch×len", "steps", "what the output is"]
        let widths = (0..<header.count - 1).map { i in ([header] + rows).map { $0[i].count }.max()! }
        for r in [header] + rows {
            print(
                zip(r.dropLast(), widths).map { $0.padding(toLength: $1 + 2, withPad: " ", startingAt: 0) }.joined() + r
                    .last!)
        }
    }
}
