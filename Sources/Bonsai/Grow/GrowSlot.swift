/// One slot of a race split over several tasks (`bonsai sweep --attempt-tasks K`): slot `index` of
/// `count` races only the entrants whose admission index is ≡ index (mod count), so the K slots of a
/// seed together race exactly the entrants of one whole race, each once, with the same ids, recipes and
/// seeds. A slot is otherwise a normal race in its own directory (resumed the same way).
public struct GrowSlot: Codable, Sendable, Equatable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Slot `index` exists among `count`.
    public var isValid: Bool { count >= 1 && (0..<count).contains(index) }

    /// The admission index, in the whole race, of this slot's `k`-th entrant.
    public func admission(_ k: Int) -> Int { index + k * count }
}
