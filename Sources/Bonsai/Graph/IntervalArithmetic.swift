import Foundation

/// A closed interval of Doubles, for sound images of graph steps (the invariant-region prover).
///
/// "Sound" means: for every Double value a `GraphEvaluator` can compute from inputs inside the operand
/// intervals, the result lies inside the result interval. Two facts make that hold:
///   - round-to-nearest is monotone, so the evaluator's rounded result of a monotone operation lies between
///     the rounded results at the interval's ends, and
///   - each bound here is rounded *outward* (the largest Double ≤ the exact lower bound, the smallest ≥ the
///     exact upper bound), found exactly with an error-free transformation (TwoSum for sums, FMA for
///     products): a bound moves one ulp only when the operation was inexact. Exact operations (power-of-two
///     weights on dyadic values) keep exact bounds, so a step that maps a box exactly onto another box is
///     seen to do so.
public struct Interval: Codable, Equatable, Sendable, CustomStringConvertible {
    public var lo: Double
    public var hi: Double

    public init(_ lo: Double, _ hi: Double) {
        self.lo = lo
        self.hi = hi
    }
    public init(point v: Double) {
        lo = v
        hi = v
    }

    public var width: Double { hi - lo }
    public var isFinite: Bool { lo.isFinite && hi.isFinite }
    public func contains(_ v: Double) -> Bool { lo <= v && v <= hi }
    public func contains(_ o: Interval) -> Bool { lo <= o.lo && o.hi <= hi }
    public func hull(_ o: Interval) -> Interval { Interval(Swift.min(lo, o.lo), Swift.max(hi, o.hi)) }

    public var description: String { "[\(lo), \(hi)]" }

    // MARK: Directed rounding

    /// The largest Double ≤ a + b, and the smallest ≥ a + b (exactly, by TwoSum).
    static func addBounds(_ a: Double, _ b: Double) -> (down: Double, up: Double) {
        let s = a + b
        guard s.isFinite else {
            return (
                s.isNaN ? -.infinity : (s > 0 ? .greatestFiniteMagnitude : -.infinity),
                s.isNaN ? .infinity : (s > 0 ? .infinity : -.greatestFiniteMagnitude)
            )
        }
        let bb = s - a
        let err = (a - (s - bb)) + (b - bb)
        if err > 0 { return (s, s.nextUp) }
        if err < 0 { return (s.nextDown, s) }
        return (s, s)
    }

    /// The largest Double ≤ a·b, and the smallest ≥ a·b (exactly, by FMA).
    static func mulBounds(_ a: Double, _ b: Double) -> (down: Double, up: Double) {
        let p = a * b
        guard p.isFinite else {
            return (
                p.isNaN ? -.infinity : (p > 0 ? .greatestFiniteMagnitude : -.infinity),
                p.isNaN ? .infinity : (p > 0 ? .infinity : -.greatestFiniteMagnitude)
            )
        }
        let err = fma(a, b, -p)
        // Underflow makes the FMA residual unreliable: widen by one ulp both ways there.
        if p != 0 && abs(p) < Double.leastNormalMagnitude * 4 { return (p.nextDown, p.nextUp) }
        if p == 0 && a != 0 && b != 0 { return (p.nextDown, p.nextUp) }
        if err > 0 { return (p, p.nextUp) }
        if err < 0 { return (p.nextDown, p) }
        return (p, p)
    }

    public static func + (a: Interval, b: Interval) -> Interval {
        Interval(addBounds(a.lo, b.lo).down, addBounds(a.hi, b.hi).up)
    }

    /// w · [lo, hi] for a constant w.
    public static func * (w: Double, a: Interval) -> Interval {
        if w >= 0 { return Interval(mulBounds(w, a.lo).down, mulBounds(w, a.hi).up) }
        return Interval(mulBounds(w, a.hi).down, mulBounds(w, a.lo).up)
    }
}

extension Activation {
    /// The x where an activation's pieces change monotonicity direction or formula (Ameo: x = −3, −1, 1, 3,
    /// i.e. u = x/2 − 1/2 at −2, −1, 0, 1); empty for monotone ones.
    var criticalPoints: [Double] {
        switch self {
        case .ameo, .graphTSAmeo: return [-3, -1, 1, 3]
        case .tanh, .sigmoid, .relu, .linear: return []
        }
    }

    /// A sound image of `x` under the activation as `GraphEvaluator` computes it, or nil when it cannot be
    /// bounded soundly (non-finite bounds).
    ///
    /// - linear, relu: exact (monotone, computed exactly).
    /// - Ameo (hard, leaky, soft, interpolated; the graph.ts variant): every piece between the critical
    ///   points x = −3, −1, 1, 3 is monotone, and its Double computation is a composition of monotone
    ///   rounded operations (x/2 − 1/2, then u+2, −u, u, 8v⁴, 1 − 8v⁴, L·(u+2), their convex combination,
    ///   2h − 1), hence monotone too; adjacent pieces agree exactly at their shared breakpoints. So the
    ///   range over [lo, hi] is the min and max of the computed values at lo, hi and the critical points
    ///   inside (and their Double neighbours, for safety): exact, no padding.
    /// - tanh, sigmoid: monotone; libm's results are within a few ulps of the true function but are not
    ///   guaranteed monotone, so the ends are widened by 4 ulps each (and clamped to the range).
    func image(_ x: Interval) -> Interval? {
        guard x.isFinite, x.lo <= x.hi else { return nil }
        switch self {
        case .linear:
            return x
        case .relu:
            return Interval(value(x.lo), value(x.hi))
        case .tanh, .sigmoid:
            var lo = value(x.lo), hi = value(x.hi)
            for _ in 0..<4 {
                lo = lo.nextDown
                hi = hi.nextUp
            }
            let range: Interval = self == .tanh ? Interval(-1, 1) : Interval(0, 1)
            return Interval(Swift.max(lo, range.lo), Swift.min(hi, range.hi))
        case .ameo, .graphTSAmeo:
            var candidates = [x.lo, x.hi]
            for c in criticalPoints where x.lo < c && c < x.hi {
                candidates += [c.nextDown, c, c.nextUp].filter { x.lo <= $0 && $0 <= x.hi }
            }
            let ys = candidates.map(value)
            guard let lo = ys.min(), let hi = ys.max(), lo.isFinite, hi.isFinite else { return nil }
            return Interval(lo, hi)
        }
    }
}

/// A box: one interval per graph state.
public struct RegionBox: Codable, Equatable, Sendable {
    public var lower: [Double]
    public var upper: [Double]

    public init(lower: [Double], upper: [Double]) {
        self.lower = lower
        self.upper = upper
    }
    public init(point: [Double]) {
        lower = point
        upper = point
    }

    public var intervals: [Interval] { zip(lower, upper).map { Interval($0, $1) } }
    public func contains(_ p: [Double]) -> Bool { p.indices.allSatisfy { lower[$0] <= p[$0] && p[$0] <= upper[$0] } }
    public func contains(_ b: RegionBox) -> Bool {
        lower.indices.allSatisfy { lower[$0] <= b.lower[$0] && b.upper[$0] <= upper[$0] }
    }
    public func hull(_ b: RegionBox) -> RegionBox {
        RegionBox(
            lower: zip(lower, b.lower).map { Swift.min($0, $1) }, upper: zip(upper, b.upper).map { Swift.max($0, $1) })
    }
    /// Whether the union of `boxes` contains `b`: one box holds it, or, halving `b` along its widest side
    /// (at most `depth` times), each half is in the union. Sound: every point of `b` lies in some piece.
    public static func union(_ boxes: [RegionBox], contains b: RegionBox, depth: Int = 10) -> Bool {
        if boxes.contains(where: { $0.contains(b) }) { return true }
        guard depth > 0, boxes.count > 1 else { return false }
        // A corner outside every box, or a piece no box meets, settles it at once.
        if !boxes.contains(where: { $0.contains(b.lower) }) || !boxes.contains(where: { $0.contains(b.upper) }) {
            return false
        }
        guard boxes.contains(where: { $0.intersects(b) }) else { return false }
        guard let d = b.lower.indices.max(by: { b.upper[$0] - b.lower[$0] < b.upper[$1] - b.lower[$1] }),
            b.upper[d] > b.lower[d]
        else { return false }
        let mid = b.lower[d] + (b.upper[d] - b.lower[d]) / 2
        var lo = b, hi = b
        lo.upper[d] = mid
        hi.lower[d] = mid
        return union(boxes, contains: lo, depth: depth - 1) && union(boxes, contains: hi, depth: depth - 1)
    }

    public func intersects(_ b: RegionBox) -> Bool {
        lower.indices.allSatisfy { lower[$0] <= b.upper[$0] && b.lower[$0] <= upper[$0] }
    }

    /// How far `b` leaves this box: the largest distance, over the coordinates, of its bounds outside.
    public func overshoot(_ b: RegionBox) -> Double {
        var d = 0.0
        for i in lower.indices { d = Swift.max(d, lower[i] - b.lower[i], b.upper[i] - upper[i]) }
        return d
    }
}

/// One graph step over boxes of states, for a fixed input symbol, in interval arithmetic: the same
/// evaluation order as `GraphEvaluator.step`, every bound rounded outward.
struct IntervalStepper: Sendable {
    let graph: Graph
    private let wiring: GraphWiring

    init(_ graph: Graph) {
        self.graph = graph
        wiring = GraphWiring(graph)
    }

    /// The outputs' and the next state's intervals for every state in `box` and input `symbol`; nil when
    /// an activation cannot be bounded (a bound overflowed).
    func step(_ box: RegionBox, inputBits: Int) -> (outputs: [Interval], next: RegionBox)? {
        let ni = graph.inputs.count, ns = graph.states.count
        var values = [Interval](repeating: Interval(point: 0), count: ni + ns + graph.neurons.count)
        for i in 0..<ni { values[i] = Interval(point: (inputBits >> i) & 1 == 1 ? 1 : -1) }
        for j in 0..<ns { values[ni + j] = Interval(box.lower[j], box.upper[j]) }
        for (k, n) in graph.neurons.enumerated() {
            var z = Interval(point: n.bias)
            for e in wiring.starts[k]..<wiring.starts[k + 1] { z = z + wiring.weights[e] * values[wiring.sources[e]] }
            guard let y = n.activation.image(z) else { return nil }
            values[ni + ns + k] = y
        }
        let next = wiring.nextSlots.map { values[$0] }
        return (wiring.outputSlots.map { values[$0] }, RegionBox(lower: next.map(\.lo), upper: next.map(\.hi)))
    }
}
