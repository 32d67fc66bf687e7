import ArgumentParser
import Bonsai
import Foundation

extension SourceEmitter.Language: ExpressibleByArgument {}

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Write a standalone C or Swift source file implementing the graph's step function.",
        discussion: """
            The code computes exactly what `bonsai run --evaluator double` computes (Double, same operation order). \
            Compiled with BONSAI_MAIN defined it is also a program reading sequences on stdin like `bonsai run`:
              bonsai compile runs/demo-two-ago --emit c -o two-ago.c && cc -O2 -DBONSAI_MAIN two-ago.c -o two-ago -lm
              echo 0110 | ./two-ago
            """
    )

    @OptionGroup var graphArgument: GraphArgument
    @Option(help: "c or swift.") var emit: SourceEmitter.Language
    @Option(name: [.short, .long], help: "Output file (default: stdout).") var output: String?

    func run() throws {
        try runReportingErrors {
            // Checked before reading: `-o RUN/graph.json` must not replace the graph with source code.
            if let output {
                try OutputGuard.check(URL(fileURLWithPath: output), option: "-o", inputs: [graphArgument.fileURL])
            }
            let graph = try graphArgument.load()
            let source = SourceEmitter.emit(graph, language: emit, source: graphArgument.graph)
            if let output {
                try AtomicFile.write(source, to: URL(fileURLWithPath: output))
            } else {
                print(source, terminator: "")
            }
            return 0
        }
    }
}
