/// The distinct values each value slot ([inputs | states | neurons]) takes during an exploration, told apart
/// by `exactKey`; a slot with more than `maxDistinct` values is dropped (nil: analog, as far as the caller
/// cares). The verifier fills it for the simplifier's rewrites, the finite-value analysis for the compiled
/// evaluator. (ValueObservations keeps more per node: levels and neuron truth tables, for explanations.)
final class ValueSets {
    let maxDistinct: Int
    private var keys: [Set<UInt64>?]

    init(count: Int, maxDistinct: Int = 4) {
        self.maxDistinct = maxDistinct
        keys = Array(repeating: [], count: count)
    }

    /// Records one step's values; returns the first slot that went over `maxDistinct` with them, if any.
    @discardableResult
    func record(_ values: [Double]) -> Int? {
        var overflow: Int?
        for (i, v) in values.enumerated() {
            guard keys[i] != nil else { continue }
            keys[i]!.insert(v.exactKey)
            if keys[i]!.count > maxDistinct {
                keys[i] = nil
                if overflow == nil { overflow = i }
            }
        }
        return overflow
    }

    /// Slot i's distinct values, nil once it had too many.
    func values(_ i: Int) -> Set<Double>? {
        keys[i].map { Set($0.map(Double.init(bitPattern:))) }
    }

    /// Slot i's distinct values in increasing order, nil once it had too many.
    func sorted(_ i: Int) -> [Double]? {
        keys[i].map { $0.map(Double.init(bitPattern:)).sorted() }
    }
}
