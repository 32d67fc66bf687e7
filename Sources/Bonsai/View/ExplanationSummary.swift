import Foundation

/// The parts of `explanation.json` (the explanation stage's output) that the page shows: per-neuron
/// function and truth table, and the state machine. Decoded tolerantly: unknown fields are ignored and
/// every field the page can do without is optional, so the two stages can evolve separately.
public struct ExplanationSummary: Codable, Equatable, Sendable {
    public struct Row: Codable, Equatable, Sendable {
        /// 0 = low, 1 = high, per input.
        public var inputs: [Int]
        /// nil: this combination never happens.
        public var output: Double?
    }

    public struct Neuron: Codable, Equatable, Sendable {
        public var name: String
        public var kind: String?
        public var function: String?
        public var inputs: [String]?
        public var truthTable: [Row]?
        public var range: [Double]?
    }

    public struct Transition: Codable, Equatable, Sendable {
        public var from: Int, input: String, to: Int, output: String
    }

    public struct Machine: Codable, Equatable, Sendable {
        public var states: Int
        public var start: Int
        public var transitions: [Transition]
    }

    public struct Reference: Codable, Equatable, Sendable { public var states: Int? }

    public var format: String
    public var objective: String?
    public var neurons: [Neuron]
    public var machine: Machine?
    public var reference: Reference?
    public var equivalent: Bool?
    public var isomorphic: Bool?
    /// The hash of the graph it explains (`Graph.contentHash`); nil in files from before it was recorded.
    public var graphHash: String?
    /// The invariant-region proof of an analog graph (`Explanation.Invariant`).
    public var invariant: Invariant?

    public struct Invariant: Codable, Equatable, Sendable {
        public typealias Row = Explanation.Invariant.Row
        public var proven: Bool
        public var margin: Double?
        public var rows: [Row]?
    }

    public static let format = "bonsai-explanation"

    public static func read(_ url: URL) throws -> ExplanationSummary {
        let e = try AtomicFile.readJSON(ExplanationSummary.self, from: url)
        guard e.format == format else {
            throw BonsaiError.file(url.path, "not a Bonsai explanation file (format '\(e.format)')")
        }
        if let m = e.machine {
            guard m.states >= 1, (0..<m.states).contains(m.start),
                m.transitions.allSatisfy({ (0..<m.states).contains($0.from) && (0..<m.states).contains($0.to) })
            else {
                throw BonsaiError.file(
                    url.path, "machine: a transition or the start names a state outside 0..<\(m.states)")
            }
        }
        return e
    }
}
