/// The network's weights rearranged for the kernel: per cell one (d+S)×(O+S) matrix [W_o | W_r] and one
/// bias vector [b_o | b_r], so the output and state trees are a single matrix–vector product. Rebuilt from
/// the flat parameters before every step (a few thousand floats: negligible).
struct PackedNetwork {
    struct Cell {
        let inputSize: Int     // d
        let outputSize: Int    // O
        let stateSize: Int     // S
        var rows: Int { inputSize + stateSize }      // C = d + S
        var cols: Int { outputSize + stateSize }     // W = O + S
        let outputActivation: Activation
        let stateActivation: Activation
        var weights: [Float]   // C×W row-major
        var bias: [Float]      // W
        var initialState: [Float]
    }

    let shape: NetworkShape
    var cells: [Cell]
    var postWeights: [Float]  // O_last×out, empty without a post layer
    var postBias: [Float]

    init(_ net: Network) {
        let shape = net.shape
        self.shape = shape
        let p = net.parameters, layout = net.layout
        cells = shape.cells.indices.map { k in
            let s = shape.cells[k], t = layout.cells[k]
            let d = shape.cellInputSize(k), rows = d + s.stateSize, cols = s.outputSize + s.stateSize
            var w = [Float](repeating: 0, count: rows * cols), b = [Float](repeating: 0, count: cols)
            let ok = layout.tensors[t.outputKernel], sk = layout.tensors[t.stateKernel]
            for i in 0..<rows {
                for j in 0..<s.outputSize { w[i * cols + j] = p[ok.offset + i * s.outputSize + j] }
                for j in 0..<s.stateSize { w[i * cols + s.outputSize + j] = p[sk.offset + i * s.stateSize + j] }
            }
            if let ob = t.outputBias { for j in 0..<s.outputSize { b[j] = p[layout.tensors[ob].offset + j] } }
            if let sb = t.stateBias { for j in 0..<s.stateSize { b[s.outputSize + j] = p[layout.tensors[sb].offset + j] } }
            let s0 = layout.tensors[t.initialState]
            return Cell(inputSize: d, outputSize: s.outputSize, stateSize: s.stateSize,
                        outputActivation: s.outputActivation, stateActivation: s.stateActivation,
                        weights: w, bias: b, initialState: Array(p[s0.offset..<s0.offset + s0.count]))
        }
        if let pk = layout.postKernel, let pb = layout.postBias {
            postWeights = Array(net.values(layout.tensors[pk]))
            postBias = Array(net.values(layout.tensors[pb]))
        } else {
            postWeights = []
            postBias = []
        }
    }

    /// For the gradient of packed entry (i, j) of cell k: its index in the flat parameter buffer.
    static func flatIndex(_ layout: ParameterLayout, cell k: Int, row i: Int, col j: Int, outputSize o: Int) -> Int {
        let t = layout.cells[k]
        if j < o {
            let ok = layout.tensors[t.outputKernel]
            return ok.offset + i * ok.cols + j
        }
        let sk = layout.tensors[t.stateKernel]
        return sk.offset + i * sk.cols + (j - o)
    }
}
