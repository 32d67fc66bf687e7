/// Graph → graph rewrites that keep the computed function. Each returns nil when it has nothing to do.
/// The pipeline re-verifies after every one and rejects any that breaks the objective, so a rewrite may
/// rely on facts from the last exploration (the values each node takes) without proving them again.
public enum Simplification: String, CaseIterable, Codable, Sendable {
    case deadNodes = "dead-node removal"
    case constants = "constant folding"
    case constantLoops = "constant self-loops"
    case chains = "identity/negation chains"
    case affine = "two-valued neurons into linear readers"
    case duplicates = "duplicate merging"

    func apply(_ g: Graph, values: Verifier.ValueSets?) -> Graph? {
        switch self {
        case .deadNodes: return Self.removeDeadNodes(g)
        case .constants: return Self.foldConstants(g)
        case .constantLoops: return Self.foldConstantLoops(g)
        case .chains: return Self.collapseChains(g, values)
        case .affine: return Self.foldAffine(g, values)
        case .duplicates: return Self.mergeDuplicates(g)
        }
    }

    /// Keeps what the outputs depend on, following states to the nodes that compute them (so loops
    /// through states are kept whole), and drops zero-weight edges.
    static func removeDeadNodes(_ g0: Graph) -> Graph? {
        let g = g0.droppingZeroEdges()
        var liveN = Set<Int>(), liveS = Set<Int>()
        var stack = g.outputs.map(\.from)
        while let r = stack.popLast() {
            switch r {
            case .input: break
            case .state(let j): if liveS.insert(j).inserted { stack.append(g.states[j].next) }
            case .neuron(let k): if liveN.insert(k).inserted { stack += g.neurons[k].edges.map(\.from) }
            }
        }
        let out = g.keeping(neurons: liveN, states: liveS)
        return out == g0 ? nil : out
    }

    /// Constant value of a node, if it has one: a neuron without edges computes f(bias) at every step
    /// (never assume f(0) = 0); a state is constant when the node feeding it is constant with the same
    /// value as its initial one.
    static func constantValues(_ g: Graph) -> [Graph.Ref: Double] {
        var c = [Graph.Ref: Double]()
        for (k, n) in g.neurons.enumerated() where n.edges.isEmpty { c[.neuron(k)] = n.activation.value(n.bias) }
        for (j, s) in g.states.enumerated() {
            if let v = c[s.next], v == s.initial { c[.state(j)] = v }
        }
        return c
    }

    /// Folds constant sources into their consumers' biases: weight · value.
    static func foldConstants(_ g: Graph) -> Graph? {
        let c = constantValues(g)
        var out = g, changed = false
        for k in out.neurons.indices {
            var kept: [Graph.Edge] = []
            for e in out.neurons[k].edges {
                if let v = c[e.from] {
                    out.neurons[k].bias += e.weight * v
                    changed = true
                } else {
                    kept.append(e)
                }
            }
            out.neurons[k].edges = kept
        }
        return changed ? out : nil
    }

    /// A state that feeds only itself through one neuron, f(w·s + b), holds its initial value forever when
    /// f(w·s₀ + b) = s₀ exactly (e.g. a weight −1 loop through Ameo on ±1): fold it into a constant.
    static func foldConstantLoops(_ g: Graph) -> Graph? {
        var out = g, changed = false
        for (j, s) in g.states.enumerated() {
            guard case .neuron(let k) = s.next, g.neurons[k].edges.count == 1, g.neurons[k].edges[0].from == .state(j)
            else { continue }
            let n = g.neurons[k]
            guard n.activation.value(n.edges[0].weight * s.initial + n.bias) == s.initial else { continue }
            // The loop neuron becomes a constant equal to the initial value: constant folding takes it from there.
            for c in out.neurons.indices {
                var kept: [Graph.Edge] = []
                for e in out.neurons[c].edges {
                    if e.from == .state(j) {
                        out.neurons[c].bias += e.weight * s.initial
                        changed = true
                    } else {
                        kept.append(e)
                    }
                }
                out.neurons[c].edges = kept
            }
        }
        return changed ? out : nil
    }

    /// A neuron with one input whose source only ever takes values v with f(w·v + b) = v (identity) or
    /// = −v (negation) for all of them is a wire: its readers read the source directly (negated weights for
    /// a negation). Ameo is negation on [−1, 1], so chains of such neurons on ±1 signals collapse. A linear
    /// neuron ±1·v is a wire whatever v takes, so that case needs no value sets (analog graphs have none).
    static func collapseChains(_ g: Graph, _ values: Verifier.ValueSets?) -> Graph? {
        var map = [Graph.Ref: (Graph.Ref, Double)]()
        for (k, n) in g.neurons.enumerated() where n.edges.count == 1 {
            let e = n.edges[0]
            if n.activation == .linear, n.bias == 0, abs(e.weight) == 1 {
                map[.neuron(k)] = (e.from, e.weight)
                continue
            }
            guard let vs = values?.values(g.slot(e.from)), !vs.isEmpty else { continue }
            let ys = vs.map { ($0, n.activation.value(e.weight * $0 + n.bias)) }
            if ys.allSatisfy({ $0.1 == $0.0 }) {
                map[.neuron(k)] = (e.from, 1)
            } else if ys.allSatisfy({ $0.1 == -$0.0 }) {
                map[.neuron(k)] = (e.from, -1)
            }
        }
        guard !map.isEmpty else { return nil }
        // States and outputs can only take a plain wire (no weight): keep negations for them.
        var out = g.rewiring { r in map[r] ?? (r, 1) }
        for j in out.states.indices {
            if let (to, sign) = map[g.states[j].next] { out.states[j].next = sign == 1 ? to : g.states[j].next }
        }
        for o in out.outputs.indices {
            if let (to, sign) = map[g.outputs[o].from] { out.outputs[o].from = sign == 1 ? to : g.outputs[o].from }
        }
        return out == g ? nil : out
    }

    /// A neuron that reads one source taking two values u and v (an input: −1 and 1) computes a + b·source
    /// on them: two points fix a line. A linear reader (the post neuron) can read the source directly,
    /// with weight w·b and bias + w·a, and the neuron goes once nothing else reads it (parentheses: two
    /// output neurons that only rescale the input fold into the post neuron's edge from x0).
    static func foldAffine(_ g: Graph, _ values: Verifier.ValueSets?) -> Graph? {
        var linearReaders = [Int: [Int]](), blocked = Set<Int>()
        for s in g.states { if case .neuron(let k) = s.next { blocked.insert(k) } }
        for o in g.outputs { if case .neuron(let k) = o.from { blocked.insert(k) } }
        for (r, n) in g.neurons.enumerated() {
            for e in n.edges {
                guard case .neuron(let k) = e.from else { continue }
                if n.activation == .linear { linearReaders[k, default: []].append(r) } else { blocked.insert(k) }
            }
        }
        var out = g
        for (k, n) in g.neurons.enumerated() where n.edges.count == 1 && n.activation != .linear && !blocked.contains(k)
        {
            let source = n.edges[0].from
            let twoValues: [Double]
            if case .input = source {
                twoValues = [-1, 1]
            } else {
                guard let vs = values?.values(g.slot(source)), vs.count == 2 else { continue }
                twoValues = vs.sorted()
            }
            let (u, v) = (twoValues[0], twoValues[1])
            let (fu, fv) = (
                n.activation.value(n.edges[0].weight * u + n.bias), n.activation.value(n.edges[0].weight * v + n.bias)
            )
            let b = (fv - fu) / (v - u), a = fu - b * u
            for r in linearReaders[k] ?? [] {
                guard let i = out.neurons[r].edges.firstIndex(where: { $0.from == .neuron(k) }) else { continue }
                let w = out.neurons[r].edges.remove(at: i).weight
                out.neurons[r].bias += w * a
                if let j = out.neurons[r].edges.firstIndex(where: { $0.from == source }) {
                    out.neurons[r].edges[j].weight += w * b
                } else {
                    out.neurons[r].edges.append(.init(from: source, weight: w * b))
                }
            }
        }
        return out == g ? nil : Self.removeDeadNodes(out) ?? out
    }

    /// Neurons with the same activation, bias and inputs compute the same value: keep the first.
    /// States with the same initial value and the same next node likewise.
    static func mergeDuplicates(_ g: Graph) -> Graph? {
        var seen = [String: Int](), map = [Graph.Ref: Graph.Ref]()
        for (k, n) in g.neurons.enumerated() {
            let edges = n.edges.map { "\($0.from):\($0.weight.bitPattern)" }.sorted().joined(separator: ",")
            let key = "\(n.activation)|\(n.bias.bitPattern)|\(edges)"
            if let first = seen[key] { map[.neuron(k)] = .neuron(first) } else { seen[key] = k }
        }
        var seenS = [String: Int]()
        for (j, s) in g.states.enumerated() {
            let key = "\(s.initial.bitPattern)|\(s.next)"
            if let first = seenS[key] { map[.state(j)] = .state(first) } else { seenS[key] = j }
        }
        guard !map.isEmpty else { return nil }
        return g.rewiring { r in (map[r] ?? r, 1) }
    }
}
