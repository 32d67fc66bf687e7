import Bonsai
import Foundation

extension BenchCommand {
    /// `bonsai bench --random-machines N`: the random-program benchmark (`RandomBenchmark`).
    func growRandomMachines(_ count: Int) throws -> Int32 {
        guard (1...10_000).contains(count) else {
            throw BonsaiError("--random-machines: must be 1–10000 (got \(count))")
        }
        let sizes = try states.split(separator: ",").map { item -> Int in
            guard let n = Int(item), RandomMachines.stateRange.contains(n) else {
                throw BonsaiError("--states: '\(item)' is not a number of states in \(RandomMachines.stateRange)")
            }
            return n
        }
        guard !sizes.isEmpty else { throw BonsaiError("--states: give at least one number of states") }
        func bits(_ text: String, _ option: String) throws -> ClosedRange<Int> {
            let f = text.split(separator: "-").map { Int($0) }
            guard let a = f.first ?? nil, let b = f.last ?? nil, f.count <= 2, a <= b,
                RandomMachines.bitRange.contains(a), RandomMachines.bitRange.contains(b)
            else {
                throw BonsaiError("\(option): '\(text)' is not FIRST-LAST within \(RandomMachines.bitRange)")
            }
            return a...b
        }
        let machines = RandomBenchmark.machines(
            count: count, states: sizes, inputs: try bits(inputBits, "--input-bits"),
            outputs: try bits(outputBits, "--output-bits"))
        let limit = try TimeLimit.seconds(timeLimit)
        let url = URL(fileURLWithPath: dir)
        print(
            "random machines: \(count) (states \(states), input bits \(inputBits), output bits \(outputBits)), \(ProgressPrinter.duration(limit)) each → \(url.path)"
        )
        let t0 = Date()
        let finished = try RandomBenchmark.run(machines, dir: url, timeLimit: limit, workers: threads) {
            r, done, total in
            let size = r.neurons.map { "\($0) neurons \(r.edges ?? 0) edges" } ?? "-"
            let minimal = r.minimalMachine == true ? ", minimal" + (r.fittedAnew == true ? " (fitted anew)" : "") : ""
            let line = String(
                format: "[%d/%d] %@: %@ %@%@, %@, %.0fs (total %.0fs)\n", done, total, r.objective, r.status.rawValue,
                r.verification ?? "", minimal, size, r.seconds, Date().timeIntervalSince(t0))
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        guard finished else {
            print("interrupted; run the same command again to resume")
            return 130
        }
        print(try String(contentsOf: url.appendingPathComponent("results.md"), encoding: .utf8), terminator: "")
        print(
            "table: \(url.appendingPathComponent("results.md").path); plot: \(url.appendingPathComponent("scaling.svg").path)"
        )
        return 0
    }
}
