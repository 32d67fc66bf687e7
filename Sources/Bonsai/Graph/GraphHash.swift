import Foundation

/// A content hash of a graph, recorded with every result computed on it (prune.json's verification,
/// explanation.json), so that a result shown later is shown only for the graph it was computed on: an
/// edited graph.json must not still read "proven for all sequences".
///
/// The hash is FNV-1a 64 over the graph's canonical JSON (sorted keys, no whitespace), so reformatting
/// the file keeps the hash and changing any name, weight or reference changes it. It detects stale
/// results, not forgery: whoever can edit graph.json can edit prune.json too.
extension Graph {
    public var contentHash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a validated graph cannot fail (finite numbers, plain strings); "unhashable" then never
        // matches a recorded hash.
        guard let data = try? encoder.encode(self) else { return "unhashable" }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in data {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Whether a result recorded for a graph (its `graphHash`) is for this graph, and what to say if not.
public enum ResultFreshness: Equatable, Sendable {
    case current
    /// Written before hashes were recorded: it may or may not be for this graph.
    case unknown
    case stale

    public init(recorded: String?, graph: Graph) {
        guard let recorded else {
            self = .unknown
            return
        }
        self = recorded == graph.contentHash ? .current : .stale
    }

    /// "not verified (…)" for a verification that is not known to be of this graph; nil when it is.
    public func verificationNote(_ command: String) -> String? {
        switch self {
        case .current: return nil
        case .unknown: return "not verified (computed before hashes were recorded; run \(command) again)"
        case .stale: return "not verified (graph.json changed after it was verified; run \(command) again)"
        }
    }
}
