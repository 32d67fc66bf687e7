/// A plain scalar implementation of the network's forward and backward pass in Double, written to be
/// read, not to be fast. The SIMD kernel is tested against it, and it against finite differences.
///
/// Per cell k and step t (docs/design.md §4):
///   c_t = concat(x_t, s_{t−1}),  o_t = f_out(c_t·W_o + b_o),  s_t = f_rec(c_t·W_r + b_r)
/// with s_{−1} the trainable initial state; cell k+1 reads o_t of cell k; y_t = o_t·W_p + b_p.
/// Loss = mean over (sequence, step, output) of (y − target)².
public struct ReferenceNetwork {
    public let shape: NetworkShape
    public let layout: ParameterLayout
    public var p: [Double]

    public init(_ network: Network) {
        shape = network.shape
        layout = network.layout
        p = network.parameters.map(Double.init)
    }

    private func w(_ tensor: Int, _ r: Int, _ c: Int) -> Double {
        let t = layout.tensors[tensor]
        return p[t.offset + r * t.cols + c]
    }
    private func b(_ tensor: Int?, _ i: Int) -> Double { tensor.map { p[layout.tensors[$0].offset + i] } ?? 0 }

    /// What the forward pass keeps for the backward pass, per step and cell.
    private struct Trace {
        var c: [Double]
        var zo: [Double]
        var zr: [Double]
        var o: [Double]
    }

    private func run(_ inputs: [[Double]]) -> (outputs: [[Double]], traces: [[Trace]]) {
        // Quantized states feed back their sign; the backward pass goes straight through it.
        func fed(_ k: Int, _ v: Double) -> Double { shape.cells[k].quantized ? CellShape.sign(v) : v }
        var states = shape.cells.indices.map { k in
            (0..<shape.cells[k].stateSize).map { fed(k, p[layout.tensors[layout.cells[k].initialState].offset + $0]) }
        }
        var outputs: [[Double]] = [], traces: [[Trace]] = []
        for x in inputs {
            var input = x
            var stepTraces: [Trace] = []
            for (k, cell) in shape.cells.enumerated() {
                let ct = layout.cells[k]
                let c = input + states[k]
                var zo = [Double](repeating: 0, count: cell.outputSize),
                    zr = [Double](repeating: 0, count: cell.stateSize)
                for j in 0..<cell.outputSize {
                    zo[j] = b(ct.outputBias, j) + c.indices.reduce(0) { $0 + c[$1] * w(ct.outputKernel, $1, j) }
                }
                for j in 0..<cell.stateSize {
                    zr[j] = b(ct.stateBias, j) + c.indices.reduce(0) { $0 + c[$1] * w(ct.stateKernel, $1, j) }
                }
                let o = zo.map { cell.outputActivation.value($0) }
                states[k] = zr.map { fed(k, cell.stateActivation.value($0)) }
                stepTraces.append(Trace(c: c, zo: zo, zr: zr, o: o))
                input = o
            }
            if let pk = layout.postKernel {
                input = (0..<shape.outputSize).map { m in
                    b(layout.postBias, m) + input.indices.reduce(0) { $0 + input[$1] * w(pk, $1, m) }
                }
            }
            outputs.append(input)
            traces.append(stepTraces)
        }
        return (outputs, traces)
    }

    /// Outputs y_t for one sequence of inputs ([step][input]).
    public func forward(_ inputs: [[Double]]) -> [[Double]] { run(inputs).outputs }

    /// Mean squared error over all sequences, steps and outputs, and its gradient for every parameter.
    public func lossAndGradient(inputs: [[[Double]]], targets: [[[Double]]]) -> (loss: Double, gradient: [Double]) {
        var g = [Double](repeating: 0, count: p.count)
        var loss = 0.0
        let n = Double(inputs.count * inputs[0].count * shape.outputSize)
        func addW(_ tensor: Int, _ r: Int, _ c: Int, _ v: Double) {
            let t = layout.tensors[tensor]
            g[t.offset + r * t.cols + c] += v
        }
        func addB(_ tensor: Int?, _ i: Int, _ v: Double) { if let tensor { g[layout.tensors[tensor].offset + i] += v } }

        for (seq, target) in zip(inputs, targets) {
            let (ys, traces) = run(seq)
            // dState[k]: ∂L/∂s_t of cell k, flowing backwards in time.
            var dState = shape.cells.map { [Double](repeating: 0, count: $0.stateSize) }
            for t in stride(from: seq.count - 1, through: 0, by: -1) {
                var dOut = [Double](repeating: 0, count: shape.outputSize)
                for m in 0..<shape.outputSize {
                    let e = ys[t][m] - target[t][m]
                    loss += e * e
                    dOut[m] = 2 * e / n
                }
                if let pk = layout.postKernel {
                    let o = traces[t].last!.o
                    var dO = [Double](repeating: 0, count: o.count)
                    for m in 0..<shape.outputSize {
                        addB(layout.postBias, m, dOut[m])
                        for j in o.indices {
                            addW(pk, j, m, o[j] * dOut[m])
                            dO[j] += w(pk, j, m) * dOut[m]
                        }
                    }
                    dOut = dO
                }
                for k in stride(from: shape.cells.count - 1, through: 0, by: -1) {
                    let cell = shape.cells[k], ct = layout.cells[k], tr = traces[t][k]
                    let dzo = (0..<cell.outputSize).map { dOut[$0] * cell.outputActivation.derivative(tr.zo[$0]) }
                    let dzr = (0..<cell.stateSize).map { dState[k][$0] * cell.stateActivation.derivative(tr.zr[$0]) }
                    var dc = [Double](repeating: 0, count: tr.c.count)
                    for i in tr.c.indices {
                        for j in dzo.indices {
                            addW(ct.outputKernel, i, j, tr.c[i] * dzo[j])
                            dc[i] += w(ct.outputKernel, i, j) * dzo[j]
                        }
                        for j in dzr.indices {
                            addW(ct.stateKernel, i, j, tr.c[i] * dzr[j])
                            dc[i] += w(ct.stateKernel, i, j) * dzr[j]
                        }
                    }
                    for j in dzo.indices { addB(ct.outputBias, j, dzo[j]) }
                    for j in dzr.indices { addB(ct.stateBias, j, dzr[j]) }
                    let d = shape.cellInputSize(k)
                    dOut = Array(dc[0..<d])
                    dState[k] = Array(dc[d...])
                }
            }
            for k in shape.cells.indices {
                let t = layout.tensors[layout.cells[k].initialState]
                for j in 0..<t.count { g[t.offset + j] += dState[k][j] }
            }
        }
        return (loss / n, g)
    }
}
