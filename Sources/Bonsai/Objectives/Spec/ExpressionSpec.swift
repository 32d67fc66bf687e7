import Yams

/// The `expression` kind: each output is a boolean expression over inputs, now or k steps ago.
///
///     outputs:
///       y: xor(a, b[t-2])
///
/// Grammar: `and(e, e, …)`, `or(…)`, `xor(…)` (two or more arguments), `not(e)`, `ite(c, a, b)` (if c then
/// a else b), an input name (its value now), `name[t-k]` (k steps ago; false before the sequence starts),
/// `0` and `1`. The state is the last D input symbols, D the largest delay.
enum ExpressionSpec {
    indirect enum Expr {
        case input(Int, delay: Int)
        case constant(Bool)
        case call(String, [Expr])

        /// `history(d)`: the input symbol d steps ago.
        func value(_ history: (Int) -> Int) -> Bool {
            switch self {
            case .input(let i, let d): return (history(d) >> i) & 1 == 1
            case .constant(let b): return b
            case .call(let f, let a):
                switch f {
                case "and": return a.allSatisfy { $0.value(history) }
                case "or": return a.contains { $0.value(history) }
                case "xor": return a.reduce(false) { $0 != $1.value(history) }
                case "not": return !a[0].value(history)
                default: return a[0].value(history) ? a[1].value(history) : a[2].value(history)
                }
            }
        }

        var maxDelay: Int {
            switch self {
            case .input(_, let d): d
            case .constant: 0
            case .call(_, let a): a.map(\.maxDelay).max() ?? 0
            }
        }
    }

    struct Result {
        let table: MealyTable
        let outputNames: [String]
        let summary: String
    }

    static let arities: [String: ClosedRange<Int>] = [
        "and": 2...64, "or": 2...64, "xor": 2...64, "not": 1...1, "ite": 3...3,
    ]

    static func parse(
        _ f: [String: Node], root: Node, inputs: [String], possible: [Int], at: SpecLocation
    ) throws -> Result {
        for key in ["states", "start", "transitions", "accepting", "output"] {
            if let n = f[key] {
                throw at.error(n, "'\(key)' does not belong to kind expression (outputs are expressions)")
            }
        }
        guard let outputsNode = f["outputs"] else { throw at.error(root, "missing 'outputs' (name: expression lines)") }
        var names = [String](), exprs = [Expr](), texts = [String]()
        for (k, v) in try at.mapping(outputsNode, "outputs") {
            let name = try at.scalar(k, "an output name")
            guard !names.contains(name) else { throw at.error(k, "output '\(name)' defined twice") }
            let text = try at.scalar(v, "the expression of \(name)")
            var p = Parser(text: Array(text), inputs: inputs, node: v, at: at)
            exprs.append(try p.parseAll())
            names.append(name)
            texts.append("\(name) = \(text)")
        }
        guard !names.isEmpty, names.count <= 8 else { throw at.error(outputsNode, "1 to 8 outputs") }
        let depth = exprs.map(\.maxDelay).max() ?? 0
        let n = inputs.count
        guard n * depth <= 16 else {
            throw at.error(
                outputsNode, "delays up to \(depth) over \(n) input(s) need \(n * depth) bits of history; at most 16")
        }
        let mask = (1 << (n * depth)) - 1
        // State: the previous `depth` symbols, the most recent in the low bits.
        let table = try MealyTable(inputCount: n, outputCount: names.count, start: 0, possibleInputs: possible) {
            (h: Int, x: Int) in
            let history = { (d: Int) in d == 0 ? x : (h >> ((d - 1) * n)) & ((1 << n) - 1) }
            let y = exprs.enumerated().reduce(0) { $0 | ($1.element.value(history) ? 1 << $1.offset : 0) }
            return (depth == 0 ? 0 : ((h << n) | x) & mask, y)
        }
        return Result(table: table, outputNames: names, summary: texts.joined(separator: "; "))
    }

    /// Recursive descent over the characters of one expression; errors point at the offending column.
    struct Parser {
        let text: [Character]
        let inputs: [String]
        let node: Node
        let at: SpecLocation
        var pos = 0

        init(text: [Character], inputs: [String], node: Node, at: SpecLocation) {
            self.text = text
            self.inputs = inputs
            self.node = node
            self.at = at
        }

        func fail(_ problem: String, at column: Int? = nil) -> BonsaiError {
            at.error(node, problem, columnOffset: column ?? pos)
        }

        func arityText(_ a: ClosedRange<Int>, _ got: Int) -> String {
            a.lowerBound == a.upperBound
                ? "\(a.lowerBound)" : got < a.lowerBound ? "at least \(a.lowerBound)" : "at most \(a.upperBound)"
        }

        mutating func skipSpaces() { while pos < text.count, text[pos] == " " { pos += 1 } }

        mutating func expect(_ c: Character) throws {
            skipSpaces()
            guard pos < text.count, text[pos] == c else {
                throw fail("expected '\(c)'" + (pos < text.count ? " but found '\(text[pos])'" : " at the end"))
            }
            pos += 1
        }

        mutating func parseAll() throws -> Expr {
            let e = try parseExpr(depth: 0)
            skipSpaces()
            guard pos == text.count else { throw fail("unexpected '\(text[pos])' after the expression") }
            return e
        }

        mutating func word() -> String {
            let startPos = pos
            while pos < text.count, text[pos].isLetter || text[pos].isNumber || text[pos] == "_" { pos += 1 }
            return String(text[startPos..<pos])
        }

        /// `depth`: calls this one is nested in. Recursion is bounded: 50,000 `not(` would overflow the stack.
        mutating func parseExpr(depth: Int) throws -> Expr {
            guard depth < SizeLimits.expressionDepth else {
                throw fail("expression nested more than \(SizeLimits.expressionDepth) calls deep")
            }
            skipSpaces()
            let startPos = pos
            let w = word()
            guard !w.isEmpty else {
                throw fail(
                    pos < text.count
                        ? "unexpected '\(text[pos])'; expected an input, 0, 1 or a function" : "missing expression")
            }
            if w == "0" || w == "1" { return .constant(w == "1") }
            skipSpaces()
            if pos < text.count, text[pos] == "(" {
                guard let arity = ExpressionSpec.arities[w] else {
                    throw fail("unknown function '\(w)'; known: and, or, xor, not, ite", at: startPos)
                }
                pos += 1
                var args = [try parseExpr(depth: depth + 1)]
                skipSpaces()
                while pos < text.count, text[pos] == "," {
                    // Stop at the first argument too many: 200,000 of them need not all be parsed.
                    guard args.count <= arity.upperBound else {
                        throw fail(
                            "\(w) takes \(arityText(arity, args.count)) argument(s), got more than \(arity.upperBound)",
                            at: startPos)
                    }
                    pos += 1
                    args.append(try parseExpr(depth: depth + 1))
                    skipSpaces()
                }
                try expect(")")
                guard arity.contains(args.count) else {
                    throw fail(
                        "\(w) takes \(arityText(arity, args.count)) argument(s), got \(args.count)", at: startPos)
                }
                return .call(w, args)
            }
            guard let i = inputs.firstIndex(of: w) else {
                throw fail("unknown input '\(w)' (inputs: \(inputs.joined(separator: ", ")))", at: startPos)
            }
            guard pos < text.count, text[pos] == "[" else { return .input(i, delay: 0) }
            pos += 1
            skipSpaces()
            guard word() == "t" else { throw fail("a delay is written name[t-k]") }
            skipSpaces()
            var delay = 0
            if pos < text.count, text[pos] == "-" {
                pos += 1
                skipSpaces()
                let digits = pos
                guard let k = Int(word()), k >= 0, k <= 16 else {
                    throw fail("a delay is written name[t-k] with k a whole number from 0 to 16", at: digits)
                }
                delay = k
            }
            try expect("]")
            return .input(i, delay: delay)
        }
    }
}
