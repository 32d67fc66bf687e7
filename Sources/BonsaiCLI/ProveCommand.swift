import ArgumentParser
import Bonsai
import Foundation

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Verify a graph, and prove an analog one for every length with invariant regions.",
        discussion: """
            Runs exact verification; when the graph's states never repeat (status checked), looks for invariant \
            regions: per state of the objective's minimal machine a union of boxes of graph states, closed under \
            one step on every allowed input, on which every output has the right sign. Prints the result and the \
            time of each part; with --out writes the certificate (invariant.json) there. When there are no \
            regions, says where they fail and searches for a failing input sequence.
            """
    )

    @OptionGroup var graph: GraphArgument
    @Option(help: "The objective (default: the one the graph names, or --reference's).") var objective: String?
    @Option(help: "A directory to write invariant.json into.") var out: String?
    @Flag(help: "Try the invariant regions even when exploration proves or fails the graph.") var always = false
    @Flag(help: "Print the result as JSON (format bonsai-prove) instead of text.") var json = false

    struct Output: Encodable {
        var format = "bonsai-prove", version = 1
        var objective: String
        var size: Graph.Size
        var verification: Verification
        /// nil when the invariant regions were not tried.
        var invariant: Invariant?
        struct Invariant: Encodable {
            var proven: Bool, summary: String, counterexample: [Int]?, certificate: String?
        }
        var passed: Bool
    }

    func run() throws {
        try runReportingErrors {
            let g = try graph.load()
            let o = try BuiltinObjectives.named(objective ?? graph.reference ?? g.objective)
            let v = Verifier.verify(g, objective: o)
            // --json prints one document at the end; the text lines go out as each part finishes.
            let say: (String) -> Void = json ? { _ in } : { print($0) }
            var output = Output(objective: o.name, size: g.size, verification: v, passed: v.passed)
            say("graph: \(g.size)")
            say(String(format: "verification (%.3f s): ", v.seconds) + v.summary)
            guard v.status == .checked || always else {
                if json { try printJSON(output) }
                return v.passed ? 0 : 1
            }
            let p = InvariantProver.prove(g, objective: o)
            output.invariant = .init(
                proven: p.proven, summary: p.summary, counterexample: p.counterexample, certificate: nil)
            output.passed = p.counterexample == nil && v.passed
            defer { if json { try? printJSON(output) } }
            say("invariant regions: " + p.summary)
            if let ce = p.counterexample {
                say(
                    "failing sequence (one symbol per step, bit i = input i true): "
                        + ce.map(String.init).joined(separator: " "))
            }
            if let c = p.certificate {
                for r in c.regions {
                    let ranges = zip(c.states, r.ranges).map {
                        "\($0) ∈ [\(String(format: "%.4f", $1.lo)), \(String(format: "%.4f", $1.hi))]"
                    }
                    say(
                        "  state \(r.state) (\(r.reference)): " + ranges.joined(separator: ", ")
                            + (r.boxes.count > 1 ? " (\(r.boxes.count) boxes)" : ""))
                }
                if let out {
                    let dir = URL(fileURLWithPath: out)
                    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                    try c.write(dir.appendingPathComponent("invariant.json"))
                    output.invariant?.certificate = dir.appendingPathComponent("invariant.json").path
                    say("certificate: \(dir.appendingPathComponent("invariant.json").path)")
                }
            }
            return p.counterexample == nil && v.passed ? 0 : 1
        }
    }
}
