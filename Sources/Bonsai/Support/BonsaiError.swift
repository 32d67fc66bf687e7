/// Every user-facing failure. `description` is the one line the CLI prints: it names the file or option
/// and says what is wrong (docs/design.md §8).
public struct BonsaiError: Error, CustomStringConvertible, Equatable {
    public let description: String

    /// Messages quote file contents, names and paths: control characters in them are written `\u{…}`, so
    /// the message stays one line whatever the input held.
    public init(_ description: String) { self.description = Self.oneLine(description) }

    /// An error about a file: "path: what is wrong".
    public static func file(_ path: String, _ problem: String) -> BonsaiError {
        BonsaiError("\(path): \(problem)")
    }

    static func oneLine(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isBreaking) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isBreaking(u) { out += "\\u{\(String(u.value, radix: 16))}" } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// C0 and C1 controls and the Unicode line and paragraph separators.
    static func isBreaking(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F..<0xA0).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
    }
}
