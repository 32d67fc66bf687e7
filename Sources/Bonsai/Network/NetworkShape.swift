/// The architecture of a network (docs/design.md §4): a stack of custom cells and an optional linear post layer.
public struct CellShape: Codable, Hashable, Sendable {
    /// O: the size of the output tree, read by the next cell (or the post layer).
    public var outputSize: Int
    /// S: the size of the state tree, fed back at the next timestep.
    public var stateSize: Int
    public var outputActivation: Activation
    public var stateActivation: Activation
    /// Whether the output and state trees have biases.
    public var bias: Bool
    /// When true, the state fed back is the sign of the state tree's value, exactly −1 or +1 (≥ 0 → +1), and
    /// so is the initial state: the network is a finite-state machine by construction, and no input
    /// sequence can make its states drift. Training passes the gradient straight through the sign (the
    /// sign of the state activation itself: on random machines, the sign of the pre-activation with a
    /// hard-tanh straight-through gradient did not learn where this did).
    /// nil (files from before it existed) and false: the state tree's value itself.
    public var quantizedStates: Bool?
    public var quantized: Bool { quantizedStates == true }

    /// The value a quantized state feeds back for `v`: its sign, exactly −1 or +1 (≥ 0 → +1). The one
    /// rule behind the kernel, the reference network and the graph's initial states.
    @inline(__always)
    static func sign<T: BinaryFloatingPoint>(_ v: T) -> T { v >= 0 ? 1 : -1 }

    public init(
        outputSize: Int, stateSize: Int, outputActivation: Activation = .interpolatedAmeo,
        stateActivation: Activation = .interpolatedAmeo, bias: Bool = true, quantizedStates: Bool? = nil
    ) {
        self.outputSize = outputSize
        self.stateSize = stateSize
        self.outputActivation = outputActivation
        self.stateActivation = stateActivation
        self.bias = bias
        self.quantizedStates = quantizedStates
    }
}

public struct NetworkShape: Codable, Hashable, Sendable {
    public var inputSize: Int
    public var cells: [CellShape]
    /// The objective's output size: the post layer's output, or the last cell's output size.
    public var outputSize: Int
    /// A linear post layer (with bias) from the last cell's output to `outputSize`.
    public var postLayer: Bool

    public init(inputSize: Int, cells: [CellShape], outputSize: Int, postLayer: Bool? = nil) {
        self.inputSize = inputSize
        self.cells = cells
        self.outputSize = outputSize
        self.postLayer = postLayer ?? (cells.last?.outputSize != outputSize)
    }

    /// Input size of cell k: the objective's input for the first cell, the previous cell's output after.
    public func cellInputSize(_ k: Int) -> Int { k == 0 ? inputSize : cells[k - 1].outputSize }

    /// Checks the sizes fit together; the message names what is wrong.
    public func validate() throws {
        guard inputSize >= 0, outputSize >= 1 else {
            throw BonsaiError("network: input size must be ≥ 0 and output size ≥ 1")
        }
        guard !cells.isEmpty else { throw BonsaiError("network: needs at least one cell") }
        for (k, c) in cells.enumerated() where c.outputSize < 1 || c.stateSize < 0 {
            throw BonsaiError(
                "network: cell \(k) needs output size ≥ 1 and state size ≥ 0 (got \(c.outputSize), \(c.stateSize))")
        }
        if !postLayer, cells.last!.outputSize != outputSize {
            throw BonsaiError(
                "network: last cell's output size \(cells.last!.outputSize) differs from the objective's \(outputSize) and there is no post layer"
            )
        }
        try checkLimits()
    }

    /// Sizes against `SizeLimits`, before anything multiplies them: a file may claim any size.
    func checkLimits() throws {
        let u = SizeLimits.unitsPerCell
        guard inputSize <= u, outputSize <= u else {
            throw BonsaiError("network: input and output sizes must be at most \(u) (got \(inputSize), \(outputSize))")
        }
        guard cells.count <= SizeLimits.cells else {
            throw BonsaiError("network: at most \(SizeLimits.cells) cells (got \(cells.count))")
        }
        for (k, c) in cells.enumerated() where c.outputSize > u || c.stateSize > u {
            throw BonsaiError(
                "network: cell \(k) has \(c.outputSize) output and \(c.stateSize) state units; at most \(u) each")
        }
        // Every size is now ≤ 1024 and there are ≤ 16 cells: the count below cannot overflow.
        let n = parameterCount
        guard n <= SizeLimits.parameters else {
            throw BonsaiError("network: \(n) parameters; at most \(SizeLimits.parameters)")
        }
    }

    /// Kernels, biases and initial states of every cell and the post layer (as `ParameterLayout` counts
    /// them, with biases). Only for shapes within the limits.
    var parameterCount: Int {
        var n = 0
        for (k, c) in cells.enumerated() {
            let rows = cellInputSize(k) + c.stateSize
            n += rows * (c.outputSize + c.stateSize) + (c.bias ? c.outputSize + c.stateSize : 0) + c.stateSize
        }
        if postLayer, let last = cells.last { n += last.outputSize * outputSize + outputSize }
        return n
    }

    /// Per sequence step, the lane vectors a training workspace holds (`TileWorkspace`), roughly.
    var workspaceUnitsPerStep: Int {
        var n = inputSize + 4 * outputSize
        for (k, c) in cells.enumerated() {
            n += 2 * (cellInputSize(k) + c.stateSize) + 2 * (c.outputSize + c.stateSize)
        }
        return n + 2 * (cells.last?.outputSize ?? 0)
    }
}
