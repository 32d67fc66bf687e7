import Foundation

/// What a graph computes: every neuron's function, every state's values, and the minimized state machine
/// it implements, compared with the objective's minimal machine.
///
/// JSON (format "bonsai-explanation", version 1; the page reads it):
/// ```json
/// { "format": "bonsai-explanation", "version": 1, "objective": "two-ago",
///   "neurons": [ { "name": "c0.r0", "kind": "boolean", "function": "XOR(x0, c0.s1)",
///                  "inputs": ["x0", "c0.s1"], "levels": [[-1, 1], [-1, 1]], "outputLevels": [-1, 1],
///                  "truthTable": [ {"inputs": [0, 1], "output": 1}, {"inputs": [1, 1], "output": null} ] } ],
///   "states": [ { "name": "c0.s0", "values": [-1, 1], "range": [-1, 1], "next": "c0.r0" } ],
///   "machine": { "states": 4, "start": 0, "inputs": ["0", "1"], "outputs": ["0", "1"],
///                "transitions": [ {"from": 0, "input": "1", "to": 2, "output": "0"} ],
///                "encoding": [ {"state": 0, "graphStates": [[1, -1]], "graphStateCount": 1, "reference": "…"} ] },
///   "reference": { "states": 4, "reachable": 4 }, "equivalent": true, "isomorphic": true,
///   "counterexample": null, "exploration": { … }, "readout": { … }, "seconds": 0.01 }
/// ```
/// For a graph whose states do not close, `invariant` (absent otherwise) holds the invariant-region proof:
/// `{"proven": true, "margin": 0.17, "rows": [{"state": 0, "reference": "0", "ranges": [[-0.83, -0.17]],
/// "boxes": 1}]}`, or `{"proven": false, "problem": "…", "counterexample": ["0", "1", …]}`.
/// Symbols are bit strings, one character per input (output) bit in order, "1" = true. `machine`,
/// `equivalent` and `isomorphic` are null when the graph's states never close (analog); `counterexample`
/// (input symbols) is null unless the machine differs from the objective's.
public struct Explanation: Codable, Equatable, Sendable {
    public static let format = "bonsai-explanation"
    public static let currentVersion = 1

    public struct Machine: Codable, Equatable, Sendable {
        public struct Transition: Codable, Equatable, Sendable {
            public var from: Int, input: String, to: Int, output: String
        }
        public struct Encoding: Codable, Equatable, Sendable {
            public var state: Int
            /// The graph state vectors (values of `states`, in order) that are this machine state; at most
            /// `Explainer.maxListedGraphStates` of them.
            public var graphStates: [[Double]]
            public var graphStateCount: Int
            /// The objective's state(s) it corresponds to, when the machines are isomorphic.
            public var reference: String?
        }
        public var states: Int
        public var start: Int
        public var inputs: [String]
        public var outputs: [String]
        public var transitions: [Transition]
        public var encoding: [Encoding]
    }

    public struct Reference: Codable, Equatable, Sendable {
        /// States of the objective's minimal machine.
        public var states: Int
        /// Reachable states of the objective's machine before minimization.
        public var reachable: Int
    }

    /// For a graph with no exact machine: the machine it behaves as on every explored sequence
    /// (BoundedBehaviour), compared with the objective's minimal machine. Evidence, not a proof.
    public struct Bounded: Codable, Equatable, Sendable {
        public var states: Int
        /// Every input sequence up to this length behaves as the machine.
        public var depth: Int
        /// States were told apart by their outputs over this many steps.
        public var lookahead: Int
        public var equivalent: Bool
        public var isomorphic: Bool
        public var counterexample: [String]?
        /// The machine, as `machine` would be; its encoding lists the grouped graph states.
        public var machine: Machine
    }

    public struct Exploration: Codable, Equatable, Sendable {
        /// Every reachable (graph state, objective state) pair was explored.
        public var closed: Bool
        public var pairs: Int
        /// Distinct graph state vectors seen.
        public var graphStates: Int
        /// All input sequences up to this length were explored.
        public var depth: Int
        /// States with more than a few distinct values.
        public var analogStates: [String]
    }

    public var format = Explanation.format
    public var version = Explanation.currentVersion
    public var objective: String
    public var graphSize: Graph.Size
    public var neurons: [NeuronExplanation]
    public var states: [StateExplanation]
    public var machine: Machine?
    public var reference: Reference
    public var equivalent: Bool?
    public var isomorphic: Bool?
    public var counterexample: [String]?
    public var exploration: Exploration
    /// The graph state ranges seen alongside each objective state (the encoding, for analog graphs too).
    public var readout: StateReadout
    /// Null unless the graph is analog and its explored behaviour is that of a finite machine.
    public var bounded: Bounded?
    public var seconds: Double
    /// `Graph.contentHash` of the graph explained (nil in files from before it was recorded): the page
    /// shows this explanation only for that graph.
    public var graphHash: String? = nil

    /// For a graph whose states never close: the invariant-region proof (which value ranges of the graph's
    /// states mean which machine state, for every length), or why there is none. Absent in older files.
    public var invariant: Invariant? = nil

    public struct Invariant: Codable, Equatable, Sendable {
        public struct Row: Codable, Equatable, Sendable {
            /// The state of the objective's minimal machine, and the objective's states behind it.
            public var state: Int
            public var reference: String
            /// Per graph state (in `states` order), [low, high]: the hull of the region's boxes.
            public var ranges: [[Double]]
            public var boxes: Int
        }
        public var proven: Bool
        /// The certified margin, when proven.
        public var margin: Double?
        public var rows: [Row]
        /// When not proven: where the regions fail, and a failing input sequence if one was found.
        public var problem: String?
        public var counterexample: [String]?

        static func make(_ c: InvariantCertificate) -> Invariant {
            Invariant(
                proven: true, margin: c.margin,
                rows: c.regions.map { r in
                    .init(
                        state: r.state, reference: r.reference, ranges: r.ranges.map { [$0.lo, $0.hi] },
                        boxes: r.boxes.count)
                },
                problem: nil, counterexample: nil)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case format, version, objective, graphSize, neurons, states, machine, reference, equivalent, isomorphic,
            counterexample, exploration, readout, bounded, seconds, graphHash, invariant
    }

    /// Writes nulls explicitly: the page tells "no machine" from a missing field.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(version, forKey: .version)
        try c.encode(objective, forKey: .objective)
        try c.encode(graphSize, forKey: .graphSize)
        try c.encode(neurons, forKey: .neurons)
        try c.encode(states, forKey: .states)
        try c.encode(machine, forKey: .machine)
        try c.encode(reference, forKey: .reference)
        try c.encode(equivalent, forKey: .equivalent)
        try c.encode(isomorphic, forKey: .isomorphic)
        try c.encode(counterexample, forKey: .counterexample)
        try c.encode(exploration, forKey: .exploration)
        try c.encode(readout, forKey: .readout)
        try c.encode(bounded, forKey: .bounded)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(graphHash, forKey: .graphHash)
        try c.encodeIfPresent(invariant, forKey: .invariant)
    }

    /// One line for the terminal, e.g. "machine: 4 states = minimal machine of two-ago (isomorphic)".
    public var summary: String {
        guard machine == nil, let inv = invariant else { return machineSummary }
        if inv.proven { return machineSummary + "; proven for every length by invariant regions" }
        if let ce = inv.counterexample {
            return machineSummary
                + "; but it FAILS at step \(ce.count) of a longer sequence (no invariant regions; see explanation.md)"
        }
        return machineSummary + "; not proven for every length (no invariant regions)"
    }

    var machineSummary: String {
        guard let m = machine else {
            if let b = bounded {
                let what =
                    b.isomorphic
                    ? "the minimal machine of \(objective) (isomorphic)"
                    : b.equivalent ? "a machine equivalent to \(objective)'s" : "a machine that is NOT \(objective)'s"
                return
                    "machine: no exact one (analog: \(exploration.analogStates.joined(separator: ", "))); on every sequence up to length \(b.depth) the graph behaves as \(plural(b.states, "state")) = \(what)"
            }
            return
                "machine: none — the graph's states never repeat exactly (analog: \(exploration.analogStates.joined(separator: ", "))); explored \(exploration.pairs) pairs, every sequence up to length \(exploration.depth)"
        }
        if isomorphic == true {
            return "machine: \(plural(m.states, "state")) = minimal machine of \(objective) (isomorphic)"
        }
        if equivalent == true {
            return
                "machine: \(plural(m.states, "state")), equivalent to \(objective) (minimal machine: \(plural(reference.states, "state")))"
        }
        return
            "machine: \(plural(m.states, "state")), NOT equivalent to \(objective) (minimal machine: \(plural(reference.states, "state"))); they differ on inputs \(counterexample?.joined(separator: " ") ?? "?")"
    }
}
