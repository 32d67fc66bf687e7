import ArgumentParser
import Bonsai
import Foundation

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Evaluate a graph on input sequences and print its outputs.",
        discussion: """
            One sequence per line, from --input or stdin. A step is one '0'/'1' character per input (character i \
            is input i); steps may be separated by spaces or commas ("0110", or "101 011" for 3 inputs). One output \
            line per sequence, in the same format ('1' = output positive).
            The bit-parallel evaluator runs when every node of the graph takes finitely many values (decided by \
            exploring all reachable states); otherwise the Float32 evaluator runs, and the reason is printed on stderr.
            """
    )

    enum Evaluator: String, ExpressibleByArgument, CaseIterable {
        case auto, bits, float, double
    }

    @OptionGroup var graphArgument: GraphArgument
    @Option(help: "File of sequences (default: stdin).") var input: String?
    @Option(help: "auto (bits when possible, else float), bits, float, or double (the reference simulator).")
    var evaluator: Evaluator = .auto
    @Option(help: "Worker threads.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(
        help:
            "Print the outputs as JSON (format bonsai-run: every step's input and output symbols) instead of text lines."
    )
    var json = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads: must be ≥ 1") }
    }

    func run() throws {
        try runReportingErrors {
            let graph = try graphArgument.load()
            // Through InputFile: a directory, a device or a binary file is a one-line error, not a trap.
            let text =
                try input.map { try InputFile.text(URL(fileURLWithPath: $0), what: "sequence file") }
                ?? InputFile.text(of: try InputFile.standardInput(), source: "stdin", what: "sequence input")
            let sequences = try SequenceText.parseAll(text, inputs: graph.inputs.count, source: input ?? "stdin")
            // The evaluator that ran is named in --json's document (auto resolves to bits or float).
            let outputs: [[Int]], used: Evaluator
            switch evaluator {
            case .double:
                let ev = GraphEvaluator(graph)
                outputs = sequences.map { s in
                    ev.trace(s).outputs.map { y in
                        y.enumerated().reduce(0) { $0 | ($1.element > 0 ? 1 << $1.offset : 0) }
                    }
                }
                used = .double
            case .float:
                outputs = FloatEvaluator(graph).outputSymbols(sequences, threads: threads)
                used = .float
            case .bits:
                outputs = BitParallelEvaluator(try BitProgram(graph)).outputSymbols(sequences, threads: threads)
                used = .bits
            case .auto:
                do {
                    outputs = BitParallelEvaluator(try BitProgram(graph)).outputSymbols(sequences, threads: threads)
                    used = .bits
                } catch let e as BonsaiError {
                    FileHandle.standardError.write(
                        Data("note: float evaluator: not bit-parallel because \(e.description)\n".utf8))
                    outputs = FloatEvaluator(graph).outputSymbols(sequences, threads: threads)
                    used = .float
                }
            }
            if json {
                try printJSON(
                    RunDocument(
                        graphFile: graphArgument.fileURL, graph: graph, evaluator: used.rawValue,
                        inputs: sequences, outputs: outputs))
                return 0
            }
            var out = ""
            for y in outputs {
                out += SequenceText.format(y, outputs: graph.outputs.count)
                out += "\n"
            }
            FileHandle.standardOutput.write(Data(out.utf8))
            return 0
        }
    }
}
