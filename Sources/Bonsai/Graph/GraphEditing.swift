/// Structural edits shared by the pruning and simplification passes.
extension Graph {
    /// A parameter of the graph: an edge weight, a neuron bias or a state's initial value.
    public enum Parameter: Hashable, Sendable {
        case weight(neuron: Int, edge: Int)
        case bias(neuron: Int)
        case initial(state: Int)
    }

    public subscript(_ p: Parameter) -> Double {
        get {
            switch p {
            case .weight(let n, let e): return neurons[n].edges[e].weight
            case .bias(let n): return neurons[n].bias
            case .initial(let s): return states[s].initial
            }
        }
        set {
            switch p {
            case .weight(let n, let e): neurons[n].edges[e].weight = newValue
            case .bias(let n): neurons[n].bias = newValue
            case .initial(let s): states[s].initial = newValue
            }
        }
    }

    /// Every nonzero parameter.
    public var parameters: [Parameter] {
        var ps: [Parameter] = []
        for (k, n) in neurons.enumerated() {
            for (e, edge) in n.edges.enumerated() where edge.weight != 0 { ps.append(.weight(neuron: k, edge: e)) }
            if n.bias != 0 { ps.append(.bias(neuron: k)) }
        }
        for (j, s) in states.enumerated() where s.initial != 0 { ps.append(.initial(state: j)) }
        return ps
    }

    /// Edges of weight 0 removed (they contribute nothing).
    public func droppingZeroEdges() -> Graph {
        var g = self
        for k in g.neurons.indices { g.neurons[k].edges.removeAll { $0.weight == 0 } }
        return g
    }

    /// Keeps only the listed neurons and states, in their order, renumbering every reference. The caller
    /// guarantees nothing kept refers to something dropped.
    func keeping(neurons keepN: Set<Int>, states keepS: Set<Int>) -> Graph {
        var nIndex = [Int: Int](), sIndex = [Int: Int]()
        for k in neurons.indices where keepN.contains(k) { nIndex[k] = nIndex.count }
        for j in states.indices where keepS.contains(j) { sIndex[j] = sIndex.count }
        func map(_ r: Ref) -> Ref {
            switch r {
            case .input: return r
            case .state(let j): return .state(sIndex[j]!)
            case .neuron(let k): return .neuron(nIndex[k]!)
            }
        }
        var g = self
        g.neurons = neurons.indices.filter { keepN.contains($0) }.map { k in
            var n = neurons[k]
            n.edges = n.edges.map { Edge(from: map($0.from), weight: $0.weight) }
            return n
        }
        g.states = states.indices.filter { keepS.contains($0) }.map { j in
            var s = states[j]
            s.next = map(s.next)
            return s
        }
        g.outputs = outputs.map { Output(name: $0.name, from: map($0.from)) }
        return g
    }

    /// Replaces every reference through `map` (edges from the same source are merged by adding their
    /// weights; an edge whose weight becomes 0 disappears).
    func rewiring(_ map: (Ref) -> (Ref, Double)) -> Graph {
        var g = self
        for k in g.neurons.indices {
            var merged: [(Ref, Double)] = []
            for e in g.neurons[k].edges {
                let (r, sign) = map(e.from)
                if let i = merged.firstIndex(where: { $0.0 == r }) {
                    merged[i].1 += sign * e.weight
                } else {
                    merged.append((r, sign * e.weight))
                }
            }
            g.neurons[k].edges = merged.filter { $0.1 != 0 }.map { Edge(from: $0.0, weight: $0.1) }
        }
        for j in g.states.indices { g.states[j].next = map(g.states[j].next).0 }
        for o in g.outputs.indices { g.outputs[o].from = map(g.outputs[o].from).0 }
        return g
    }

    /// Slot of a reference in the evaluator's value array [inputs | states | neurons].
    func slot(_ r: Ref) -> Int {
        switch r {
        case .input(let i): return i
        case .state(let j): return inputs.count + j
        case .neuron(let k): return inputs.count + states.count + k
        }
    }
}
