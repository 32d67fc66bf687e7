import Foundation

/// `bonsai bench --dump-step FILE`: one training step of a benchmark config written out in full, so an
/// independent implementation (bench/bonsai_torch.py) can check it computes the same thing: the
/// architecture, the flat parameters and their layout, a batch, and what Bonsai computes from them —
/// the loss and its gradient (the Double scalar reference, which the SIMD kernel is tested against), the
/// regularizer's value and gradient, and the parameters after one Adam update.
public struct StepDump: Codable, Sendable {
    public struct Tensor: Codable, Sendable { public var name: String, kind: String, offset: Int, rows: Int, cols: Int }
    public var config: String
    public var inputSize: Int, outputSize: Int
    public var cells: [TrainingConfig.CellSize]
    public var postLayer: Bool
    public var bias: Bool
    /// Interpolated Ameo (F, L) on every cell neuron.
    public var factor: Float, leakyness: Float
    public var regularizer: SparseRegularizer
    public var learningRate: Float
    public var tensors: [Tensor]
    public var parameters: [Float]
    /// [sequence][step][input], ±1; targets likewise.
    public var inputs: [[[Float]]], targets: [[[Float]]]
    public var loss: Double
    public var regLoss: Double
    /// ∂(loss + regularizer)/∂parameters, as the trainer hands it to Adam.
    public var gradient: [Float]
    public var afterAdam: [Float]

    public init(_ c: Benchmark.Config, sequences: Int, seed: UInt64 = 1) throws {
        let tc = TrainingConfig(cells: c.cells)
        guard case .ameo(let f, let l) = tc.activation else {
            throw BonsaiError("dump-step: the benchmark activation is not Ameo")
        }
        let shape = Benchmark.shape(c)
        let net = try Network(shape: shape, seed: seed)
        var rng = Rng(seed: seed, stream: 21)
        var xs: [[[Float]]] = [], ys: [[[Float]]] = []
        for _ in 0..<sequences {
            let (x, y) = c.objective.sample(length: c.length, using: &rng)
            xs.append(x)
            ys.append(y)
        }
        let ref = ReferenceNetwork(net)
        let (loss, g) = ref.lossAndGradient(
            inputs: xs.map { $0.map { $0.map(Double.init) } }, targets: ys.map { $0.map { $0.map(Double.init) } })
        var grad = g.map(Float.init)
        var reg = 0.0
        net.parameters.withUnsafeBufferPointer { p in
            grad.withUnsafeMutableBufferPointer { gp in
                for t in net.layout.tensors where t.kind == .kernel {
                    reg += tc.regularizer.accumulate(
                        p.baseAddress! + t.offset, gp.baseAddress! + t.offset, count: t.count, lambdaScale: 1)
                }
            }
        }
        var adam = Adam(count: grad.count), after = net.parameters
        adam.update(&after, grad, learningRate: tc.learningRate)
        config = c.name
        inputSize = shape.inputSize
        outputSize = shape.outputSize
        cells = c.cells
        postLayer = shape.postLayer
        bias = tc.bias
        factor = f
        leakyness = l
        regularizer = tc.regularizer
        learningRate = tc.learningRate
        tensors = net.layout.tensors.map {
            Tensor(name: $0.name, kind: $0.kind.rawValue, offset: $0.offset, rows: $0.rows, cols: $0.cols)
        }
        parameters = net.parameters
        inputs = xs
        targets = ys
        self.loss = loss
        regLoss = reg
        gradient = grad
        afterAdam = after
    }
}
