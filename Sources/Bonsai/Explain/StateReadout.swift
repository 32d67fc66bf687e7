/// Where the objective's state shows in the graph's state values: for each state of the objective's
/// minimal machine, the range of every graph state seen alongside it during the exploration.
///
/// This is what an analog graph (no finite machine) can still be asked: when every two objective states
/// have some graph state whose ranges do not overlap, the objective's state can be read off the graph's
/// values by thresholds. It describes the explored pairs only; it is not a proof.
public struct StateReadout: Codable, Equatable, Sendable {
    public struct Row: Codable, Equatable, Sendable {
        /// The objective state(s), as the objective prints them.
        public var reference: String
        /// [low, high] per graph state, in the order of the graph's states.
        public var ranges: [[Double]]
    }
    public var rows: [Row]
    /// Every two rows are told apart by a graph state whose ranges do not overlap.
    public var separable: Bool

    /// `ranges[r][j]` for minimal reference state r and graph state j.
    static func make(ranges: [[ClosedRange<Double>?]], names: [String]) -> StateReadout {
        let seen = ranges.indices.filter { ranges[$0].allSatisfy { $0 != nil } || ranges[$0].isEmpty }
        var separable = true
        for a in seen {
            for b in seen where b > a {
                let apart = ranges[a].indices.contains { j in
                    guard let x = ranges[a][j], let y = ranges[b][j] else { return false }
                    return !x.overlaps(y)
                }
                if !apart { separable = false }
            }
        }
        let rows = seen.map { r in
            Row(reference: names[r], ranges: ranges[r].map { [$0!.lowerBound, $0!.upperBound] })
        }
        return StateReadout(rows: rows, separable: separable)
    }
}
