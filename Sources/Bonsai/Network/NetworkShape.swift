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

    public init(outputSize: Int, stateSize: Int, outputActivation: Activation = .interpolatedAmeo,
                stateActivation: Activation = .interpolatedAmeo, bias: Bool = true) {
        self.outputSize = outputSize
        self.stateSize = stateSize
        self.outputActivation = outputActivation
        self.stateActivation = stateActivation
        self.bias = bias
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
        guard inputSize >= 0, outputSize >= 1 else { throw BonsaiError("network: input size must be ≥ 0 and output size ≥ 1") }
        guard !cells.isEmpty else { throw BonsaiError("network: needs at least one cell") }
        for (k, c) in cells.enumerated() where c.outputSize < 1 || c.stateSize < 0 {
            throw BonsaiError("network: cell \(k) needs output size ≥ 1 and state size ≥ 0 (got \(c.outputSize), \(c.stateSize))")
        }
        if !postLayer, cells.last!.outputSize != outputSize {
            throw BonsaiError("network: last cell's output size \(cells.last!.outputSize) differs from the objective's \(outputSize) and there is no post layer")
        }
    }
}
