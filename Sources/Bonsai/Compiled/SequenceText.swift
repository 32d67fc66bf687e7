/// The plain-text sequence format of `bonsai run` (and of the emitted C program's `main`).
///
/// One sequence per line. A step is one character per input, character i being input i ('1' true, '0'
/// false); steps may be separated by spaces or commas, or simply follow each other ("0110" is four steps
/// of a 1-input graph, "101 011" or "101011" two steps of a 3-input graph). An empty line is an empty
/// sequence. Outputs are printed the same way: one character per output ('1' when the output is
/// positive), steps concatenated for a single output and separated by spaces otherwise.
public enum SequenceText {
    /// Input symbols (bit i set = input i true) of one line.
    public static func parse(_ line: Substring, inputs: Int) throws -> [Int] {
        var symbols: [Int] = []
        var symbol = 0, filled = 0
        for (offset, c) in line.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "0"), UInt8(ascii: "1"):
                if c == UInt8(ascii: "1") { symbol |= 1 << filled }
                filled += 1
                if filled == inputs {
                    symbols.append(symbol)
                    symbol = 0
                    filled = 0
                }
            case UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                guard filled == 0 else {
                    throw BonsaiError(
                        "step \(symbols.count + 1) has \(filled) characters, the graph has \(inputs) inputs")
                }
            default:
                throw BonsaiError(
                    "unexpected character \(shown(line, utf8Offset: offset)) (steps are '0'/'1' characters, one per input)"
                )
            }
        }
        guard filled == 0 else {
            throw BonsaiError("step \(symbols.count + 1) has \(filled) characters, the graph has \(inputs) inputs")
        }
        return symbols
    }

    /// The character at a UTF-8 offset, quoted, with its code point when it is not plain ASCII (a
    /// full-width '１' looks like '1'; a control character must not break the one-line error).
    static func shown(_ line: Substring, utf8Offset: Int) -> String {
        let i = line.utf8.index(line.utf8.startIndex, offsetBy: utf8Offset)
        let scalar = line.unicodeScalars[i]  // the first byte that is not ASCII '0'/'1' starts a scalar
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        guard scalar.isASCII, scalar.value >= 0x20, scalar.value < 0x7F else {
            return scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F
                ? code : "'\(scalar)' (\(code))"
        }
        return "'\(scalar)'"
    }

    /// Every sequence of a text; errors name `source:line`.
    public static func parseAll(_ text: String, inputs: Int, source: String) throws -> [[Int]] {
        // By Character: "\r\n" is one Character, so splitting on "\n" alone would keep CRLF files one line.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return try lines.enumerated().map { n, line in
            do { return try parse(line, inputs: inputs) } catch let e as BonsaiError {
                throw BonsaiError("\(source):\(n + 1): \(e.description)")
            }
        }
    }

    /// One output line from output symbols (bit j set = output j positive).
    public static func format(_ symbols: [Int], outputs: Int) -> String {
        var s = ""
        s.reserveCapacity(symbols.count * (outputs + 1))
        for (t, y) in symbols.enumerated() {
            if outputs > 1, t > 0 { s.append(" ") }
            for j in 0..<outputs { s.append((y >> j) & 1 == 1 ? "1" : "0") }
        }
        return s
    }
}
