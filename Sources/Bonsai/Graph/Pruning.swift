import Foundation

/// From a trained network to a bonsai: prune parameters, quantize, simplify, and verify after every step.
///
/// Every candidate graph is checked against the objective's reference machine (a quick check during the
/// search, a full one at the end); a step that breaks the objective is rejected and recorded as such.
public struct Pruning {
    public let objective: any Objective
    /// The quick check used while searching, and the final one.
    public var searchLimits: Verifier.Limits
    public var finalLimits: Verifier.Limits
    /// Quantization grids, tried in order. Powers of two first, coarsest first: they make sums exact in
    /// binary floating point, so a value reached along two paths is the same value (one machine state, not
    /// two that differ in the last bit) and an analog counter returns to exactly where it was (a proof).
    /// The decimal grids only where no power of two down to 1/128 works.
    public var grids: [Double] = [1, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.1, 0.05, 0.025, 0.01]
    public var log: (String) -> Void = { _ in }
    /// Polled before each stage: once true, no further stage starts and the best graph so far is the
    /// result (the grower's time limit, a race already won, Ctrl-C).
    public var shouldStop: () -> Bool = { false }
    /// Whether a network that fails verification may be repaired by cutting its states to bits (every
    /// neuron fitted anew); otherwise only codes from its trained values repair it. `PruneStage` asks for
    /// it only when neither the fine-tuned nor the trained network can be repaired without.
    public var repairByCuttingToBits = true
    /// Whether the full check tries invariant regions on a graph exploration only checks: a proof for
    /// every length, or a failing sequence (drift) the sampled check can miss (`fullCheck`).
    public var invariantRegions = true
    /// Whether a network whose only fault is drift the invariant-region prover finds (exploration and the
    /// sampled check pass) is pruned all the same rather than refused: quantization often makes its states
    /// exact (balanced-parentheses preset seeds 1 and 3 end proven). `PruneStage` asks for it only after
    /// every candidate was refused, since for most such networks the pruning is long and still fails.
    public var prunesDriftingNetworks = false
    /// The objective's reference machine, built once for every pass and check of this run; nil when it is
    /// too large (the passes that need it then do not apply).
    let reference: ReferenceMachine?

    /// `trainingLength`: the sampled checks use sequences 10× as long.
    public init(objective: any Objective, trainingLength: Int) {
        self.objective = objective
        reference = ReferenceMachine.of(objective)
        searchLimits = .init(maxPairs: 20_000, sampledSequences: 200, sampledLength: 10 * trainingLength)
        finalLimits = .init(maxPairs: 200_000, sampledSequences: 1000, sampledLength: 10 * trainingLength)
    }

    /// One row of the size table: the graph after a stage.
    public struct Stage: Codable, Equatable, Sendable {
        public var name: String
        public var size: Graph.Size
        /// Candidates rejected because they broke the objective.
        public var rejected: Int
    }

    public struct Report: Codable, Sendable {
        public var stages: [Stage]
        public var verification: Verification
        public var seconds: Double
        /// `Work.fittedAnew` of the graph kept (nil in reports from before it existed).
        public var fittedAnew: Bool?
        /// `Graph.contentHash` of the graph written with this report: the verification holds for that
        /// graph only (nil in reports from before it was recorded).
        public var graphHash: String? = nil
    }

    /// The graph being pruned, and whether it is proven (closed exploration). Once a graph is proven, a
    /// candidate must be proven too: a smaller graph that can only be sampled is not progress. Nor is one
    /// that explores more (graph state, reference state) pairs: dropping the edge a re-encoding added can
    /// keep the graph correct and bring back the states it merged (dfsm-6 seed 71: 3 states, then 4).
    public struct Work {
        public var graph: Graph
        public var proven: Bool
        /// Explored pairs of the last proof (`Int.max` before one).
        public var pairs = Int.max
        public var rejected = 0
        /// Counterexamples the full check found; every later quick check includes them.
        public var regressions: [[Int]] = []
        /// How the stage's change was made, where that matters to a reader (a re-encoding's codes); the
        /// size table adds it to the stage's name.
        public var note: String?
        /// Every neuron was fitted anew on states cut to bits (`binarizedGraph`): the network's code
        /// survives, its weights do not, so sweeps count such graphs apart.
        public var fittedAnew = false
    }

    /// Accepts `candidate` into `w` if it still computes the objective (and stays proven if `w` was).
    func accept(_ candidate: Graph, into w: inout Work) -> Bool {
        var limits = searchLimits
        limits.sequences = w.regressions
        let v = Verifier.verify(candidate, objective: objective, limits: limits)
        guard v.passed, !w.proven || v.status == .proven, v.status != .proven || v.exploredPairs <= w.pairs else {
            w.rejected += 1
            return false
        }
        w.graph = candidate
        w.proven = v.status == .proven
        if w.proven { w.pairs = v.exploredPairs }
        return true
    }

    /// The parameter stages whose order the pipeline tries both ways.
    enum Step: String { case prune, quantize }

    /// The whole pipeline, in two orders (prune then quantize; quantize then prune), each followed by the
    /// state stages (initial states, refit, re-encoding) and one more round of pruning, repeated while
    /// they improve the graph. Coarse quantization first often turns analog signals into exact ±1 ones,
    /// whose state space closes: a proof. The better result wins: proven before checked, then fewer
    /// reachable states, then fewer nonzero parameters. A starting graph that fails verification is
    /// first repaired if its states can be re-encoded exactly (`repaired`); throws when it cannot.
    public func run(_ network: Graph) throws -> (Graph, Report) {
        let started = Date()
        let explored = Verifier.verify(network, objective: objective, limits: finalLimits)
        var start = network, first = fullCheck(network, explored: explored)
        var repair: Stage?, repairAnew = false
        if !first.passed, let (graph, proof, how, anew) = repaired(network) {
            log("the network fails (\(first.summary)); with its states re-encoded exactly it is proven")
            (start, first) = (graph, proof)
            repair = Stage(name: "re-encode states (the network drifts): \(how)", size: start.size, rejected: 0)
            repairAnew = anew
        }
        // A drifting network (`prunesDriftingNetworks`) keeps the failing verification unless a stage's
        // graph passes the full check.
        guard first.passed || prunesDriftingNetworks && explored.passed else {
            throw BonsaiError("the network does not compute \(objective.name) before pruning: \(first.summary)")
        }
        if !first.passed { log("the network drifts (\(first.summary)); pruning it all the same") }
        var best: (graph: Graph, stages: [Stage], verification: Verification, reachable: Int, anew: Bool)?
        for order: [Step] in [[.prune, .quantize], [.quantize, .prune, .quantize]] where best == nil || !shouldStop() {
            // `proven` is the quick checks' notion (a closed exploration): a start proven by invariant
            // regions must not make every candidate need a closed exploration.
            var w = Work(graph: start, proven: first.status == .proven && first.method != .invariantRegions)
            w.fittedAnew = repairAnew
            if w.proven { w.pairs = first.exploredPairs }
            var last = first
            var stages = [Stage(name: "network", size: network.size, rejected: 0)] + (repair.map { [$0] } ?? [])
            // The search uses quick checks; an analog graph can pass them and still fail the full check.
            // So each stage ends with the full check. A stage that fails it is undone and tried again with
            // the counterexample added to every quick check (a few times at most).
            func stage(_ name: String, _ body: (inout Work) -> Void) {
                if shouldStop() { return }
                for _ in 0..<4 where !shouldStop() {
                    let before = w
                    body(&w)
                    guard w.graph != before.graph else { break }
                    let v = fullCheck(w.graph)
                    if v.passed {
                        last = v
                        break
                    }
                    log("\(name) undone: the full check fails (\(v.summary)); retrying with that sequence")
                    w = before
                    w.rejected += 1
                    if let c = v.counterexample { w.regressions.append(c) }
                }
                let label = w.note.map { "\(name): \($0)" } ?? name
                stages.append(Stage(name: label, size: w.graph.size, rejected: w.rejected))
                log(
                    "\(label): \(w.graph.size)\(w.rejected > 0 ? " (\(w.rejected) candidates rejected)" : "")\(w.proven ? ", proven" : "")"
                )
                (w.rejected, w.note) = (0, nil)
            }
            log("order: \(order.map(\.rawValue).joined(separator: " → "))")
            stage("simplify", simplify)
            for step in order {
                switch step {
                case .prune: stage("magnitude pruning", prune)
                case .quantize: stage("quantization", quantize)
                }
                stage("simplify", simplify)
            }
            stage("initial states", snapInitialStates)
            // Pruning after a re-encoding can leave a graph that a second re-encoding merges further
            // (dfsm-8 seed 97: 16 reachable states, then 4), so the state stages repeat while a round
            // leaves fewer reachable states or fewer parameters (not merely different ones: pruning an
            // initial state and snapping it back would go round forever).
            func score() -> (reachable: Int, parameters: Int) {
                (Self.startCandidates(w.graph, objective, reference)?.reachable ?? .max, w.graph.size.parameters)
            }
            var after = score()
            // What follows a state stage: one more round of pruning.
            func tidy() {
                stage("simplify", simplify)
                stage("magnitude pruning", prune)
                stage("simplify", simplify)
                stage("initial states", snapInitialStates)
                stage("simplify", simplify)
                after = score()
            }
            for _ in 0..<3 {
                let before = after
                stage("refit states", refitStates)
                stage("re-encode states", reencodeStates)
                tidy()
                if !(after < before) { break }
            }
            // The last resort for a graph short of the minimal machine: states cut to bits, every neuron
            // fitted anew. Only now, so that a graph the trained codes can make minimal keeps them (13 of
            // dfsm-1's 100 seeds took the bits when they were tried in every round).
            if let minimal = reference?.minimal.stateCount, !(w.proven && after.reachable <= minimal) {
                stage("re-encode states", { reencodeStates(&$0, cuttingToBits: true) })
                tidy()
            }
            // Between proven graphs, fewer reachable state vectors (closer to the minimal machine) beat
            // fewer parameters.
            let reachable = last.status == .proven ? after.reachable : .max
            if let b = best {
                let better =
                    last.passed != b.verification.passed
                    ? last.passed
                    : (last.status == .proven) != (b.verification.status == .proven)
                        ? last.status == .proven
                        : reachable != b.reachable
                            ? reachable < b.reachable
                            : w.graph.size.parameters < b.graph.size.parameters
                if !better { continue }
            }
            best = (w.graph, stages, last, reachable, w.fittedAnew)
        }
        let (g, stages, v, _, anew) = best!
        return (
            g, Report(stages: stages, verification: v, seconds: Date().timeIntervalSince(started), fittedAnew: anew)
        )
    }

    /// A network can validate (twice the training length) and still drift off its states before the
    /// verifier's 10×: dfsm-3 seed 45 forgets "no 1 yet" after 15 zeros, dfsm-0 seed 27 fails at step 127.
    /// Its states may still hold the right machine on the short prefixes the exploration sees; coded
    /// exactly (`reencodings`), they no longer drift. The first re-encoding that is proven, with its
    /// proof, if any.
    func repaired(_ network: Graph) -> (Graph, Verification, how: String, anew: Bool)? {
        Self.reencodings(network, objective, reference, cuttingToBits: repairByCuttingToBits).lazy
            .map { ($0.graph, fullCheck($0.graph), $0.how, $0.anew) }
            .first { $0.1.status == .proven }
    }

    /// The full check: exact verification with `finalLimits`; a graph it only checks (states that never
    /// repeat) then goes to the invariant-region prover, which proves it for every length (status proven,
    /// method invariant-regions) or finds a failing sequence (status failed, that counterexample), e.g. a
    /// counter that drifts one level in a thousand steps.
    /// `explored`: the exact verification of `graph` with `finalLimits`, when already computed.
    public func fullCheck(_ graph: Graph, explored: Verification? = nil) -> Verification {
        let v = explored ?? Verifier.verify(graph, objective: objective, limits: finalLimits)
        guard invariantRegions, v.status == .checked else { return v }
        let p = InvariantProver.prove(graph, objective: objective, reference: reference)
        if let c = p.certificate { return v.proven(by: c, seconds: p.seconds) }
        guard let ce = p.counterexample else { return v }
        var f = v
        f.status = .failed
        f.counterexample = ce
        f.seconds += p.seconds
        return f
    }

    /// Applies every simplification until none changes anything.
    public func simplify(_ w: inout Work) {
        var progress = true
        while progress {
            progress = false
            let g = w.graph
            let values = Verifier.ValueSets(count: g.inputs.count + g.states.count + g.neurons.count)
            _ = Verifier.verify(g, objective: objective, limits: searchLimits, seed: 1, collecting: values)
            for pass in Simplification.allCases {
                guard let candidate = pass.apply(g, values: pass == .chains || pass == .affine ? values : nil) else {
                    continue
                }
                if accept(candidate, into: &w) {
                    progress = true
                    break  // facts (values) are stale after a change: explore again
                }
                log("rejected \(pass.rawValue): it breaks \(objective.name)")
            }
        }
    }

    /// Magnitude pruning, per parameter (weights, biases and initial states alike), smallest first:
    /// a bisection finds how many of the smallest can go at once, then each remaining one is tried alone.
    public func prune(_ w: inout Work) {
        let g0 = w.graph
        let params = g0.parameters.sorted { abs(g0[$0]) < abs(g0[$1]) }
        func zeroed(_ k: Int) -> Graph {
            var c = g0
            for p in params.prefix(k) { c[p] = 0 }
            return c
        }
        // Every loop here ends early once `shouldStop` says so, with the graph accepted so far: on a dense
        // analog graph one pass is hundreds of quick checks, which a time limit must be able to cut.
        var lo = 0, hi = params.count
        while lo < hi && !shouldStop() {
            let mid = (lo + hi + 1) / 2
            var trial = w
            if accept(zeroed(mid), into: &trial) {
                lo = mid
                w.proven = trial.proven
                w.pairs = trial.pairs
            } else {
                hi = mid - 1
                w.rejected += 1
            }
        }
        w.graph = zeroed(lo)
        for p in params.dropFirst(lo) where !shouldStop() {
            var c = w.graph
            c[p] = 0
            _ = accept(c, into: &w)
        }
        w.graph = w.graph.droppingZeroEdges()
    }

    /// Snaps each parameter to the coarsest grid that still works (per parameter, not one global grid).
    /// First the whole graph is tried on one coarse grid (1 down to 1/8): rounding every parameter at once
    /// can turn an analog graph exact where no single rounding keeps it correct (dfsm-3 seed 10: checked →
    /// proven, 2 states).
    public func quantize(_ w: inout Work) {
        for q in grids.prefix(4) {
            var c = w.graph
            for p in c.parameters { c[p] = (c[p] / q).rounded() * q }
            if c != w.graph, accept(c, into: &w) { break }
        }
        let g0 = w.graph
        for p in g0.parameters.sorted(by: { abs(g0[$0]) > abs(g0[$1]) }) where !shouldStop() {
            let v = w.graph[p]
            for q in grids {
                let snapped = (v / q).rounded() * q
                if snapped == v { break }
                if snapped == 0 { continue }
                var c = w.graph
                c[p] = snapped
                if accept(c, into: &w) { break }
            }
        }
    }
}
