import Foundation
import Yams

/// Objectives as data: a YAML file describing a Mealy machine, a DFA acceptor or boolean expressions over
/// delayed inputs (docs/getting-started.md, "Your own objective"). Everything is checked before training;
/// every problem is one line `file:line:column: what is wrong`.
public enum ObjectiveSpec {
    public static let kinds = ["mealy", "acceptor", "expression"]
    static let topKeys: Set<String> = [
        "name", "summary", "kind", "inputs", "outputs", "output", "states", "start",
        "accepting", "transitions", "distribution", "preset",
    ]

    /// Reads and checks the spec file at `path`.
    public static func load(path: String) throws -> TableObjective {
        let text = try InputFile.text(URL(fileURLWithPath: path), limit: SizeLimits.specBytes, what: "objective spec")
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(text, file: path, defaultName: base)
    }

    /// Parses and checks spec text; `file` names it in messages.
    public static func parse(_ text: String, file: String, defaultName: String = "spec") throws -> TableObjective {
        let at = SpecLocation(file: file)
        let root: Node
        do {
            guard let r = try Yams.compose(yaml: text) else { throw BonsaiError.file(file, "empty objective spec") }
            root = r
        } catch let e as YamlError {
            // Yams quotes the offending line after the message: keep the message, cut to one short line.
            let message = "\(e)".split(separator: "\n").first.map(String.init) ?? "\(e)"
            throw BonsaiError.file(file, "not valid YAML: \(message.prefix(200))")
        } catch let e as BonsaiError {
            throw e
        } catch {
            throw BonsaiError.file(file, "not valid YAML: \(String(describing: error).prefix(200))")
        }
        let top = try at.mapping(root, "an objective spec")
        var fields: [String: Node] = [:]
        for (k, v) in top {
            let key = try at.scalar(k, "a key")
            guard topKeys.contains(key) else {
                throw at.error(k, "unknown key '\(key)'; known: \(topKeys.sorted().joined(separator: ", "))")
            }
            fields[key] = v
        }
        guard let kindNode = fields["kind"] else {
            throw at.error(root, "missing 'kind' (one of \(kinds.joined(separator: ", ")))")
        }
        let kind = try at.scalar(kindNode, "kind")
        guard kinds.contains(kind) else {
            throw at.error(kindNode, "unknown kind '\(kind)'; one of \(kinds.joined(separator: ", "))")
        }
        guard let inputsNode = fields["inputs"] else { throw at.error(root, "missing 'inputs' (the input bit names)") }
        let inputs = try at.names(inputsNode, "inputs")
        guard inputs.count <= 8 else { throw at.error(inputsNode, "at most 8 input bits") }

        let name =
            try fields["name"].map { n -> String in
                let s = try at.scalar(n, "name")
                guard !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                    throw at.error(n, "name '\(s)' must be letters, digits, - and _ (it names run directories)")
                }
                return s
            } ?? defaultName
        let distribution = try SpecDistribution.parse(fields["distribution"], inputs: inputs.map(\.name), at: at)
        let possible = distribution.possibleSymbols(inputCount: inputs.count)
        guard !possible.isEmpty else {
            throw at.error(fields["distribution"], "the distribution produces no input symbol")
        }

        let table: MealyTable, summary: String, outputNames: [String]?
        switch kind {
        case "expression":
            let e = try ExpressionSpec.parse(fields, root: root, inputs: inputs.map(\.name), possible: possible, at: at)
            (table, summary, outputNames) = (e.table, e.summary, e.outputNames)
        default:
            let m = try MachineSpec.parse(
                fields, root: root, acceptor: kind == "acceptor", inputCount: inputs.count,
                possible: possible, at: at)
            (table, summary, outputNames) = (m.table, m.summary, m.outputNames)
        }
        var preset = TableObjective.defaultPreset
        if let p = fields["preset"] { preset = try SpecPreset.apply(p, to: preset, at: at) }
        let given = try fields["summary"].map { try at.scalar($0, "summary") }
        var objective = TableObjective(
            name: name, summary: given ?? summary, table: table, distribution: distribution,
            preset: preset, specText: text)
        objective.inputNames = inputs.map(\.name)
        objective.outputNames = outputNames
        return objective
    }
}
