import ArgumentParser
import Bonsai
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Measure the training step: ms/step and GFLOP/s on the standard configs, with baselines from the same run.",
        discussion: "Build with -c release for meaningful numbers: swift run -c release bonsai bench"
    )

    @Option(help: "Timed steps per measurement (median reported).") var steps = 30
    @Option(help: "Threads of the main measurement.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Sequences the scalar reference runs (its time is scaled to the batch).") var referenceSequences = 16
    @Option(help: "Only this config (small or fsm).") var config: String?
    @Flag(help: "Instead: time to solution (first validation, end of shrinking) with each objective's preset.")
    var solve = false
    @Option(help: "With --solve: comma-separated objectives.")
    var objectives = "two-ago,replace-1-with-111,period-3-loop,balanced-parentheses,logic-gate-switcher"
    @Option(help: "With --solve: seeds per objective (1...N; medians reported).") var seeds = 5
    @Flag(help: "With --solve: stop each seed at its first validation (no shrinking phase).") var firstValidationOnly =
        false
    @Option(
        help: ArgumentHelp(
            "Instead: write one training step of --config (default fsm) as JSON, for bench/check_step.py.",
            valueName: "file"))
    var dumpStep: String?
    @Option(
        help: ArgumentHelp(
            "Instead: measure the graph evaluators on this graph (graph.json or run directory).", valueName: "graph"))
    var eval: String?
    @Option(
        help: ArgumentHelp(
            "With --eval: the graph is in the original viewer's format, for this objective.", valueName: "objective"))
    var reference: String?

    @Option(
        help: ArgumentHelp(
            "Instead: grow this many random minimal Mealy machines on the defaults and write the scaling table and plot.",
            valueName: "count"))
    var randomMachines: Int?
    @Option(help: "With --random-machines: the machines' numbers of states, cycled (comma list).") var states =
        "2,3,4,5,6,7,8"
    @Option(help: "With --random-machines: input bits, FIRST-LAST.") var inputBits = "1-3"
    @Option(help: "With --random-machines: output bits, FIRST-LAST.") var outputBits = "1-3"
    @Option(help: "With --random-machines: each machine's time limit (seconds, or 90s, 5m).") var timeLimit = "5m"
    @Option(help: "With --random-machines: the benchmark directory (resumes: machines with a result are skipped).")
    var dir = "runs/random-machines"

    func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps: must be ≥ 1") }
        guard threads >= 1 else { throw ValidationError("--threads: must be ≥ 1") }
        guard seeds >= 1 else { throw ValidationError("--seeds: must be ≥ 1") }
        guard referenceSequences >= 1 else { throw ValidationError("--reference-sequences: must be ≥ 1") }
    }

    func run() throws {
        try runReportingErrors {
            if let eval { return try evaluators(eval) }
            if let randomMachines { return try growRandomMachines(randomMachines) }
            if solve { return try timeToSolution() }
            let configs = try Benchmark.standard.filter { c in
                guard let config else { return true }
                guard Benchmark.standard.contains(where: { $0.name == config }) else {
                    throw BonsaiError("--config: unknown config '\(config)' (small, fsm)")
                }
                return c.name == config
            }
            if let dumpStep {
                let c = configs.count == 1 ? configs[0] : Benchmark.standard.first { $0.name == "fsm" }!
                try AtomicFile.writeJSON(try StepDump(c, sequences: 32), to: URL(fileURLWithPath: dumpStep))
                print("wrote one \(c.name) training step (32 sequences) to \(dumpStep)")
                return 0
            }
            print(
                "config  GFLOP/step  scalar ref ms  1 thread ms  \(threads) threads ms  GFLOP/s  vs 1 thread  vs scalar"
            )
            for c in configs {
                let ref = try Benchmark.measureReference(c, sequences: referenceSequences)
                let one = try Benchmark.measure(c, threads: 1, steps: steps)
                let many = try Benchmark.measure(c, threads: threads, steps: steps)
                print(
                    String(
                        format: "%-6@  %10.3f  %13.1f  %11.2f  %12.2f  %7.1f  %10.2fx  %8.0fx",
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
        var rows = [
            base, EvaluatorBenchmark.measureFloat(graph, threads: 1),
            EvaluatorBenchmark.measureFloat(graph, threads: threads),
        ]
        do {
            let program = try BitProgram(graph)
            print(
                "bit-parallel: \(program.isBoolean ? "boolean" : "finite-valued") graph, \(program.instructions.count) bitwise instructions per step"
            )
            rows += [
                EvaluatorBenchmark.measureBits(graph, program, threads: 1),
                EvaluatorBenchmark.measureBits(graph, program, threads: threads),
            ]
        } catch let e as BonsaiError {
            print("bit-parallel: not available: \(e.description)")
        }
        print("evaluator                 threads  sequence-steps/s  node evals/s  vs double")
        for r in rows {
            print(
                pad(r.evaluator, 24)
                    + String(
                        format: "  %7d  %16.3e  %12.3e  %8.0fx", r.threads,
                        r.sequenceStepsPerSecond, r.nodeEvaluationsPerSecond,
                        r.sequenceStepsPerSecond / base.sequenceStepsPerSecond))
        }
        return 0
    }

    /// `--solve`: per seed as it finishes, then medians per objective.
    func timeToSolution() throws -> Int32 {
        let list = try objectives.split(separator: ",").map { try BuiltinObjectives.named(String($0)) }
        print("objective             seed  first validation (step, s)  end of shrinking (step, s)  best weights")
        var rows: [(String, Int, Double?, Double?)] = []
        for o in list {
            var firsts: [Double] = [], ends: [Double] = []
            for seed in 1...UInt64(seeds) {
                let t = try SolveBenchmark.trial(
                    o, seed: seed, threads: threads, firstValidationOnly: firstValidationOnly)
                let first =
                    t.firstValidationSeconds.map { String(format: "%6d  %8.1f", t.firstValidationStep ?? 0, $0) }
                    ?? "  never validated"
                print(
                    pad(o.name, 20)
                        + String(
                            format: "  %4d  %26@  %18d  %8.1f  %12@", seed, first as NSString, t.steps, t.endSeconds,
                            (t.bestWeightsAbove.map(String.init) ?? "-") as NSString))
                fflush(nil)  // a line per seed as it finishes, also when stdout is a file
                // A seed that never validates counts as never (∞): a median over the solved seeds alone
                // would hide the unsolved ones.
                firsts.append(t.firstValidationSeconds ?? .infinity)
                ends.append(t.firstValidationSeconds == nil ? .infinity : t.endSeconds)
            }
            rows.append(
                (o.name, firsts.filter(\.isFinite).count, SolveBenchmark.median(firsts), SolveBenchmark.median(ends)))
        }
        print(
            "\nobjective             solved  median s to first validation  median s to end of shrinking  (\(threads) threads; over all seeds, unsolved = never)"
        )
        for (name, solved, first, end) in rows {
            print(
                pad(name, 20)
                    + String(
                        format: "  %3d/%-3d  %28@  %28@", solved, seeds,
                        seconds(first) as NSString, seconds(end) as NSString))
        }
        return 0
    }

    func seconds(_ x: Double?) -> String {
        guard let x else { return "-" }
        return x.isFinite ? String(format: "%.1f", x) : "never"
    }

    /// Left-aligned in `width` columns (String(format:)'s %-N@ does not pad on Linux).
    func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
