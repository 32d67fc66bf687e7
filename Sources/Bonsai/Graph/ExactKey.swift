/// How exploration and verification tell the graph's Double values apart: by their exact bit patterns, with
/// −0 folded into +0 (`v + 0`). The graph is deterministic, so two states with the same key have the same
/// future (docs/design.md, section 6). Every state and value set keyed by value uses this one rule.
extension Double {
    var exactKey: UInt64 { (self + 0).bitPattern }
}

extension Array where Element == Double {
    var exactKey: [UInt64] { map(\.exactKey) }
}
