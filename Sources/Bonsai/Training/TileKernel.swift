/// Forward and backward pass of a network over one *tile*: 16 sequences side by side, taken through all
/// timesteps (BPTT). Memory is one workspace per thread, allocated once; nothing allocates per step.
///
/// Layout, per cell k with C = d+S rows and W = O+S columns:
///   c[k]:  (T+1) rows of C lane-vectors; row t = concat(x_t, s_{t−1}); row T holds the final state.
///   dz[k]: T rows of W; the forward pass stores f'(z) there, the backward pass turns it into ∂L/∂z.
final class TileWorkspace: @unchecked Sendable {
    let steps: Int
    let inputs: UnsafeMutablePointer<Lanes>  // T × d_in
    let targets: UnsafeMutablePointer<Lanes>  // T × d_out
    // Per-cell buffers, as pointer tables (not arrays) so the hot loop does no reference counting.
    let c: UnsafeMutablePointer<UnsafeMutablePointer<Lanes>>
    let dz: UnsafeMutablePointer<UnsafeMutablePointer<Lanes>>
    let dIn: UnsafeMutablePointer<UnsafeMutablePointer<Lanes>>  // T × d_k: ∂L/∂(input of cell k), for k ≥ 1
    let top: UnsafeMutablePointer<Lanes>  // T × O_last: the last cell's outputs
    let dTop: UnsafeMutablePointer<Lanes>  // T × O_last
    let y: UnsafeMutablePointer<Lanes>  // T × d_out: network outputs
    let dy: UnsafeMutablePointer<Lanes>  // T × d_out
    let z: UnsafeMutablePointer<Lanes>  // max W
    let dc: UnsafeMutablePointer<Lanes>  // max C
    let dState: UnsafeMutablePointer<Lanes>  // max S
    let scratch: UnsafeMutablePointer<Lanes>  // max C·W
    /// T × Σ W: training noise added to every cell neuron's pre-activation (see `TrainingConfig.noise`).
    let noise: UnsafeMutablePointer<Lanes>
    /// Per cell: where its columns start in a `noise` row; the last entry is the row length.
    let noiseOffsets: [Int]
    private var allocations: [UnsafeMutableRawPointer] = []

    init(shape: NetworkShape, steps: Int) {
        self.steps = steps
        var all: [UnsafeMutableRawPointer] = []
        func lanes(_ n: Int) -> UnsafeMutablePointer<Lanes> {
            let p = UnsafeMutablePointer<Lanes>.allocate(capacity: max(n, 1))
            p.initialize(repeating: Lanes(), count: max(n, 1))
            all.append(UnsafeMutableRawPointer(p))
            return p
        }
        let rows = shape.cells.indices.map { shape.cellInputSize($0) + shape.cells[$0].stateSize }
        let cols = shape.cells.map { $0.outputSize + $0.stateSize }
        let oLast = shape.cells.last!.outputSize
        inputs = lanes(steps * shape.inputSize)
        targets = lanes(steps * shape.outputSize)
        func table(_ ps: [UnsafeMutablePointer<Lanes>]) -> UnsafeMutablePointer<UnsafeMutablePointer<Lanes>> {
            let t = UnsafeMutablePointer<UnsafeMutablePointer<Lanes>>.allocate(capacity: ps.count)
            t.initialize(from: ps, count: ps.count)
            all.append(UnsafeMutableRawPointer(t))
            return t
        }
        c = table(rows.map { lanes((steps + 1) * $0) })
        dz = table(cols.map { lanes(steps * $0) })
        dIn = table(shape.cells.indices.map { lanes(steps * shape.cellInputSize($0)) })
        top = lanes(steps * oLast)
        dTop = lanes(steps * oLast)
        y = lanes(steps * shape.outputSize)
        dy = lanes(steps * shape.outputSize)
        z = lanes(cols.max()!)
        dc = lanes(rows.max()!)
        dState = lanes(shape.cells.map(\.stateSize).max()!)
        let scratchCount = max(zip(rows, cols).map(*).max()!, oLast * shape.outputSize, cols.max()!)
        scratch = lanes(scratchCount)
        noiseOffsets = cols.reduce(into: [0]) { $0.append($0.last! + $1) }
        noise = lanes(steps * noiseOffsets.last!)
        allocations = all
    }

    deinit { allocations.forEach { $0.deallocate() } }
}

/// Gradients flowing back through saturated units shrink by the leak (e.g. 0.01) per step and reach
/// subnormal floats within ~20 steps; x86 computes with those up to 100× slower. Below 1e-20 a gradient
/// no longer matters (Adam's ε is 1e-8), so it is set to exactly 0 where it enters the recurrence.
@inline(__always)
private func flushTiny(_ x: Lanes) -> Lanes {
    x.replacing(with: 0, where: x .< 1e-20 .& x .> -1e-20)
}

/// How far from 0 a quantized state's value must be for the graph's sign neuron (`Graph.quantizerGain`)
/// to give exactly ±1.
let quantizerMargin = Float(3 / Graph.quantizerGain)

/// `CellShape.sign` of each lane.
@inline(__always)
func quantize(_ x: Lanes) -> Lanes {
    Lanes(repeating: -1).replacing(with: 1, where: x .>= 0)
}

/// Applies `act` to n lane-vectors: values to `values`, derivatives to `derivs`.
@inline(__always)
private func activate(
    _ act: Activation, _ z: UnsafePointer<Lanes>, _ n: Int,
    values: UnsafeMutablePointer<Lanes>, derivs: UnsafeMutablePointer<Lanes>
) {
    if case .ameo(let f, let l) = act {
        for j in 0..<n { (values[j], derivs[j]) = ameoLanes(z[j], f, l) }
    } else {
        for j in 0..<n { (values[j], derivs[j]) = act.apply(z[j]) }
    }
}

extension TileWorkspace {
    /// Runs the network over the tile's `inputs` for `steps` steps, writes outputs to `y` and, when
    /// `lossScale` is given, ∂L/∂y = lossScale·(y − target) to `dy`. Returns Σ(y − target)² and the number
    /// of sign errors (y·target ≤ 0: an output of exactly 0 is wrong, docs/design.md §2). With `noisy`, the
    /// `noise` buffer is added to the pre-activations; the backward pass needs nothing else, since the noise
    /// is a constant offset and `dz` already holds f' at the noisy point.
    func forward(
        _ net: PackedNetwork, steps T: Int, lossScale: Float?, noisy: Bool = false
    ) -> (squaredError: Double, errors: Int) {
        let din = net.inputSize, dout = net.outputSize, K = net.cellCount, cells = net.cells
        let oLast = cells[K - 1].outputSize
        let c = self.c, dz = self.dz, z = self.z, top = self.top, y = self.y, dy = self.dy
        for k in 0..<K {
            let cell = cells[k]
            for j in 0..<cell.stateSize {
                let s0 = cell.initialState[j]
                c[k][cell.inputSize + j] = Lanes(repeating: cell.quantized ? CellShape.sign(s0) : s0)
            }
        }
        let c0 = c[0], rows0 = cells[0].rows
        for t in 0..<T {
            for i in 0..<din { c0[t * rows0 + i] = inputs[t * din + i] }
        }
        var sq = Lanes(), wrong = SIMD16<Int32>()
        for t in 0..<T {
            for k in 0..<K {
                let cell = cells[k]
                let rows = cell.rows, cols = cell.cols
                laneGemv(c[k] + t * rows, rows, cell.weights, inStride: cols, outStride: 1, cols, bias: cell.bias, z)
                if noisy {
                    let n = noise + t * noiseOffsets.last! + noiseOffsets[k]
                    for j in 0..<cols { z[j] += n[j] }
                }
                let dest = k + 1 < K ? c[k + 1] + t * cells[k + 1].rows : top + t * oLast
                activate(cell.outputActivation, z, cell.outputSize, values: dest, derivs: dz[k] + t * cols)
                let next = c[k] + (t + 1) * rows + cell.inputSize
                activate(
                    cell.stateActivation, z + cell.outputSize, cell.stateSize,
                    values: next, derivs: dz[k] + t * cols + cell.outputSize)
                // Quantized states: the sign goes forward; the backward pass keeps f'(z) (straight through).
                // A value closer to 0 than the graph's sign neuron resolves counts as a sign error, so a
                // network validates only where its graph computes the same signs.
                if cell.quantized {
                    for j in 0..<cell.stateSize {
                        let v = next[j]
                        wrong &+= SIMD16<Int32>(repeating: 0).replacing(
                            with: 1, where: v .< quantizerMargin .& v .> -quantizerMargin)
                        next[j] = quantize(v)
                    }
                }
            }
            let yt = y + t * dout
            if let pw = net.postWeights {
                laneGemv(top + t * oLast, oLast, pw, inStride: dout, outStride: 1, dout, bias: net.postBias, yt)
            } else {
                for m in 0..<dout { yt[m] = top[t * oLast + m] }
            }
            for m in 0..<dout {
                let target = targets[t * dout + m], e = yt[m] - target
                sq.addProduct(e, e)
                wrong &+= SIMD16<Int32>(repeating: 0).replacing(with: 1, where: yt[m] * target .<= 0)
                if let s = lossScale { dy[t * dout + m] = e * s }
            }
        }
        return (Double(sq.sum()), Int(wrong.wrappedSum()))
    }

    /// Backpropagates `dy` (set by `forward`) through the tile and adds this tile's gradient of every
    /// parameter to `grad`: one lane-vector per parameter (flat layout), summed over lanes by the caller.
    func backward(_ net: PackedNetwork, steps T: Int, grad: UnsafeMutablePointer<Lanes>) {
        let K = net.cellCount, dout = net.outputSize, cells = net.cells
        let oLast = cells[K - 1].outputSize
        let c = self.c, dz = self.dz, dIn = self.dIn, dc = self.dc, dState = self.dState, scratch = self.scratch
        var dOut: UnsafeMutablePointer<Lanes> = dy
        if let pw = net.postWeights {
            for t in 0..<T {
                laneGemv(dy + t * dout, dout, pw, inStride: 1, outStride: dout, oLast, bias: nil, dTop + t * oLast)
            }
            laneOuterSum(top, aStride: oLast, oLast, dy, bStride: dout, dout, steps: T, grad + net.postKernelOffset)
            laneColumnSum(dy, stride: dout, dout, steps: T, grad + net.postBiasOffset)
            dOut = dTop
        }
        for k in stride(from: K - 1, through: 0, by: -1) {
            let cell = cells[k]
            let rows = cell.rows, cols = cell.cols, o = cell.outputSize, s = cell.stateSize, d = cell.inputSize
            let dzk = dz[k], w = cell.weights, dInk = dIn[k]
            for j in 0..<s { dState[j] = Lanes() }
            for t in stride(from: T - 1, through: 0, by: -1) {
                let row = dzk + t * cols
                for j in 0..<o { row[j] *= dOut[t * o + j] }
                for j in 0..<s { row[o + j] *= dState[j] }
                if k > 0 {
                    laneGemv(row, cols, w, inStride: 1, outStride: cols, rows, bias: nil, dc)
                    for i in 0..<d { dInk[t * d + i] = flushTiny(dc[i]) }
                } else {
                    // The first cell's input gradient is not needed: only its state rows.
                    laneGemv(row, cols, w + d * cols, inStride: 1, outStride: cols, s, bias: nil, dc + d)
                }
                for j in 0..<s { dState[j] = flushTiny(dc[d + j]) }
            }
            for j in 0..<s { grad[cell.initialStateOffset + j] += dState[j] }
            // [W_o | W_r] gradients into scratch (C×W), then scattered to the two flat tensors.
            for i in 0..<rows * cols { scratch[i] = Lanes() }
            laneOuterSum(c[k], aStride: rows, rows, dzk, bStride: cols, cols, steps: T, scratch)
            let ok = cell.outputKernelOffset, sk = cell.stateKernelOffset
            for i in 0..<rows {
                for j in 0..<o { grad[ok + i * o + j] += scratch[i * cols + j] }
                for j in 0..<s { grad[sk + i * s + j] += scratch[i * cols + o + j] }
            }
            for j in 0..<cols { scratch[j] = Lanes() }
            laneColumnSum(dzk, stride: cols, cols, steps: T, scratch)
            if cell.outputBiasOffset >= 0 { for j in 0..<o { grad[cell.outputBiasOffset + j] += scratch[j] } }
            if cell.stateBiasOffset >= 0 { for j in 0..<s { grad[cell.stateBiasOffset + j] += scratch[o + j] } }
            dOut = dInk
        }
    }
}
