/// The network's weights rearranged for the kernel: per cell one (d+S)×(O+S) matrix [W_o | W_r] and one
/// bias vector [b_o | b_r], so the output and state trees are a single matrix–vector product. Rebuilt from
/// the flat parameters before every step (a few thousand floats: negligible).
///
/// Everything the hot loop touches is a raw pointer or a plain value: no reference counting, so the two
/// threads never fight over a shared retain count.
final class PackedNetwork: @unchecked Sendable {
    struct Cell {
        let inputSize: Int  // d
        let outputSize: Int  // O
        let stateSize: Int  // S
        let rows: Int  // C = d + S
        let cols: Int  // W = O + S
        let outputActivation: Activation
        let stateActivation: Activation
        /// `CellShape.quantizedStates`: the state fed back is the sign of the state tree's value.
        let quantized: Bool
        let weights: UnsafeMutablePointer<Float>  // C×W row-major
        let bias: UnsafeMutablePointer<Float>  // W
        let initialState: UnsafeMutablePointer<Float>  // S
        /// Offsets of this cell's tensors in the flat parameter (and gradient) buffer; −1 when absent.
        let outputKernelOffset: Int, stateKernelOffset: Int, outputBiasOffset: Int, stateBiasOffset: Int,
            initialStateOffset: Int
    }

    let inputSize: Int
    let outputSize: Int
    let cells: UnsafeMutablePointer<Cell>
    let cellCount: Int
    /// O_last×out and out; nil without a post layer.
    let postWeights: UnsafeMutablePointer<Float>?
    let postBias: UnsafeMutablePointer<Float>?
    let postKernelOffset: Int, postBiasOffset: Int
    private let storage: UnsafeMutablePointer<Float>

    init(_ net: Network) {
        let shape = net.shape, layout = net.layout
        inputSize = shape.inputSize
        outputSize = shape.outputSize
        cellCount = shape.cells.count
        var total = 0
        for k in 0..<cellCount {
            let s = shape.cells[k], rows = shape.cellInputSize(k) + s.stateSize, cols = s.outputSize + s.stateSize
            total += rows * cols + cols + s.stateSize
        }
        let oLast = shape.cells.last!.outputSize
        if shape.postLayer { total += oLast * shape.outputSize + shape.outputSize }
        storage = .allocate(capacity: max(total, 1))
        storage.initialize(repeating: 0, count: max(total, 1))
        cells = .allocate(capacity: cellCount)

        var next = storage
        func take(_ n: Int) -> UnsafeMutablePointer<Float> {
            defer { next += n }
            return next
        }
        let p = net.parameters
        for k in 0..<cellCount {
            let s = shape.cells[k], t = layout.cells[k]
            let d = shape.cellInputSize(k), rows = d + s.stateSize, cols = s.outputSize + s.stateSize
            let w = take(rows * cols), b = take(cols), s0 = take(s.stateSize)
            let ok = layout.tensors[t.outputKernel].offset, sk = layout.tensors[t.stateKernel].offset
            for i in 0..<rows {
                for j in 0..<s.outputSize { w[i * cols + j] = p[ok + i * s.outputSize + j] }
                for j in 0..<s.stateSize { w[i * cols + s.outputSize + j] = p[sk + i * s.stateSize + j] }
            }
            let ob = t.outputBias.map { layout.tensors[$0].offset } ?? -1
            let sb = t.stateBias.map { layout.tensors[$0].offset } ?? -1
            if ob >= 0 { for j in 0..<s.outputSize { b[j] = p[ob + j] } }
            if sb >= 0 { for j in 0..<s.stateSize { b[s.outputSize + j] = p[sb + j] } }
            let s0o = layout.tensors[t.initialState].offset
            for j in 0..<s.stateSize { s0[j] = p[s0o + j] }
            (cells + k).initialize(
                to: Cell(
                    inputSize: d, outputSize: s.outputSize, stateSize: s.stateSize, rows: rows, cols: cols,
                    outputActivation: s.outputActivation, stateActivation: s.stateActivation, quantized: s.quantized,
                    weights: w, bias: b, initialState: s0, outputKernelOffset: ok, stateKernelOffset: sk,
                    outputBiasOffset: ob, stateBiasOffset: sb, initialStateOffset: s0o))
        }
        if let pk = layout.postKernel, let pbias = layout.postBias {
            let w = take(oLast * shape.outputSize), b = take(shape.outputSize)
            let ko = layout.tensors[pk].offset, bo = layout.tensors[pbias].offset
            for i in 0..<oLast * shape.outputSize { w[i] = p[ko + i] }
            for i in 0..<shape.outputSize { b[i] = p[bo + i] }
            postWeights = w
            postBias = b
            postKernelOffset = ko
            postBiasOffset = bo
        } else {
            postWeights = nil
            postBias = nil
            postKernelOffset = -1
            postBiasOffset = -1
        }
    }

    deinit {
        cells.deinitialize(count: cellCount)
        cells.deallocate()
        storage.deallocate()
    }
}
