import ArgumentParser
import Bonsai
import Foundation

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract:
            "List and compare the run directories in a directory: objective, status, graph size, verification, machine, time.",
        discussion: """
            DIR is a directory of runs (such as runs/) or one run directory. A run whose files cannot be read is \
            listed with the problem, naming the file; the others are still listed.
            """
    )

    @Argument(help: "A directory of runs, or one run directory.") var dir: String = "runs"
    @Flag(help: "Print the listing as JSON (format bonsai-runs).") var json = false

    func run() throws {
        try runReportingErrors {
            let listing = try RunListing(URL(fileURLWithPath: dir))
            if json {
                try printJSON(listing)
                return 0
            }
            guard !listing.runs.isEmpty else {
                print("\(dir): no run directories")
                return 0
            }
            print(listing.table, terminator: "")
            return 0
        }
    }
}
