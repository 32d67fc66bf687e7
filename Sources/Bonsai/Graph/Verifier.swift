import Foundation

/// What verification established about a graph.
public struct Verification: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// Every reachable (graph state, reference state) pair was explored: correct for all sequences.
        case proven
        /// The graph's states did not close (analog values): every sequence up to `exhaustiveLength` was
        /// checked exhaustively, plus the sampled check.
        case checked
        /// A counterexample was found.
        case failed
    }
    public var status: Status
    public var exploredPairs: Int
    public var exhaustiveLength: Int
    public var sampledSequences: Int
    public var sampledLength: Int
    /// min over every checked output of target·output (> 0 means every sign is right).
    public var worstMargin: Double
    /// The shortest failing input sequence (symbols: bit i = input i true), when status is failed.
    public var counterexample: [Int]?
    public var seconds: Double
    /// How a `proven` status was established: nil or `exploration` (the reachable pairs closed), or
    /// `invariant-regions` (an `InvariantCertificate`, for graphs whose states never repeat). Absent in
    /// files from before invariant regions; they read as exploration.
    public var method: Method?
    /// With `invariant-regions`: the certified margin, a lower bound of target·output over every step of
    /// every sequence of any length.
    public var certifiedMargin: Double?

    public enum Method: String, Codable, Sendable {
        case exploration
        case invariantRegions = "invariant-regions"
    }

    public var passed: Bool { status != .failed }

    /// A checked verification upgraded by an invariant-region certificate.
    public func proven(by certificate: InvariantCertificate, seconds extra: Double) -> Verification {
        var v = self
        v.status = .proven
        v.method = .invariantRegions
        v.certifiedMargin = certificate.margin
        v.seconds += extra
        return v
    }

    public var summary: String {
        switch status {
        case .proven where method == .invariantRegions:
            return String(
                format:
                    "proven for all sequences by invariant regions (certified margin %.3f; also checked exhaustively up to length %d and on %d sampled sequences of length %d, worst margin seen %.3f)",
                certifiedMargin ?? 0, exhaustiveLength, sampledSequences, sampledLength, worstMargin)
        case .proven:
            return String(
                format: "proven for all sequences (%d reachable states explored), worst margin %.3f", exploredPairs,
                worstMargin)
        case .checked:
            return String(
                format:
                    "checked exhaustively up to length %d (%d states) and on %d sampled sequences of length %d, worst margin %.3f",
                exhaustiveLength, exploredPairs, sampledSequences, sampledLength, worstMargin)
        case .failed:
            let c = counterexample ?? []
            let shown =
                c.count <= 24
                ? "\(c)"
                : "[\(c.prefix(12).map(String.init).joined(separator: ", ")), …, \(c.suffix(6).map(String.init).joined(separator: ", "))]"
            return "FAILS at step \(c.count) of the input sequence \(shown) (input symbols: bit i = input i true)"
        }
    }
}

/// A (graph state, reference state) pair, graph state by exact bit patterns.
struct PairKey<R: Hashable>: Hashable {
    let bits: [UInt64]
    let ref: R
}

/// Exact verification of a graph against an objective's reference machine.
///
/// Breadth-first exploration of every reachable pair (graph state vector, reference state), over every
/// input symbol the objective can produce there, comparing output signs. The graph is evaluated in Double
/// and states are identified by their exact values: the same inputs from the same state always give the
/// same next state, so an exploration that closes covers every sequence of any length — a proof. Graphs
/// whose states never repeat (analog counters) hit the exploration cap; then every sequence up to the
/// completed depth has been checked, and a sampled check on long sequences follows.
public enum Verifier {
    public struct Limits: Sendable {
        public var maxPairs: Int
        public var sampledSequences: Int
        public var sampledLength: Int
        /// Input sequences always checked first (e.g. counterexamples found earlier by a stronger check).
        public var sequences: [[Int]] = []
        public init(maxPairs: Int = 200_000, sampledSequences: Int = 1000, sampledLength: Int = 400) {
            self.maxPairs = maxPairs
            self.sampledSequences = sampledSequences
            self.sampledLength = sampledLength
        }
    }

    public static func verify(
        _ graph: Graph, objective: any Objective, limits: Limits = .init(), seed: UInt64 = 1
    ) -> Verification {
        explore(graph, objective, limits: limits, seed: seed, values: nil)
    }

    /// Like `verify`, and also collects the values each node takes (up to `maxDistinct` per node, beyond
    /// which the node counts as analog): the facts the simplifier's rewrites rely on.
    static func verify(
        _ graph: Graph, objective: any Objective, limits: Limits, seed: UInt64, collecting values: ValueSets
    ) -> Verification {
        explore(graph, objective, limits: limits, seed: seed, values: values)
    }

    /// The value collector `verify(_:objective:limits:seed:collecting:)` fills (Graph/ValueSets.swift).
    typealias ValueSets = Bonsai.ValueSets

    private static func explore<O: Objective>(
        _ graph: Graph, _ o: O, limits: Limits, seed: UInt64, values collected: ValueSets?
    ) -> Verification {
        let started = Date()
        let ev = GraphEvaluator(graph)
        var pairs = ReachableStates<O.State>(graph, start: o.start, cachingSteps: false)
        var values = [Double](repeating: 0, count: ev.valueCount)
        var margin = Double.infinity
        func result(
            _ status: Verification.Status, sampled: (Int, Int) = (0, 0), counterexample: [Int]? = nil
        ) -> Verification {
            Verification(
                status: status, exploredPairs: pairs.visited.count, exhaustiveLength: pairs.depth,
                sampledSequences: sampled.0,
                sampledLength: sampled.1, worstMargin: margin, counterexample: counterexample,
                seconds: Date().timeIntervalSince(started))
        }
        /// Whether every output sign is the target's, lowering the worst margin on the way.
        func correct(_ y: [Double], _ out: Int) -> Bool {
            for (m, v) in y.enumerated() {
                let product = (out >> m) & 1 == 1 ? v : -v
                margin = min(margin, product)
                if !(product > 0) { return false }
            }
            return true
        }

        /// Runs one sequence from the start, drawing inputs from `next` (nil ends it); returns the failing
        /// prefix, if any.
        func failure(_ next: (O.State, Int) -> Int?) -> [Int]? {
            var state = ev.initialState, ref = o.start
            var inputs: [Int] = []
            while let x = next(ref, inputs.count) {
                inputs.append(x)
                let (y, ns) = ev.step(state: state, inputBits: x, values: &values)
                collected?.record(values)
                let (rn, out) = o.step(ref, input: x)
                if !correct(y, out) { return inputs }
                state = ns
                ref = rn
            }
            return nil
        }

        // Known hard cases first: cheap, and they fail fast.
        for seq in limits.sequences {
            if let c = failure({ _, t in t < seq.count ? seq[t] : nil }) { return result(.failed, counterexample: c) }
        }
        // Every reachable pair, stopping at the first wrong output: its path is a shortest counterexample.
        var wrong: (node: Int, input: Int)?
        let finished = pairs.run(
            maxPairs: limits.maxPairs, inputs: { o.possibleInputs(in: $0) }, reference: { o.step($0, input: $1) },
            observe: { collected?.record($0) },
            check: { _, node, x, y, out in
                if correct(y, out) { return true }
                wrong = (node, x)
                return false
            },
            reached: { _, _, _ in true })
        if !finished, let wrong { return result(.failed, counterexample: pairs.path(wrong.node) + [wrong.input]) }
        if pairs.closed { return result(.proven) }

        // Not closed: sampled sequences from the objective's own generator, much longer than training.
        var rng = Rng(seed: seed, stream: 9)
        for _ in 0..<limits.sampledSequences {
            let c = failure { ref, t in t < limits.sampledLength ? o.sampleInput(in: ref, using: &rng) : nil }
            if let c { return result(.failed, counterexample: c) }
        }
        return result(.checked, sampled: (limits.sampledSequences, limits.sampledLength))
    }
}
