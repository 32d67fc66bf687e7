extension Graph {
    /// The gain of the neuron that takes a quantized state's sign (`CellShape.quantizedStates`): a power of
    /// two, so the product is exact.
    static let quantizerGain = 1024.0

    /// The graph of a network: one neuron per output-tree, state-tree and post-layer unit, one state per
    /// state unit, an edge for every nonzero weight. Nothing is pruned here (zero weights are simply not
    /// edges); pruning and simplification are separate passes.
    ///
    /// Names: `c{k}.o{j}` output tree, `c{k}.r{j}` state tree, `c{k}.s{j}` state, `post{m}`, `x{i}`, `y{m}`.
    public init(network net: Network, objective: String) {
        let shape = net.shape, layout = net.layout, p = net.parameters
        var neurons: [Neuron] = [], states: [State] = []
        var below: [Ref] = (0..<shape.inputSize).map { .input($0) }
        for (k, cell) in shape.cells.enumerated() {
            let t = layout.cells[k]
            let firstState = states.count
            let sources = below + (0..<cell.stateSize).map { Ref.state(firstState + $0) }
            func edges(_ kernel: Int, column j: Int) -> [Edge] {
                let kt = layout.tensors[kernel]
                return (0..<kt.rows).compactMap { i in
                    let w = p[kt.offset + i * kt.cols + j]
                    return w == 0 ? nil : Edge(from: sources[i], weight: Double(w))
                }
            }
            func bias(_ tensor: Int?, _ j: Int) -> Double {
                tensor.map { Double(p[layout.tensors[$0].offset + j]) } ?? 0
            }
            var outputs: [Ref] = []
            for j in 0..<cell.outputSize {
                neurons.append(
                    Neuron(
                        name: "c\(k).o\(j)", activation: cell.outputActivation, bias: bias(t.outputBias, j),
                        edges: edges(t.outputKernel, column: j)))
                outputs.append(.neuron(neurons.count - 1))
            }
            let s0 = layout.tensors[t.initialState].offset
            for j in 0..<cell.stateSize {
                neurons.append(
                    Neuron(
                        name: "c\(k).r\(j)", activation: cell.stateActivation, bias: bias(t.stateBias, j),
                        edges: edges(t.stateKernel, column: j)))
                var initial = Double(p[s0 + j])
                if cell.quantized {
                    // The sign as a neuron: the hard Ameo's flat ends give exactly ±1 wherever the state tree's
                    // value is at least 3/gain from 0; verification judges the graph on what it really computes.
                    neurons.append(
                        Neuron(
                            name: "c\(k).q\(j)", activation: .hardAmeo, bias: 0,
                            edges: [Edge(from: .neuron(neurons.count - 1), weight: Self.quantizerGain)]))
                    initial = CellShape.sign(initial)
                }
                states.append(State(name: "c\(k).s\(j)", initial: initial, next: .neuron(neurons.count - 1)))
            }
            below = outputs
        }
        if let pk = layout.postKernel {
            let kt = layout.tensors[pk], bt = layout.tensors[layout.postBias!]
            var post: [Ref] = []
            for m in 0..<shape.outputSize {
                let e = (0..<kt.rows).compactMap { i -> Edge? in
                    let w = p[kt.offset + i * kt.cols + m]
                    return w == 0 ? nil : Edge(from: below[i], weight: Double(w))
                }
                neurons.append(Neuron(name: "post\(m)", activation: .linear, bias: Double(p[bt.offset + m]), edges: e))
                post.append(.neuron(neurons.count - 1))
            }
            below = post
        }
        self.init(
            objective: objective, inputs: (0..<shape.inputSize).map { "x\($0)" }, neurons: neurons, states: states,
            outputs: (0..<shape.outputSize).map { Output(name: "y\($0)", from: below[$0]) })
    }
}
