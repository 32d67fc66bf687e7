import Foundation

/// A proof, for every input length, that a graph computes its objective: for each state q of the
/// objective's minimal machine a region R_q of graph-state space (a union of boxes), such that
///   1. the graph's initial state lies in R_start,
///   2. for every input symbol a allowed in q, one graph step maps all of R_q into R_δ(q,a) (each box's
///      image, halved along its widest side up to 10 times where needed, lies in the boxes of R_δ(q,a)), and
///   3. on all of R_q every output has the sign the machine gives for (q, a), with `margin` to spare.
/// By induction over the steps, every reachable (graph state, machine state) pair lies in the regions, so
/// every output of every sequence has the right sign. Images are computed in interval arithmetic that is
/// sound for the Double evaluation of `GraphEvaluator` (`IntervalStepper`).
///
/// JSON (format "bonsai-invariant", version 1; a run's invariant.json):
/// ```json
/// { "format": "bonsai-invariant", "version": 1, "objective": "balanced-parentheses",
///   "states": ["c0.s0"], "start": 0, "inputs": 1, "margin": 0.31,
///   "transitions": [ {"from": 0, "input": 0, "to": 1, "output": 0} ],
///   "regions": [ { "state": 0, "reference": "0", "boxes": [ {"lower": [0.19], "upper": [0.23]} ] } ] }
/// ```
/// `transitions` is the objective's minimal machine (states numbered as `MealyMachine.minimized` numbers
/// them; symbols are bit sets); `reference` names the objective's states behind each machine state.
public struct InvariantCertificate: Codable, Equatable, Sendable {
    public static let format = "bonsai-invariant"
    public static let currentVersion = 1

    public struct Transition: Codable, Equatable, Sendable {
        public var from: Int, input: Int, to: Int, output: Int
    }
    public struct Region: Codable, Equatable, Sendable {
        public var state: Int
        public var reference: String
        public var boxes: [RegionBox]
        /// Per graph state, the hull of the boxes.
        public var ranges: [Interval] {
            guard let first = boxes.first else { return [] }
            return first.lower.indices.map { d in
                Interval(boxes.map { $0.lower[d] }.min()!, boxes.map { $0.upper[d] }.max()!)
            }
        }
    }

    public var format = InvariantCertificate.format
    public var version = InvariantCertificate.currentVersion
    public var objective: String
    /// The graph's state names: box coordinates are in this order.
    public var states: [String]
    public var start: Int
    public var inputs: Int
    public var margin: Double
    public var transitions: [Transition]
    public var regions: [Region]

    public static func read(_ url: URL) throws -> InvariantCertificate {
        try AtomicFile.checkHeader(url, format: format, version: currentVersion, kind: "invariant certificate")
        return try AtomicFile.readJSON(InvariantCertificate.self, from: url)
    }

    public func write(_ url: URL) throws { try AtomicFile.writeJSON(self, to: url) }

    /// The result of re-checking a certificate.
    public struct Check: Equatable, Sendable {
        public var valid: Bool
        /// The smallest target·output bound over every region, box and input (when valid).
        public var margin: Double
        /// The first condition that fails, in words.
        public var problem: String?
    }

    /// The separate checker: checks only the certificate's three conditions, with the objective's own
    /// minimal machine. Independent of how the regions were found.
    public func check(_ graph: Graph, objective: any Objective) -> Check {
        func no(_ why: String) -> Check { Check(valid: false, margin: -.infinity, problem: why) }
        guard let full = try? MachineExtraction.referenceMachine(objective).machine else {
            return no("the objective's machine is too large")
        }
        let m = full.minimized().machine
        var listed: [Transition] = []
        for q in 0..<m.stateCount {
            for a in 0..<m.alphabetSize {
                if let t = m.transitions[q][a] { listed.append(.init(from: q, input: a, to: t.to, output: t.output)) }
            }
        }
        guard listed == transitions, start == m.start, inputs == m.inputCount else {
            return no("the certificate's machine is not the minimal machine of \(objective.name)")
        }
        guard states == graph.states.map(\.name), graph.outputs.count == m.outputCount,
            graph.inputs.count == m.inputCount
        else {
            return no("the certificate is for another graph shape")
        }
        guard regions.count == m.stateCount, regions.indices.allSatisfy({ regions[$0].state == $0 }) else {
            return no("one region per machine state, in order, is required")
        }
        for r in regions {
            for b in r.boxes {
                guard b.lower.count == states.count, b.upper.count == states.count,
                    zip(b.lower, b.upper).allSatisfy({ $0.isFinite && $1.isFinite && $0 <= $1 })
                else {
                    return no("region \(r.state) has a malformed box")
                }
            }
        }
        guard regions[m.start].boxes.contains(where: { $0.contains(graph.states.map(\.initial)) }) else {
            return no("the initial state is not in the start region")
        }
        let stepper = IntervalStepper(graph)
        var margin = Double.infinity
        for t in transitions {
            for (i, b) in regions[t.from].boxes.enumerated() {
                guard let (outs, next) = stepper.step(b, inputBits: t.input) else {
                    return no("state \(t.from) box \(i) input \(t.input): an activation cannot be bounded")
                }
                guard RegionBox.union(regions[t.to].boxes, contains: next) else {
                    return no("state \(t.from) box \(i) input \(t.input): the image leaves region \(t.to)")
                }
                for (k, y) in outs.enumerated() {
                    let bound = (t.output >> k) & 1 == 1 ? y.lo : -y.hi
                    margin = min(margin, bound)
                    guard bound > 0 else {
                        return no(
                            "state \(t.from) box \(i) input \(t.input): output \(k) in \(y) can have the wrong sign")
                    }
                }
            }
        }
        return Check(valid: true, margin: margin, problem: nil)
    }
}

/// Finds invariant regions (`InvariantCertificate`) for graphs whose states do not repeat exactly, and,
/// when they cannot be found, says where and looks for a concrete failing input sequence.
///
/// Seeds: the graph states reached by a bounded breadth-first exploration, grouped by machine state; a
/// box per state (their hull), or, when that is too coarse, a box per cluster of values. Then iterate:
/// every box's image under every allowed input must lie in a box of the target state's region, else that
/// region grows (the nearest box takes the image in, overshooting by as much again so contracting maps
/// settle in few rounds; or a new box when the image is far from all). A fixed point within the budget
/// whose outputs have the right signs is the certificate; the separate checker confirms it.
public enum InvariantProver {
    public struct Options: Sendable {
        /// (graph state, machine state) pairs explored for the seeds.
        public var seedPairs = 3000
        /// Region enlargements before giving up.
        public var maxGrowths = 3000
        public var maxBoxesPerState = 24
        /// Box splits where outputs can have the wrong sign.
        public var maxSplits = 64
        /// The failing-sequence search: sequences up to this length, keeping this many states per length
        /// (those closest to a wrong sign).
        public var searchLength = 300
        public var searchWidth = 200
        /// Then pumping: from each machine state (reached by a shortest prefix), every cycle of the
        /// machine up to this length repeated for up to `pumpSteps` steps; at most `pumpBudget` steps in all.
        /// Drift that needs thousands of steps shows there.
        public var pumpCycleLength = 4
        public var pumpSteps = 5_000
        public var pumpBudget = 300_000
        public init() {}
    }

    /// Why no certificate was found.
    public struct Failure: Codable, Equatable, Sendable {
        public enum Kind: String, Codable, Sendable {
            /// The regions kept growing: `overshoot` is how far the last image left its target region.
            case notClosed = "not-closed"
            /// The regions closed, but an output's interval reaches the wrong sign.
            case outputSign = "output-sign"
            /// A bound became too large or non-finite.
            case unbounded
            /// The exploration for the seeds already met a wrong output.
            case wrongOutput = "wrong-output"
            /// The graph does not fit the objective, or its machine is too large.
            case unsupported
        }
        public var kind: Kind
        /// The machine state, its objective states, the input symbol, the target state (notClosed) or
        /// output (outputSign) involved.
        public var state: Int?
        public var reference: String?
        public var input: Int?
        public var target: Int?
        public var output: Int?
        public var overshoot: Double?
        public var interval: Interval?
        public var message: String
    }

    public struct Result: Sendable {
        public var certificate: InvariantCertificate?
        public var failure: Failure?
        /// A concrete input sequence on which the graph gives a wrong output sign at the last step.
        public var counterexample: [Int]?
        /// When the counterexample repeats a cycle of the machine: where the graph drifts.
        public var drift: Drift?
        public var seconds: Double
        public var proven: Bool { certificate != nil }

        public var summary: String {
            if let c = certificate {
                let boxes = c.regions.reduce(0) { $0 + $1.boxes.count }
                return String(
                    format:
                        "proven for every length by invariant regions (%d machine states, %d boxes), margin %.3f, in %.3f s",
                    c.regions.count, boxes, c.margin, seconds)
            }
            var s = "not proven: " + (failure?.message ?? "?")
            if let d = drift {
                s += "; it drifts: " + d.description
            }
            if let ce = counterexample {
                s +=
                    "; the graph FAILS at step \(ce.count) of "
                    + (ce.count <= 24
                        ? "\(ce)"
                        : "[\(ce.prefix(12).map(String.init).joined(separator: ", ")), …, \(ce.suffix(6).map(String.init).joined(separator: ", "))]")
            } else {
                s += "; no failing sequence found"
            }
            return s + String(format: " (%.3f s)", seconds)
        }
    }

    /// A failure found by repeating a cycle of the machine from one of its states.
    public struct Drift: Codable, Equatable, Sendable {
        public var state: Int
        public var reference: String
        public var cycle: [Int]
        /// Full rounds of the cycle before the failing step.
        public var rounds: Int
        /// The inputs after the rounds that lead to the wrong output, when it shows only on the way out of
        /// the cycle (the graph lost its level while pumped); empty when it fails within the cycle.
        public var exit: [Int] = []

        public var description: String {
            "from machine state \(state) (\(reference)), repeating the inputs \(cycle) \(rounds) times"
                + (exit.isEmpty ? " gives a wrong output" : ", then \(exit), gives a wrong output")
        }
    }

    public static func prove(_ graph: Graph, objective: any Objective, options: Options = .init()) -> Result {
        run(graph, objective, ReferenceMachine.of(objective), options)
    }

    /// With the objective's reference machine already built (a pruning run's).
    static func prove(
        _ graph: Graph, objective: any Objective, reference: ReferenceMachine?, options: Options = .init()
    ) -> Result {
        run(graph, objective, reference, options)
    }

    private static func run<O: Objective>(
        _ graph: Graph, _ o: O, _ reference: ReferenceMachine?, _ opt: Options
    ) -> Result {
        let started = Date()
        func done(_ f: Failure, _ ce: [Int]? = nil, drift: Drift? = nil) -> Result {
            Result(
                certificate: nil, failure: f, counterexample: ce, drift: drift,
                seconds: Date().timeIntervalSince(started))
        }
        guard graph.inputs.count == o.inputCount, graph.outputs.count == o.outputCount, (try? graph.validate()) != nil
        else {
            return done(Failure(kind: .unsupported, message: "the graph does not fit objective \(o.name)"))
        }
        guard let reference else {
            return done(Failure(kind: .unsupported, message: "objective \(o.name) has too many states"))
        }
        let m = reference.minimal
        let names = reference.classNames()
        let allowed = (0..<m.stateCount).map { q in (0..<m.alphabetSize).filter { m.transitions[q][$0] != nil } }

        // Seeds: bounded breadth-first exploration (ReachableStates), as the Verifier's.
        let ev = GraphEvaluator(graph)
        var points = [[[Double]]](repeating: [], count: m.stateCount)
        points[m.start].append(ev.initialState)
        var seeds = ReachableStates<Int>(graph, start: m.start, cachingSteps: false)
        var wrong: (q: Int, node: Int, input: Int, output: Int)?
        seeds.run(
            maxPairs: opt.seedPairs - 1, inputs: { allowed[$0] },
            reference: { q, x in
                let t = m.transitions[q][x]!
                return (t.to, t.output)
            }, observe: { _ in },
            check: { from, node, x, y, out in
                for (k, v) in y.enumerated() where !(((out >> k) & 1 == 1 ? v : -v) > 0) {
                    wrong = (from.r, node, x, k)
                    return false
                }
                return true
            },
            reached: { pair, state, count in
                points[pair.r].append(state)
                return count < opt.seedPairs
            })
        if let wrong {
            let ce = seeds.path(wrong.node) + [wrong.input]
            return done(
                Failure(
                    kind: .wrongOutput, state: wrong.q, reference: names[wrong.q], input: wrong.input,
                    output: wrong.output,
                    message: "output \(wrong.output) has the wrong sign at step \(ce.count) of an explored sequence"),
                ce)
        }
        // A state the exploration never reached gets the initial state as its seed: any box would do.
        for q in 0..<m.stateCount where points[q].isEmpty { points[q] = [ev.initialState] }

        let dims = graph.states.count
        var span = [Double](repeating: 0, count: dims)
        for d in 0..<dims {
            let vs = points.flatMap { $0.map { $0[d] } }
            span[d] = (vs.max() ?? 0) - (vs.min() ?? 0)
        }
        let stepper = IntervalStepper(graph)
        var failure: Failure?
        // One box per machine state; then boxes per cluster of values a tenth, then a fortieth of each
        // coordinate's spread apart.
        for (clustered, fineness) in [(false, 10.0), (true, 10), (true, 40)] {
            let attempt = closeRegions(
                seeds: points, clustered: clustered, fineness: fineness, span: span, m: m, allowed: allowed,
                stepper: stepper, names: names, opt: opt)
            switch attempt {
            case .success(let regions, let growth):
                var transitions: [InvariantCertificate.Transition] = []
                for q in 0..<m.stateCount {
                    for a in allowed[q] {
                        let t = m.transitions[q][a]!
                        transitions.append(.init(from: q, input: a, to: t.to, output: t.output))
                    }
                }
                var c = InvariantCertificate(
                    objective: o.name, states: graph.states.map(\.name), start: m.start, inputs: m.inputCount,
                    margin: 0, transitions: transitions,
                    regions: regions.enumerated().map { .init(state: $0, reference: names[$0], boxes: $1) })
                let check = c.check(graph, objective: o)
                if check.valid {
                    c.margin = check.margin
                    return Result(
                        certificate: c, failure: nil, counterexample: nil, seconds: Date().timeIntervalSince(started))
                }
                failure =
                    outputFailure(regions, m: m, allowed: allowed, stepper: stepper, names: names)
                    ?? Failure(kind: .outputSign, message: check.problem ?? "the certificate does not check")
                if let g = growth {
                    failure!.target = g.target
                    failure!.overshoot = g.overshoot
                    failure!.message +=
                        "; the regions grew most (by \(format(g.overshoot))) for the image of machine state \(g.state) (\(names[g.state])) on input \(g.input) in state \(g.target)'s region"
                }
            case .failure(let f):
                // Keep the first attempt's reason unless the second got further (closed, wrong sign).
                if failure == nil || f.kind == .outputSign { failure = f }
            }
        }
        if let ce = searchFailure(ev, m, length: opt.searchLength, width: opt.searchWidth) { return done(failure!, ce) }
        guard
            let pumped = pumpFailure(
                ev, m, cycleLength: opt.pumpCycleLength, steps: opt.pumpSteps, budget: opt.pumpBudget)
        else {
            return done(failure!)
        }
        let drift = pumped.cycle.map {
            Drift(state: $0.state, reference: names[$0.state], cycle: $0.inputs, rounds: $0.rounds, exit: $0.exit)
        }
        return done(failure!, pumped.sequence, drift: drift)
    }

    private static func format(_ v: Double) -> String { String(format: "%.4g", v) }

    /// The first (state, box, input, output) whose output interval reaches the wrong sign.
    private static func outputFailure(
        _ regions: [[RegionBox]], m: MealyMachine, allowed: [[Int]], stepper: IntervalStepper,
        names: [String]
    ) -> Failure? {
        for q in regions.indices {
            for b in regions[q] {
                for a in allowed[q] {
                    guard let (outs, _) = stepper.step(b, inputBits: a) else { continue }
                    let want = m.transitions[q][a]!.output
                    for (k, y) in outs.enumerated() where !(((want >> k) & 1 == 1 ? y.lo : -y.hi) > 0) {
                        let box = zip(b.lower, b.upper).map { "[\(format($0)), \(format($1))]" }.joined(
                            separator: " × ")
                        return Failure(
                            kind: .outputSign, state: q, reference: names[q], input: a, output: k, interval: y,
                            message:
                                "regions close, but in machine state \(q) (\(names[q])), box \(box), input \(a): output \(k) ranges over [\(format(y.lo)), \(format(y.hi))], which reaches the wrong sign (should be \((want >> k) & 1 == 1 ? "> 0" : "< 0"))"
                        )
                    }
                }
            }
        }
        return nil
    }

    /// The largest single enlargement of a closing iteration: where the regions had to grow most.
    private struct Growth { var state: Int, input: Int, target: Int, overshoot: Double }
    private enum Attempt { case success([[RegionBox]], Growth?), failure(Failure) }

    private static func closeRegions(
        seeds: [[[Double]]], clustered: Bool, fineness: Double, span: [Double], m: MealyMachine, allowed: [[Int]],
        stepper: IntervalStepper, names: [String], opt: Options
    ) -> Attempt {
        let dims = span.count
        let tiny = 0x1p-30
        // Cluster separation: a fraction of each coordinate's spread.
        let gap = span.map { $0 / fineness }
        func padded(_ b: RegionBox) -> RegionBox {
            RegionBox(
                lower: (0..<dims).map {
                    b.lower[$0] - (b.upper[$0] - b.lower[$0]) * 1e-3 - tiny * max(1, abs(b.lower[$0]))
                },
                upper: (0..<dims).map {
                    b.upper[$0] + (b.upper[$0] - b.lower[$0]) * 1e-3 + tiny * max(1, abs(b.upper[$0]))
                })
        }
        var boxes: [[RegionBox]] = seeds.map { pts in
            if !clustered {
                return [padded(pts.dropFirst().reduce(RegionBox(point: pts[0])) { $0.hull(RegionBox(point: $1)) })]
            }
            var cs: [RegionBox] = []
            for p in pts {
                if let i = cs.firstIndex(where: { c in
                    (0..<dims).allSatisfy { c.lower[$0] - gap[$0] <= p[$0] && p[$0] <= c.upper[$0] + gap[$0] }
                }) {
                    cs[i] = cs[i].hull(RegionBox(point: p))
                } else if cs.count < opt.maxBoxesPerState {
                    cs.append(RegionBox(point: p))
                } else {
                    let i = cs.indices.min {
                        cs[$0].overshoot(RegionBox(point: p)) < cs[$1].overshoot(RegionBox(point: p))
                    }!
                    cs[i] = cs[i].hull(RegionBox(point: p))
                }
            }
            return cs.map(padded)
        }
        var growths = 0
        var largest: Growth?
        // Closes the regions under the step; nil when they close.
        func close() -> Failure? {
            var work: [(Int, Int)] = []
            var queued = Set<[Int]>()
            for q in boxes.indices {
                for i in boxes[q].indices {
                    work.append((q, i))
                    queued.insert([q, i])
                }
            }
            var head = 0
            while head < work.count {
                let (q, i) = work[head]
                head += 1
                queued.remove([q, i])
                for a in allowed[q] {
                    let b = boxes[q][i]
                    guard let (_, img) = stepper.step(b, inputBits: a) else {
                        return Failure(
                            kind: .unbounded, state: q, reference: names[q], input: a,
                            message:
                                "in machine state \(q) (\(names[q])), input \(a): an activation's bound is not finite")
                    }
                    let t = m.transitions[q][a]!.to
                    if RegionBox.union(boxes[t], contains: img) { continue }
                    let j = boxes[t].indices.min { boxes[t][$0].overshoot(img) < boxes[t][$1].overshoot(img) }!
                    let over = boxes[t][j].overshoot(img)
                    growths += 1
                    if over > largest?.overshoot ?? 0 {
                        largest = Growth(state: q, input: a, target: t, overshoot: over)
                    }
                    let region = zip(boxes[t][j].lower, boxes[t][j].upper).map { "[\(format($0)), \(format($1))]" }
                        .joined(separator: " × ")
                    if growths > opt.maxGrowths {
                        return Failure(
                            kind: .notClosed, state: q, reference: names[q], input: a, target: t, overshoot: over,
                            message:
                                "regions do not close within \(opt.maxGrowths) enlargements: from machine state \(q) (\(names[q])) on input \(a), the image leaves state \(t)'s region \(region) by \(format(over))"
                        )
                    }
                    let newIndex: Int
                    if clustered, boxes[t].count < opt.maxBoxesPerState,
                        (0..<dims).contains(where: {
                            over > 0
                                && (boxes[t][j].lower[$0] - img.upper[$0] > gap[$0]
                                    || img.lower[$0] - boxes[t][j].upper[$0] > gap[$0])
                        })
                    {
                        boxes[t].append(padded(img))
                        newIndex = boxes[t].count - 1
                    } else {
                        // Take the image in and overshoot by as much again: contracting maps settle quickly.
                        var g = boxes[t][j]
                        for d in 0..<dims {
                            if img.lower[d] < g.lower[d] {
                                g.lower[d] =
                                    img.lower[d] - (g.lower[d] - img.lower[d]) - tiny * max(1, abs(img.lower[d]))
                            }
                            if img.upper[d] > g.upper[d] {
                                g.upper[d] =
                                    img.upper[d] + (img.upper[d] - g.upper[d]) + tiny * max(1, abs(img.upper[d]))
                            }
                        }
                        guard g.lower.allSatisfy({ $0.isFinite && abs($0) < 1e9 }),
                            g.upper.allSatisfy({ $0.isFinite && abs($0) < 1e9 })
                        else {
                            return Failure(
                                kind: .unbounded, state: q, reference: names[q], input: a, target: t, overshoot: over,
                                message:
                                    "regions grow without bound: from machine state \(q) (\(names[q])) on input \(a), the image leaves state \(t)'s region \(region) by \(format(over))"
                            )
                        }
                        boxes[t][j] = g
                        newIndex = j
                    }
                    if queued.insert([t, newIndex]).inserted { work.append((t, newIndex)) }
                }
            }
            return nil
        }

        // Close, then split boxes whose outputs reach the wrong sign (a box is too coarse there): the halves'
        // images lie in the whole box's image, so the regions stay closed unless a half grows; close again.
        var splits = 0
        while true {
            if let f = close() { return .failure(f) }
            guard splits < opt.maxSplits, let (q, i) = coarseBox(boxes, m: m, allowed: allowed, stepper: stepper) else {
                break
            }
            splits += 1
            // Split where the halves' outputs are narrowest.
            let b = boxes[q][i]
            var best: (RegionBox, RegionBox, Double)?
            for d in 0..<dims where b.upper[d] > b.lower[d] {
                let mid = b.lower[d] + (b.upper[d] - b.lower[d]) / 2
                var lo = b, hi = b
                lo.upper[d] = mid
                hi.lower[d] = mid
                var width = 0.0
                for h in [lo, hi] {
                    for a in allowed[q] {
                        if let (outs, _) = stepper.step(h, inputBits: a) {
                            width = max(width, outs.map(\.width).max() ?? 0)
                        } else {
                            width = .infinity
                        }
                    }
                }
                if width < best?.2 ?? .infinity { best = (lo, hi, width) }
            }
            guard let (lo, hi, _) = best else { break }
            boxes[q][i] = lo
            boxes[q].append(hi)
        }
        return .success(boxes, largest)
    }

    /// A box whose outputs can have the wrong sign on some allowed input.
    private static func coarseBox(
        _ boxes: [[RegionBox]], m: MealyMachine, allowed: [[Int]], stepper: IntervalStepper
    ) -> (Int, Int)? {
        for q in boxes.indices {
            for (i, b) in boxes[q].enumerated() {
                for a in allowed[q] {
                    guard let (outs, _) = stepper.step(b, inputBits: a) else { return nil }
                    let want = m.transitions[q][a]!.output
                    if outs.indices.contains(where: { !(((want >> $0) & 1 == 1 ? outs[$0].lo : -outs[$0].hi) > 0) }) {
                        return (q, i)
                    }
                }
            }
        }
        return nil
    }

    /// A failing sequence of the form prefix + cycle + cycle + …: from each machine state q, reached by a
    /// shortest prefix, each cycle of the machine from q back to q (no repetition of a shorter one; shorter
    /// cycles first) is repeated for up to `steps` steps. An analog loop whose gain is not exactly 1 drifts
    /// a little each round: this finds failures far beyond the breadth-first search's reach.
    static func pumpFailure(
        _ ev: GraphEvaluator, _ m: MealyMachine, cycleLength: Int, steps: Int, budget: Int
    )
        -> (sequence: [Int], cycle: (state: Int, inputs: [Int], rounds: Int, exit: [Int])?)?
    {
        guard cycleLength > 0, steps > 0 else { return nil }
        var values = [Double](repeating: 0, count: ev.valueCount)
        func wrong(_ y: [Double], _ out: Int) -> Bool {
            y.indices.contains { !(((out >> $0) & 1 == 1 ? y[$0] : -y[$0]) > 0) }
        }
        // Shortest paths between machine states, breadth first.
        func paths(from start: Int) -> (paths: [[Int]?], order: [Int]) {
            var path: [[Int]?] = Array(repeating: nil, count: m.stateCount)
            path[start] = []
            var order = [start], head = 0
            while head < order.count {
                let q = order[head]
                head += 1
                for x in 0..<m.alphabetSize {
                    guard let t = m.transitions[q][x], path[t.to] == nil else { continue }
                    path[t.to] = path[q]! + [x]
                    order.append(t.to)
                }
            }
            return (path, order)
        }
        let (prefix, order) = paths(from: m.start)
        let exits = (0..<m.stateCount).map { paths(from: $0).paths }
        // Cycles per state, shortest first.
        var cycles: [(q: Int, c: [Int])] = []
        for length in 1...cycleLength {
            for q in order {
                var stack: [(Int, [Int])] = [(q, [])]
                while let (r, c) = stack.popLast() {
                    if c.count == length {
                        let primitive = !(1..<length).contains { d in
                            length % d == 0 && (0..<length).allSatisfy { c[$0] == c[$0 % d] }
                        }
                        if r == q, primitive { cycles.append((q, c)) }
                        continue
                    }
                    for x in (0..<m.alphabetSize).reversed() {
                        if let t = m.transitions[r][x] { stack.append((t.to, c + [x])) }
                    }
                }
                if cycles.count > 4096 { break }
            }
        }
        var spent = 0
        for (q, c) in cycles {
            guard spent < budget else { return nil }
            var s = ev.initialState, r = m.start
            for (i, x) in prefix[q]!.enumerated() {
                let t = m.transitions[r][x]!
                let (y, ns) = ev.step(state: s, inputBits: x, values: &values)
                if wrong(y, t.output) { return (Array(prefix[q]!.prefix(i + 1)), nil) }
                s = ns
                r = t.to
            }
            // Every so often, leave the cycle for each other machine state by a shortest path: a counter
            // that loses its level while pumped shows it only on the way out.
            let every = max(c.count, (steps / 20) / c.count * c.count)
            for i in 0..<min(steps, budget - spent) {
                let x = c[i % c.count]
                let t = m.transitions[r][x]!
                let (y, ns) = ev.step(state: s, inputBits: x, values: &values)
                spent += 1
                if wrong(y, t.output) { return (prefix[q]! + (0...i).map { c[$0 % c.count] }, (q, c, i / c.count, [])) }
                s = ns
                r = t.to
                guard (i + 1) % every == 0, r == q else { continue }
                for exit in exits[q] {
                    guard let exit, !exit.isEmpty else { continue }
                    var s2 = s, r2 = r
                    for (k, x2) in exit.enumerated() {
                        let t2 = m.transitions[r2][x2]!
                        let (y2, n2) = ev.step(state: s2, inputBits: x2, values: &values)
                        spent += 1
                        if wrong(y2, t2.output) {
                            return (
                                prefix[q]! + (0...i).map { c[$0 % c.count] } + exit.prefix(k + 1),
                                (q, c, (i + 1) / c.count, Array(exit.prefix(k + 1)))
                            )
                        }
                        s2 = n2
                        r2 = t2.to
                    }
                }
            }
        }
        return nil
    }

    /// The shortest input sequence (among those searched) that makes the graph give a wrong output sign:
    /// breadth first with the exact evaluator, each length keeping at most `width` distinct states, those
    /// whose outputs were closest to the wrong sign.
    static func searchFailure(_ ev: GraphEvaluator, _ m: MealyMachine, length: Int, width: Int) -> [Int]? {
        var values = [Double](repeating: 0, count: ev.valueCount)
        var parent: [(Int, Int)] = [(-1, -1)]
        func path(_ node: Int) -> [Int] {
            var p: [Int] = [], n = node
            while n > 0 {
                p.append(parent[n].1)
                n = parent[n].0
            }
            return p.reversed()
        }
        var seen: Set<PairKey<Int>> = []
        var level: [(s: [Double], q: Int, node: Int, margin: Double)] = [(ev.initialState, m.start, 0, .infinity)]
        for _ in 0..<length {
            var next: [(s: [Double], q: Int, node: Int, margin: Double)] = []
            for item in level {
                for x in 0..<m.alphabetSize {
                    guard let t = m.transitions[item.q][x] else { continue }
                    let (y, ns) = ev.step(state: item.s, inputBits: x, values: &values)
                    var margin = Double.infinity
                    for (k, v) in y.enumerated() {
                        let p = (t.output >> k) & 1 == 1 ? v : -v
                        if !(p > 0) { return path(item.node) + [x] }
                        margin = min(margin, p)
                    }
                    if seen.insert(PairKey(bits: ns.exactKey, ref: t.to)).inserted {
                        parent.append((item.node, x))
                        next.append((ns, t.to, parent.count - 1, margin))
                    }
                }
            }
            if next.isEmpty { return nil }
            if next.count > width {
                // Closest to a wrong sign first, but every machine state keeps its share: the way to a
                // failure can lead through states whose outputs are far from it.
                next.sort { $0.margin < $1.margin }
                let share = max(1, width / Set(next.map(\.q)).count)
                var kept = [Int: Int]()
                next = next.filter { item in
                    kept[item.q, default: 0] += 1
                    return kept[item.q]! <= share
                }
            }
            level = next
        }
        return nil
    }
}
