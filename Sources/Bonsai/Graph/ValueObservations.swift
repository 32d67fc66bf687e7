/// What the exploration saw each node do: the distinct values of every node, and for every neuron the
/// combinations of (source levels, output level) that occurred. Neuron logic is read off these.
///
/// Values are compared by their exact key (`Double.exactKey`), like the Verifier's graph states. A node
/// is two-level while it has shown at most two distinct values; a neuron's combinations are recorded only
/// while it and all its sources are two-level, as bits: source i's level (0 = the first value seen,
/// 1 = the second) at bit i, the output's level at bit `sources.count`.
final class ValueObservations {
    /// Distinct values kept per node; beyond this a node's value list is dropped (its range is kept).
    static let maxListed = 64
    /// Neurons with more two-level sources than this are not tabulated (2^n combinations).
    static let maxTabulated = 12

    struct Slot {
        var first: UInt64?
        var second: UInt64?
        var twoLevel = true
        var distinct: Set<UInt64>? = []
        var low = Double.infinity, high = -Double.infinity
    }

    let inputCount: Int, stateCount: Int
    var slots: [Slot]
    /// Per neuron: its distinct source slots, in first-edge order.
    let sources: [[Int]]
    /// Per neuron: the occurring combinations as a bit set (bit `key` set), nil once the neuron cannot
    /// be tabulated. A bit set, not a Set<Int>: this is updated for every neuron at every step.
    var combinations: [[UInt64]?]
    /// Neurons of multi-level sources (a 3-level counter, say) with at most this many distinct
    /// (source values, output value) rows get a value table instead of a truth table.
    static let maxValueRows = 24
    /// Per neuron: the distinct rows (source value bits, then the output's), nil once there are too many.
    var valueRows: [Set<[UInt64]>?]

    init(_ graph: Graph) {
        inputCount = graph.inputs.count
        stateCount = graph.states.count
        let count = inputCount + stateCount + graph.neurons.count
        slots = Array(repeating: Slot(), count: count)
        sources = graph.neurons.map { n in
            var seen: [Int] = []
            for e in n.edges {
                let s: Int
                switch e.from {
                case .input(let i): s = i
                case .state(let j): s = graph.inputs.count + j
                case .neuron(let k): s = graph.inputs.count + graph.states.count + k
                }
                if !seen.contains(s) { seen.append(s) }
            }
            return seen
        }
        combinations = sources.map {
            $0.count <= Self.maxTabulated ? Array(repeating: 0, count: ((2 << $0.count) + 63) / 64) : nil
        }
        valueRows = Array(repeating: [], count: sources.count)
    }

    func neuronSlot(_ k: Int) -> Int { inputCount + stateCount + k }

    func record(_ values: [Double]) {
        // Local copies: one exclusivity check per call instead of one per access (this runs per step).
        var slots = self.slots
        self.slots = []
        defer { self.slots = slots }
        for i in values.indices {
            let v = values[i] + 0, b = v.exactKey
            if v < slots[i].low { slots[i].low = v }
            if v > slots[i].high { slots[i].high = v }
            // A two-level slot's known values are in its list already.
            if slots[i].distinct != nil, !(slots[i].twoLevel && (b == slots[i].first || b == slots[i].second)) {
                slots[i].distinct!.insert(b)
                if slots[i].distinct!.count > Self.maxListed { slots[i].distinct = nil }
            }
            guard slots[i].twoLevel else { continue }
            if slots[i].first == nil {
                slots[i].first = b
            } else if b != slots[i].first {
                if slots[i].second == nil {
                    slots[i].second = b
                } else if b != slots[i].second {
                    slots[i].twoLevel = false
                }
            }
        }
        /// Level index of slot i for its current value; nil when the slot has become analog.
        func level(_ i: Int) -> Int? {
            guard slots[i].twoLevel else { return nil }
            return values[i].exactKey == slots[i].first ? 0 : 1
        }
        for k in combinations.indices where combinations[k] != nil {
            let src = sources[k]
            var key = 0
            var analog = false
            if let out = level(neuronSlot(k)) {
                key = out << src.count
                for (i, s) in src.enumerated() {
                    guard let l = level(s) else {
                        analog = true
                        break
                    }
                    key |= l << i
                }
            } else {
                analog = true
            }
            if !analog {
                combinations[k]![key >> 6] |= 1 << UInt64(key & 63)
                continue
            }
            // No longer two-level: its value rows so far are its combinations, spelled out in values.
            let columns = src + [neuronSlot(k)]
            valueRows[k] = Set(
                combinationKeys(k)!.map { key in
                    columns.enumerated().map { i, s in (key >> i) & 1 == 0 ? slots[s].first! : slots[s].second! }
                })
            combinations[k] = nil
        }
        // Value rows are kept only for neurons that are not two-level (the combinations cover those).
        for k in valueRows.indices where valueRows[k] != nil && combinations[k] == nil {
            let row = (sources[k] + [neuronSlot(k)]).map { values[$0].exactKey }
            valueRows[k]!.insert(row)
            if valueRows[k]!.count > Self.maxValueRows { valueRows[k] = nil }
        }
    }

    /// The occurring combination keys of neuron k; nil when it cannot be tabulated.
    func combinationKeys(_ k: Int) -> [Int]? {
        combinations[k].map { bits in
            (0..<(bits.count * 64)).filter { (bits[$0 >> 6] >> UInt64($0 & 63)) & 1 == 1 }
        }
    }

    /// The two levels of a two-level slot, low first (one value when constant); nil when analog.
    func levels(_ i: Int) -> [Double]? {
        guard slots[i].twoLevel, let f = slots[i].first else { return nil }
        guard let s = slots[i].second else { return [Double(bitPattern: f)] }
        return [Double(bitPattern: f), Double(bitPattern: s)].sorted()
    }

    /// Whether level index 1 (the second value seen) is the high level.
    func secondIsHigh(_ i: Int) -> Bool {
        guard let f = slots[i].first, let s = slots[i].second else { return true }
        return Double(bitPattern: s) > Double(bitPattern: f)
    }

    /// Distinct values, sorted; nil when there were more than `maxListed`.
    func distinctValues(_ i: Int) -> [Double]? { slots[i].distinct.map { $0.map { Double(bitPattern: $0) }.sorted() } }
}
