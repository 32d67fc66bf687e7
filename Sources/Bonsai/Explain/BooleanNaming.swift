/// A Boolean function known only where it was observed: `rows[c]` is the output for the input combination
/// c (bit i = input i high), or nil when c never happens (a don't-care).
public struct TruthTable: Equatable, Sendable {
    public var inputs: [String]
    public var rows: [Bool?]

    public init(inputs: [String], rows: [Bool?]) {
        precondition(rows.count == 1 << inputs.count)
        self.inputs = inputs
        self.rows = rows
    }

    /// Builds a table from a function over all combinations; `occurs` marks the ones that happen.
    public init(inputs: [String], occurs: (Int) -> Bool = { _ in true }, _ f: (Int) -> Bool) {
        self.init(inputs: inputs, rows: (0..<(1 << inputs.count)).map { occurs($0) ? f($0) : nil })
    }
}

/// Names a truth table: the simplest familiar function that agrees with every combination that occurs.
///
/// First the fewest inputs that determine the output (with don't-cares several inputs can be irrelevant),
/// then, over those: constant, copy, NOT, AND, OR, NAND, NOR, XOR, XNOR (any arity), multiplexer
/// (c ? a : b, either data input possibly negated), majority, threshold-k (at least k of n high). When no name fits: the minimal sum of
/// products, using the don't-cares.
public enum BooleanNaming {
    public static func name(_ t: TruthTable) -> String {
        let n = t.inputs.count
        let care = t.rows.indices.filter { t.rows[$0] != nil }
        for size in 0...n {
            let supports = Subsets.of(n, size: size).filter { determines($0, t, care) }
            guard !supports.isEmpty else { continue }
            for s in supports {
                if let named = familiar(s, t, care) { return named }
            }
            // No familiar name: the minimal formula over the first smallest support.
            let s = supports[0]
            var on = Set<Int>(), dc = Set(0..<(1 << s.count))
            for c in care {
                let p = project(c, s)
                dc.remove(p)
                if t.rows[c]! { on.insert(p) }
            }
            return SumOfProducts.format(
                SumOfProducts.minimize(n: s.count, on: on, dontCare: dc), names: s.map { t.inputs[$0] })
        }
        return "FALSE"  // unreachable: the full input set always determines the output
    }

    /// The combination c restricted to the inputs in s (bit j = input s[j]).
    static func project(_ c: Int, _ s: [Int]) -> Int {
        s.enumerated().reduce(0) { $0 | ((c >> $1.element) & 1) << $1.offset }
    }

    /// Whether the inputs in s alone determine the output on every occurring combination.
    static func determines(_ s: [Int], _ t: TruthTable, _ care: [Int]) -> Bool {
        var seen: [Int: Bool] = [:]
        for c in care {
            let p = project(c, s)
            if let v = seen[p], v != t.rows[c]! { return false }
            seen[p] = t.rows[c]!
        }
        return true
    }

    /// A familiar name for the function of inputs s, if one agrees with every occurring combination.
    static func familiar(_ s: [Int], _ t: TruthTable, _ care: [Int]) -> String? {
        let names = s.map { t.inputs[$0] }
        let m = s.count
        func fits(_ f: (Int) -> Bool) -> Bool { care.allSatisfy { f(project($0, s)) == t.rows[$0]! } }
        func high(_ p: Int) -> Int { p.nonzeroBitCount }
        let list = names.joined(separator: ", ")
        if m == 0 { return care.first.map { t.rows[$0]! ? "TRUE" : "FALSE" } ?? "FALSE" }
        if m == 1 { return fits { $0 == 1 } ? names[0] : "NOT \(names[0])" }
        let all = (1 << m) - 1
        let gates: [(String, (Int) -> Bool)] = [
            ("AND", { $0 == all }), ("OR", { $0 != 0 }), ("NAND", { $0 != all }), ("NOR", { $0 == 0 }),
            ("XOR", { high($0) % 2 == 1 }), ("XNOR", { high($0) % 2 == 0 }),
        ]
        for (g, f) in gates where fits(f) { return "\(g)(\(list))" }
        if m == 3 {
            if fits({ high($0) >= 2 }) { return "MAJORITY(\(list))" }
            // Either data input may be negated (a 2-bit counter's next bit: change ? ¬other : self).
            for negated in [(false, false), (true, false), (false, true), (true, true)] {
                for c in 0..<3 {
                    let others = (0..<3).filter { $0 != c }
                    for (a, b) in [(others[0], others[1]), (others[1], others[0])]
                    where fits({
                        ($0 >> c) & 1 == 1 ? (($0 >> a) & 1 == 1) != negated.0 : (($0 >> b) & 1 == 1) != negated.1
                    }) {
                        return
                            "MUX(\(names[c]) ? \(negated.0 ? "¬" : "")\(names[a]) : \(negated.1 ? "¬" : "")\(names[b]))"
                    }
                }
            }
        }
        if m >= 3 {
            for k in 2..<m where fits({ high($0) >= k }) {
                return m % 2 == 1 && k == (m + 1) / 2 ? "MAJORITY(\(list))" : "THRESHOLD-\(k)(\(list))"
            }
        }
        return nil
    }
}
