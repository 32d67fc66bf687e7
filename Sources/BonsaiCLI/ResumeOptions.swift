import ArgumentParser
import Foundation

/// `bonsai train --resume DIR` continues a run with the configuration saved in DIR/config.json. Any other
/// training option would be silently ignored, so it is refused by name; only options that make sense for
/// a continuing run pass.
enum ResumeOptions {
    static let allowed: Set<String> = [
        "--resume", "--steps", "--threads", "--time-limit", "--quiet", "--json", "--help", "-h",
    ]

    /// Throws naming the first option in `arguments` (the command line) that `--resume` cannot honour.
    static func refuseOthers(_ arguments: [String]) throws {
        let given = arguments.filter { $0.hasPrefix("-") && Double($0) == nil }
            .map { String($0.prefix { $0 != "=" }) }
        if let other = given.first(where: { !allowed.contains($0) }) {
            throw ValidationError(
                "\(other): a resumed run keeps the options saved in its config.json; with --resume only \(allowed.filter { $0.hasPrefix("--") && $0 != "--resume" && $0 != "--help" }.sorted().joined(separator: ", ")) may be given"
            )
        }
    }
}
