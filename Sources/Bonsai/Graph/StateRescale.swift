/// An affine change of one state's values, v ↦ (v − center) / halfWidth, that every reader can undo.
///
/// A state coded by the graph's own values often moves between awkward levels: dfsm-6 seed 12 remembers
/// "the last input was 0" as 0 or 0.5 in one state, and no leak-free Ameo on the refit grid gives exactly
/// those two values for a 3-state code. On ±1 the same update is one plain threshold. Readers lose
/// nothing: a neuron reading the state with weight w reads the new value with weight w·halfWidth and adds
/// w·center to its bias, which gives the same sum (exactly, for the dyadic values training leaves).
struct Rescale: Equatable {
    var center: Double
    var halfWidth: Double
    static let identity = Rescale(center: 0, halfWidth: 1)

    func apply(_ v: Double) -> Double { (v - center) / halfWidth }

    /// Per state, the map that spreads its code values over [−1, 1] (lowest to −1, highest to +1); the
    /// identity for a state that takes one value or is in `keeping` (read as is by an output or a copy,
    /// where no weight can undo the change).
    static func spanning(_ codes: [[Double]], keeping: [Bool]) -> (codes: [[Double]], rescales: [Rescale]) {
        let rescales = keeping.indices.map { j -> Rescale in
            let values = codes.map { $0[j] }
            guard !keeping[j], let lo = values.min(), let hi = values.max(), hi > lo else { return .identity }
            return Rescale(center: (hi + lo) / 2, halfWidth: (hi - lo) / 2)
        }
        return (codes.map { code in code.indices.map { rescales[$0].apply(code[$0]) } }, rescales)
    }

    /// `graph` with every neuron that reads a rescaled state compensated (the update neurons are fitted
    /// anew afterwards) and the initial values rescaled.
    static func compensate(_ graph: Graph, _ rescales: [Rescale]) -> Graph {
        var g = graph
        for k in g.neurons.indices {
            for e in g.neurons[k].edges.indices {
                guard case .state(let j) = g.neurons[k].edges[e].from, rescales[j] != .identity else { continue }
                let w = g.neurons[k].edges[e].weight
                g.neurons[k].edges[e].weight = w * rescales[j].halfWidth
                g.neurons[k].bias += w * rescales[j].center
            }
        }
        for j in g.states.indices { g.states[j].initial = rescales[j].apply(g.states[j].initial) }
        return g
    }
}
