/// Exact two-level minimization: the smallest sum of products for a Boolean function with don't-cares.
///
/// Quine–McCluskey generates every prime implicant of (on-set ∪ don't-cares); an exact cover of the
/// on-set by primes then picks the fewest terms, ties broken by the fewest literals (essential primes
/// first, then branch and bound). Exponential in the worst case, but neurons have few inputs.
public enum SumOfProducts {
    /// A product term: the bits of `mask` are free (absent), the others must equal `value`'s bits.
    public struct Term: Hashable, Sendable {
        public var value: Int
        public var mask: Int
        public func covers(_ m: Int) -> Bool { m & ~mask == value & ~mask }
        public func literals(_ n: Int) -> Int { n - (mask & ((1 << n) - 1)).nonzeroBitCount }
    }

    /// The minimal cover of `on` (minterms over `n` variables) with `dontCare` available for free.
    public static func minimize(n: Int, on: Set<Int>, dontCare: Set<Int>) -> [Term] {
        guard !on.isEmpty else { return [] }
        let primes = primeImplicants(n: n, cells: on.union(dontCare)).filter { p in on.contains { p.covers($0) } }
        var best: [Term]? = nil
        func cost(_ c: [Term]) -> (Int, Int) { (c.count, c.reduce(0) { $0 + $1.literals(n) }) }
        func search(_ chosen: [Term], _ uncovered: Set<Int>) {
            // Every completion adds a term: no better than the best once it has as many.
            if let b = best, !uncovered.isEmpty, chosen.count >= b.count { return }
            guard
                let m = uncovered.min(by: { a, b in
                    primes.filter { $0.covers(a) }.count < primes.filter { $0.covers(b) }.count
                })
            else {
                if best == nil || cost(chosen) < cost(best!) { best = chosen }
                return
            }
            // Branch on the primes covering the hardest minterm, widest first.
            for p in primes.filter({ $0.covers(m) }).sorted(by: { $0.literals(n) < $1.literals(n) }) {
                search(chosen + [p], uncovered.filter { !p.covers($0) })
            }
        }
        search([], on)
        return (best ?? []).sorted { ($0.literals(n), $0.value) < ($1.literals(n), $1.value) }
    }

    static func primeImplicants(n: Int, cells: Set<Int>) -> [Term] {
        var current = Set(cells.map { Term(value: $0, mask: 0) })
        var primes: Set<Term> = []
        while !current.isEmpty {
            var merged: Set<Term> = [], used: Set<Term> = []
            for t in current {
                for b in 0..<n where (t.mask >> b) & 1 == 0 {
                    let partner = Term(value: t.value ^ (1 << b), mask: t.mask)
                    guard current.contains(partner) else { continue }
                    merged.insert(Term(value: t.value & ~(1 << b), mask: t.mask | 1 << b))
                    used.insert(t)
                    used.insert(partner)
                }
            }
            primes.formUnion(current.subtracting(used))
            current = merged
        }
        return primes.sorted { ($0.mask, $0.value) < ($1.mask, $1.value) }
    }

    /// "(a ∧ ¬b) ∨ c"; "FALSE" for no terms, "TRUE" for the empty term.
    public static func format(_ terms: [Term], names: [String]) -> String {
        guard !terms.isEmpty else { return "FALSE" }
        let n = names.count
        let parts = terms.map { t -> (String, Int) in
            var lits: [String] = []
            for i in 0..<n where (t.mask >> i) & 1 == 0 {
                lits.append((t.value >> i) & 1 == 1 ? names[i] : "¬" + names[i])
            }
            return (lits.isEmpty ? "TRUE" : lits.joined(separator: " ∧ "), lits.count)
        }
        if parts.count == 1 { return parts[0].0 }
        return parts.map { $0.1 > 1 ? "(\($0.0))" : $0.0 }.joined(separator: " ∨ ")
    }
}
