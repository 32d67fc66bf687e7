/// Names in a graph file (inputs, neurons, states, outputs, the objective) and the path it came from are
/// untrusted text. Generated code never uses them as identifiers (those are generated: x0, s1, n2, z2);
/// they appear only here, in comments, quoted and escaped so that no name can end the comment or the
/// line: a newline, `*/`, a C line-continuation backslash or a `??/` trigraph (`-std=c99` has them)
/// would otherwise let a name inject code.
enum SourceComment {
    /// Longer names are cut: a comment is for a reader, not a copy of the file.
    static let maxScalars = 80

    /// Printable ASCII that cannot start an escape, a comment end or a trigraph, kept as it is.
    static let plain: Set<Unicode.Scalar> = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _.-+:,;=<>[]()#@!^|~&%$".unicodeScalars)

    /// `"name"` with every other scalar written `\u{HEX}`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for (n, u) in text.unicodeScalars.enumerated() {
            if n == maxScalars {
                out += "..."
                break
            }
            if plain.contains(u) { out.unicodeScalars.append(u) } else { out += "\\u{\(String(u.value, radix: 16))}" }
        }
        return out + "\""
    }
}
