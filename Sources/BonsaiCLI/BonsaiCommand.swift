import ArgumentParser
import Bonsai
import Foundation

@main
struct BonsaiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bonsai",
        abstract: "Grow bonsai networks: train tiny RNNs on sequence programs until they shrink to almost nothing.",
        version: BonsaiVersion.current,
        subcommands: [
            DemoCommand.self, TrainCommand.self, PruneCommand.self, ExplainCommand.self, ViewCommand.self,
            SweepCommand.self, RunCommand.self, CompileCommand.self, ObjectivesCommand.self, BenchCommand.self,
            ProveCommand.self, RunsCommand.self,
        ]
    )

    /// Every error is one line (OneLineErrors), argument errors included.
    static func main() { OneLineErrors.main(Array(CommandLine.arguments.dropFirst())) }
}

/// `--json` output: one JSON document on stdout (sorted keys), so scripts read results without parsing text.
/// Every document has `format` and `version` fields (docs/json-output.md).
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    do { print(String(decoding: try encoder.encode(value), as: UTF8.self)) } catch {
        throw BonsaiError("--json: cannot encode the result: \(error)")
    }
}

/// Runs library work, turning a BonsaiError into the one-line message and exit status the CLI promises.
func runReportingErrors(_ body: () throws -> Int32) throws {
    do {
        let code = try body()
        if code != 0 { throw ExitCode(code) }
    } catch let e as BonsaiError {
        FileHandle.standardError.write(Data("error: \(OneLineErrors.escapingControls(e.description))\n".utf8))
        throw ExitCode.failure
    }
}
