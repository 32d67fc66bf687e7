import ArgumentParser
import Bonsai
import Foundation

/// The CLI's promise for bad input: one line `error: …` on stderr naming the file or option, exit status
/// 1 (bad file or failed run) or 64 (bad usage), never the usage screen after it.
enum OneLineErrors {
    /// Parses, runs, and reports failures as one line. `--help` and friends still print their screens.
    static func main(_ arguments: [String]) -> Never {
        do {
            var command = try BonsaiCommand.parseAsRoot(negativeNumbersAttached(arguments))
            try command.run()
            exit(0)
        } catch let code as ExitCode {
            exit(code.rawValue)  // already reported (runReportingErrors) or a deliberate status
        } catch let e as BonsaiError {
            report(e.description, code: 1)
        } catch {
            let code = BonsaiCommand.exitCode(for: error)
            // Help, version and clean exits keep ArgumentParser's full output.
            guard code != .success else { BonsaiCommand.exit(withError: error) }
            let message = BonsaiCommand.message(for: error)
            report(message.isEmpty ? "\(error)" : message, code: code.rawValue)
        }
    }

    /// Prints `error: message` on one line and exits.
    static func report(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("error: \(oneLine(message))\n".utf8))
        exit(code == 0 ? 1 : code)
    }

    /// The first line of an ArgumentParser message (its usage hint follows on later lines), with control
    /// characters from file contents or paths shown as escapes so they cannot break the line.
    static func oneLine(_ message: String) -> String {
        var text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
        // ArgumentParser may add hints ("Usage: …", "Help: …") on later lines: the first line says it.
        if let first = text.split(separator: "\n").first { text = String(first) }
        return escapingControls(text)
    }

    static func escapingControls(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F || (0x80..<0xA0).contains(u.value) || u == "\u{2028}"
                || u == "\u{2029}"
            {
                out += "\\u{\(String(u.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// `--steps -1` → `--steps=-1`. ArgumentParser reads a value starting with '-' as an option and says
    /// "Missing value"; attached, the number reaches our validation ("--steps: must be ≥ 1"). No Bonsai
    /// argument or flag is itself a negative number, so nothing else changes meaning.
    static func negativeNumbersAttached(_ arguments: [String]) -> [String] {
        var out: [String] = []
        for a in arguments {
            if let last = out.last, last.hasPrefix("--"), last.count > 2, !last.contains("="),
                a.hasPrefix("-"), a.count > 1, Double(a) != nil || a.lowercased() == "-inf" || a.lowercased() == "-nan"
            {
                out[out.count - 1] = last + "=" + a
            } else {
                out.append(a)
            }
        }
        return out
    }
}

/// One line on stderr when the network is large enough that training will be slow (it still runs).
func warnIfSlow(_ config: RunConfig) {
    guard let objective = try? config.makeObjective(),
        let warning = config.training.slowWarning(inputSize: objective.inputCount, outputSize: objective.outputCount)
    else { return }
    FileHandle.standardError.write(Data((warning + "\n").utf8))
}
