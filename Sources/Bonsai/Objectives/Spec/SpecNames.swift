extension Graph {
    /// The graph with a spec's own input and output names (`inputs: [a, b]`, `outputs: [y]`) in place of
    /// the default `x0`, `y0` a trained network's graph carries, so the page, explanation.md and
    /// machine.json speak the spec's language. Only default names are replaced, and only when every node
    /// name stays unique; the graph's content hash (of graph.json) is the caller's to keep.
    public func named(for objective: any Objective) -> Graph {
        guard let spec = objective as? TableObjective else { return self }
        var g = self
        if let names = spec.inputNames, names.count == g.inputs.count {
            for i in g.inputs.indices where g.inputs[i] == "x\(i)" { g.inputs[i] = names[i] }
        }
        if let names = spec.outputNames, names.count == g.outputs.count {
            for m in g.outputs.indices where g.outputs[m].name == "y\(m)" { g.outputs[m].name = names[m] }
        }
        let all = g.inputs + g.states.map(\.name) + g.neurons.map(\.name) + g.outputs.map(\.name)
        return Set(all).count == all.count ? g : self
    }
}
