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

    func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps: must be ≥ 1") }
        guard threads >= 1 else { throw ValidationError("--threads: must be ≥ 1") }
        guard referenceSequences >= 1 else { throw ValidationError("--reference-sequences: must be ≥ 1") }
    }

    func run() throws {
        try runReportingErrors {
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
}
