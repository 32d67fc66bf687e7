/// A network's parameters in one flat Float32 buffer, described by a `ParameterLayout`. One buffer keeps
/// Adam, checkpoints and gradient reductions a single loop each.
public struct Network: Sendable, Equatable {
    public let shape: NetworkShape
    public let layout: ParameterLayout
    public var parameters: [Float]

    public init(shape: NetworkShape, parameters: [Float]) throws {
        try shape.validate()
        let layout = ParameterLayout(shape)
        guard parameters.count == layout.count else {
            throw BonsaiError("network: expected \(layout.count) parameters, got \(parameters.count)")
        }
        self.shape = shape
        self.layout = layout
        self.parameters = parameters
    }

    /// A freshly initialised network: truncated Glorot normal for every tensor (docs/design.md §4).
    /// `attempt` > 0 gives the fresh initializations of plateau restarts (`PlateauRestart`): the same seed,
    /// independent streams.
    public init(shape: NetworkShape, seed: UInt64, attempt: Int = 0) throws {
        try shape.validate()
        let layout = ParameterLayout(shape)
        var rng = attempt == 0 ? Rng(seed: seed, stream: 1) : Rng(seed: seed, stream: 1, UInt64(attempt))
        var p = [Float](repeating: 0, count: layout.count)
        for t in layout.tensors {
            // 1-D tensors use fan_in = fan_out = n (docs/design.md A.2).
            let (fanIn, fanOut) = t.cols == 1 && t.kind != .kernel ? (t.rows, t.rows) : (t.rows, t.cols)
            for i in 0..<t.count { p[t.offset + i] = Float(TruncatedGlorot.sample(fanIn: fanIn, fanOut: fanOut, &rng)) }
        }
        self.shape = shape
        self.layout = layout
        self.parameters = p
    }

    /// The values of one tensor.
    public func values(_ t: ParameterLayout.Tensor) -> ArraySlice<Float> { parameters[t.offset..<t.offset + t.count] }

    /// How many regularized weights have |w| above `threshold`: the size measure of the shrinking phase.
    public func weightsAbove(_ threshold: Float) -> Int {
        var n = 0
        for t in layout.tensors where t.kind == .kernel {
            for i in t.offset..<t.offset + t.count where abs(parameters[i]) > threshold { n += 1 }
        }
        return n
    }

    /// The total number of kernel weights (the dense size).
    public var weightCount: Int { layout.tensors.filter { $0.kind == .kernel }.reduce(0) { $0 + $1.count } }
}

/// Where each tensor lives in the flat parameter buffer. Kernels are row-major (rows = inputs, cols =
/// outputs): cell kernels are (d+S)×O and (d+S)×S over c_t = concat(x_t, s_{t−1}); the post kernel is
/// O_last×out.
public struct ParameterLayout: Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case kernel, bias, initialState }

    public struct Tensor: Sendable, Equatable {
        public let name: String
        public let kind: Kind
        public let offset: Int
        public let rows: Int
        public let cols: Int
        public var count: Int { rows * cols }
    }

    /// Per cell: indices into `tensors` (bias entries are nil without biases).
    public struct CellTensors: Sendable, Equatable {
        public let outputKernel: Int, outputBias: Int?, stateKernel: Int, stateBias: Int?, initialState: Int
    }

    public private(set) var tensors: [Tensor] = []
    public private(set) var cells: [CellTensors] = []
    public private(set) var postKernel: Int?
    public private(set) var postBias: Int?
    public private(set) var count = 0

    public init(_ shape: NetworkShape) {
        for (k, c) in shape.cells.enumerated() {
            let rows = shape.cellInputSize(k) + c.stateSize
            let ok = add("cell\(k).outputKernel", .kernel, rows, c.outputSize)
            let ob = c.bias ? add("cell\(k).outputBias", .bias, c.outputSize, 1) : nil
            let sk = add("cell\(k).stateKernel", .kernel, rows, c.stateSize)
            let sb = c.bias ? add("cell\(k).stateBias", .bias, c.stateSize, 1) : nil
            let s0 = add("cell\(k).initialState", .initialState, c.stateSize, 1)
            cells.append(
                CellTensors(outputKernel: ok, outputBias: ob, stateKernel: sk, stateBias: sb, initialState: s0))
        }
        if shape.postLayer {
            postKernel = add("post.kernel", .kernel, shape.cells.last!.outputSize, shape.outputSize)
            postBias = add("post.bias", .bias, shape.outputSize, 1)
        }
    }

    private mutating func add(_ name: String, _ kind: Kind, _ rows: Int, _ cols: Int) -> Int {
        tensors.append(Tensor(name: name, kind: kind, offset: count, rows: rows, cols: cols))
        count += rows * cols
        return tensors.count - 1
    }

    public func tensor(named name: String) -> Tensor? { tensors.first { $0.name == name } }
}

/// Truncated Glorot normal, a replica of Keras' initializer (docs/design.md A.2):
/// σ = √(1/max(1, (fan_in+fan_out)/2)) / 0.87962566103423978, values beyond ±2σ redrawn.
enum TruncatedGlorot {
    static func sample(fanIn: Int, fanOut: Int, _ rng: inout Rng) -> Double {
        let scale = 1 / max(1, Double(fanIn + fanOut) / 2)
        let sigma = scale.squareRoot() / 0.87962566103423978
        while true {
            let v = rng.normal()
            if abs(v) <= 2 { return v * sigma }
        }
    }
}
