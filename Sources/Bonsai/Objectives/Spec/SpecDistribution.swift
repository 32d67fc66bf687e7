import Yams

/// The `distribution:` of a spec: either the probability of +1 per input bit (`a: 0.3`; bits not named
/// are 0.5) or weighted symbols (`symbols: {"01": 2, "10": 1}`; symbols not named never occur).
enum SpecDistribution {
    static func parse(_ node: Node?, inputs: [String], at: SpecLocation) throws -> InputDistribution {
        guard let node else { return .bits(Array(repeating: 0.5, count: inputs.count)) }
        let entries = try at.mapping(node, "distribution")
        if entries.count == 1, try at.scalar(entries[0].key, "a distribution key") == "symbols" {
            var weights = Array(repeating: 0.0, count: 1 << inputs.count)
            var seen = Set<Int>()
            for (k, v) in try at.mapping(entries[0].value, "distribution symbols") {
                let symbols = try SpecSymbol.input(k, inputCount: inputs.count, at: at)
                guard symbols.count == 1 else { throw at.error(k, "a weighted symbol must be written out (no '-')") }
                guard seen.insert(symbols[0]).inserted else { throw at.error(k, "symbol listed twice") }
                let w = try at.number(v, "a symbol weight")
                guard w >= 0 else { throw at.error(v, "a symbol weight must be ≥ 0 (got \(w))") }
                weights[symbols[0]] = w
            }
            guard weights.reduce(0, +) > 0 else { throw at.error(node, "the symbol weights must not all be 0") }
            return .symbols(weights)
        }
        var p = Array(repeating: 0.5, count: inputs.count)
        var seen = Set<String>()
        for (k, v) in entries {
            let name = try at.scalar(k, "an input name")
            guard let i = inputs.firstIndex(of: name) else {
                throw at.error(
                    k, "unknown input '\(name)' (inputs: \(inputs.joined(separator: ", ")); or use 'symbols:')")
            }
            guard seen.insert(name).inserted else { throw at.error(k, "input '\(name)' listed twice") }
            let q = try at.number(v, "the probability of \(name)")
            guard (0...1).contains(q) else {
                throw at.error(v, "the probability of \(name) must be in [0, 1] (got \(q))")
            }
            p[i] = q
        }
        return .bits(p)
    }
}

/// Symbols written as bit strings, one character per input (or output) in the order they are listed:
/// with inputs [a, b], "10" is a true, b false. An input symbol may use '-' for "either".
enum SpecSymbol {
    /// Every symbol the pattern matches (bit i = input i true).
    static func input(_ node: Node, inputCount: Int, at: SpecLocation) throws -> [Int] {
        let s = try at.scalar(node, "an input symbol")
        try checkLength(s, inputCount, "input", node, at)
        var symbols = [0]
        for (i, c) in s.enumerated() {
            switch c {
            case "0": break
            case "1": symbols = symbols.map { $0 | 1 << i }
            case "-": symbols = symbols.flatMap { [$0, $0 | 1 << i] }
            default: throw at.error(node, "unknown input symbol '\(s)': use 0, 1 or - per input", columnOffset: i)
            }
        }
        return symbols
    }

    static func output(_ node: Node, outputCount: Int, at: SpecLocation) throws -> Int {
        let s = try at.scalar(node, "an output symbol")
        try checkLength(s, outputCount, "output", node, at)
        var y = 0
        for (i, c) in s.enumerated() {
            switch c {
            case "0": break
            case "1": y |= 1 << i
            default: throw at.error(node, "unknown output symbol '\(s)': use 0 or 1 per output", columnOffset: i)
            }
        }
        return y
    }

    private static func checkLength(_ s: String, _ n: Int, _ what: String, _ node: Node, _ at: SpecLocation) throws {
        guard s.count == n else {
            throw at.error(
                node, "\(what) symbol '\(s)' has \(s.count) bit(s); the spec has \(n) \(what)(s), one character each")
        }
    }
}
