/// A graph's edges flattened per neuron, with every reference resolved to a slot in one value array
/// [inputs | states | neurons]: the layout both the Double evaluator and the interval stepper walk, so
/// they evaluate in the same order.
struct GraphWiring: Sendable {
    /// Neuron k's edges are `starts[k]..<starts[k + 1]` of `sources` and `weights`.
    let starts: [Int]
    let sources: [Int]
    let weights: [Double]
    let outputSlots: [Int]
    let nextSlots: [Int]

    init(_ graph: Graph) {
        var starts = [0], sources: [Int] = [], weights: [Double] = []
        for n in graph.neurons {
            for e in n.edges {
                sources.append(graph.slot(e.from))
                weights.append(e.weight)
            }
            starts.append(sources.count)
        }
        self.starts = starts
        self.sources = sources
        self.weights = weights
        outputSlots = graph.outputs.map { graph.slot($0.from) }
        nextSlots = graph.states.map { graph.slot($0.next) }
    }
}
