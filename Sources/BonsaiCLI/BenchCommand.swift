import ArgumentParser
import Bonsai
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the training step: ms/step and GFLOP/s on the standard configs, with baselines from the same run.",
        discussion: "Build with -c release for meaningful numbers: swift run -c release bonsai bench"
    )

    @Option(help: "Timed steps per measurement (median reported).") var steps = 30
    @Option(help: "Threads of the main measurement.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Sequences the scalar reference runs (its time is scaled to the batch).") var referenceSequences = 16
    @Option(help: ArgumentHelp("Instead: measure the graph evaluators on this graph (graph.json or run directory).", valueName: "graph"))
    var eval: String?
    @Option(help: ArgumentHelp("With --eval: the graph is in the original viewer's format, for this objective.", valueName: "objective"))
    var reference: String?

    func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps: must be ≥ 1") }
        guard threads >= 1 else { throw ValidationError("--threads: must be ≥ 1") }
        guard referenceSequences >= 1 else { throw ValidationError("--reference-sequences: must be ≥ 1") }
    }

    func run() throws {
        try runReportingErrors {
            if let eval { return try evaluators(eval) }
            print("config  GFLOP/step  scalar ref ms  1 thread ms  \(threads) threads ms  GFLOP/s  vs 1 thread  vs scalar")
            for c in Benchmark.standard {
                let ref = try Benchmark.measureReference(c, sequences: referenceSequences)
                let one = try Benchmark.measure(c, threads: 1, steps: steps)
                let many = try Benchmark.measure(c, threads: threads, steps: steps)
                print(String(format: "%-6@  %10.3f  %13.1f  %11.2f  %12.2f  %7.1f  %10.2fx  %8.0fx",
                             c.name as NSString, Benchmark.flopsPerStep(c) / 1e9, ref.msPerStep, one.msPerStep,
                             many.msPerStep, many.gflops, one.msPerStep / many.msPerStep, ref.msPerStep / many.msPerStep))
            }
            return 0
        }
    }

    /// `--eval`: sequence-steps/s of each evaluator, against the Double simulator of the same run.
    func evaluators(_ path: String) throws -> Int32 {
        let graph = try GraphArgument.load(path, reference: reference)
        print("graph: \(path) (\(graph.objective)): \(graph.size)")
        let base = EvaluatorBenchmark.measureDouble(graph)
        var rows = [base, EvaluatorBenchmark.measureFloat(graph, threads: 1), EvaluatorBenchmark.measureFloat(graph, threads: threads)]
        do {
            let program = try BitProgram(graph)
            print("bit-parallel: \(program.isBoolean ? "boolean" : "finite-valued") graph, \(program.instructions.count) bitwise instructions per step")
            rows += [EvaluatorBenchmark.measureBits(graph, program, threads: 1), EvaluatorBenchmark.measureBits(graph, program, threads: threads)]
        } catch let e as BonsaiError {
            print("bit-parallel: not available: \(e.description)")
        }
        print("evaluator                 threads  sequence-steps/s  node evals/s  vs double")
        for r in rows {
            print(String(format: "%-24@  %7d  %16.3e  %12.3e  %8.0fx", r.evaluator as NSString, r.threads,
                         r.sequenceStepsPerSecond, r.nodeEvaluationsPerSecond, r.sequenceStepsPerSecond / base.sequenceStepsPerSecond))
        }
        return 0
    }
}
