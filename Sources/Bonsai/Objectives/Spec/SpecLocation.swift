import Yams

/// Turns problems found at a YAML node into one-line errors "file:line:column: problem".
struct SpecLocation {
    let file: String

    /// `columnOffset`: point at that character of a scalar's text rather than at the node.
    func error(_ node: Node?, _ problem: String, columnOffset: Int? = nil) -> BonsaiError {
        guard let mark = node?.mark else { return BonsaiError("\(file): \(problem)") }
        guard let columnOffset else { return BonsaiError("\(file):\(mark.line):\(mark.column): \(problem)") }
        // A quoted scalar's text starts one column after its mark (the quote).
        let quoted = node?.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
        return BonsaiError("\(file):\(mark.line):\(mark.column + columnOffset + (quoted ? 1 : 0)): \(problem)")
    }

    /// The text of a scalar node, or a located error naming what was expected.
    func scalar(_ node: Node, _ what: String) throws -> String {
        guard let s = node.scalar?.string else { throw error(node, "\(what) must be a single value") }
        return s
    }

    func sequence(_ node: Node, _ what: String) throws -> [Node] {
        guard let s = node.sequence else { throw error(node, "\(what) must be a list") }
        return Array(s)
    }

    func mapping(_ node: Node, _ what: String) throws -> [(key: Node, value: Node)] {
        guard let m = node.mapping else { throw error(node, "\(what) must be a mapping (key: value lines)") }
        return m.map { ($0.key, $0.value) }
    }

    func number(_ node: Node, _ what: String) throws -> Double {
        guard let v = Double(try scalar(node, what)), v.isFinite else { throw error(node, "\(what) must be a number") }
        return v
    }

    /// Names listed once each; duplicates and non-identifiers are located errors.
    /// `identifiers`: names used inside expressions must be identifiers; state names need only be one word.
    func names(_ node: Node, _ what: String, identifiers: Bool = true) throws -> [(name: String, node: Node)] {
        var seen = Set<String>(), out = [(name: String, node: Node)]()
        for n in try sequence(node, what) {
            let s = try scalar(n, "each of \(what)")
            let isName =
                identifiers
                ? s.first.map { $0.isLetter || $0 == "_" } == true
                    && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
                : !s.isEmpty && !s.contains(where: \.isWhitespace)
            guard isName else {
                throw error(
                    n,
                    identifiers
                        ? "'\(s)' is not a name (letters, digits and _, starting with a letter)"
                        : "'\(s)' is not a name (one word)")
            }
            guard seen.insert(s).inserted else { throw error(n, "'\(s)' is listed twice in \(what)") }
            out.append((s, n))
        }
        guard !out.isEmpty else { throw error(node, "\(what) must not be empty") }
        return out
    }
}
