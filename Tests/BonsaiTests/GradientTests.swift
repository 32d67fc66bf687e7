import Foundation
import Testing

@testable import Bonsai

/// The hand-written BPTT is checked twice: the scalar Double reference against central finite
/// differences, and the SIMD kernel against the reference, for every parameter tensor.
@Suite("Gradients")
struct GradientTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let activation: Activation
        let cells: [(Int, Int)]
        let bias: Bool
        let post: Bool?
        var quantized = false
        var testDescription: String {
            "\(activation.name) cells \(cells) bias \(bias) post \(String(describing: post))"
                + (quantized ? " quantized states" : "")
        }
    }

    static let cases: [Case] =
        ActivationTests.all.map { Case(activation: $0, cells: [(3, 2), (4, 3)], bias: true, post: nil) }
        + [
            Case(activation: .interpolatedAmeo, cells: [(2, 3)], bias: false, post: false),
            Case(activation: .interpolatedAmeo, cells: [(5, 1), (2, 2), (3, 2)], bias: true, post: true),
        ]
    /// Quantized states (a sign with a straight-through gradient) have no finite-difference gradient; the
    /// kernel is checked against the reference's straight-through gradient.
    static let quantizedCases: [Case] = [
        Case(activation: .hardAmeo, cells: [(3, 2), (4, 3)], bias: true, post: nil, quantized: true),
        Case(activation: .interpolatedAmeo, cells: [(5, 4)], bias: true, post: true, quantized: true),
    ]

    static func setup(
        _ c: Case, inputs din: Int = 2, outputs dout: Int = 2, steps: Int = 6
    )
        -> (Network, [[[Double]]], [[[Double]]])
    {
        let shape = NetworkShape(
            inputSize: din,
            cells: c.cells.map {
                CellShape(
                    outputSize: $0.0, stateSize: $0.1, outputActivation: c.activation,
                    stateActivation: c.activation, bias: c.bias, quantizedStates: c.quantized)
            },
            outputSize: c.post == false ? c.cells.last!.0 : dout, postLayer: c.post)
        var net = try! Network(shape: shape, seed: 3)
        // Larger weights than the init so every piece of the activation is exercised, but not so large that
        // the recurrence turns chaotic (then Float rounding, and finite differences across the Ameo's
        // knots, would grow exponentially with the number of steps).
        var rng = Rng(seed: 11)
        for i in net.parameters.indices { net.parameters[i] = Float(rng.normal() * 0.7) }
        var xs: [[[Double]]] = [], ys: [[[Double]]] = []
        for _ in 0..<laneCount {
            xs.append((0..<steps).map { _ in (0..<din).map { _ in rng.bernoulli(0.5) ? 1 : -1 } })
            ys.append((0..<steps).map { _ in (0..<shape.outputSize).map { _ in rng.bernoulli(0.5) ? 1 : -1 } })
        }
        return (net, xs, ys)
    }

    @Test("reference BPTT matches central finite differences", arguments: cases)
    func referenceVsFiniteDifferences(_ c: Case) {
        let (net, xs, ys) = Self.setup(c)
        var ref = ReferenceNetwork(net)
        let g = ref.lossAndGradient(inputs: xs, targets: ys).gradient
        let h = 1e-6
        for t in net.layout.tensors {
            for i in t.offset..<t.offset + t.count {
                let p0 = ref.p[i]
                ref.p[i] = p0 + h
                let lp = ref.lossAndGradient(inputs: xs, targets: ys).loss
                ref.p[i] = p0 - h
                let lm = ref.lossAndGradient(inputs: xs, targets: ys).loss
                ref.p[i] = p0
                let fd = (lp - lm) / (2 * h)
                #expect(
                    abs(fd - g[i]) < 1e-6 + 1e-4 * abs(fd), "\(t.name)[\(i - t.offset)]: fd \(fd), analytic \(g[i])")
            }
        }
    }

    @Test("SIMD kernel gradient equals the reference gradient", arguments: cases + quantizedCases)
    func kernelVsReference(_ c: Case) {
        let steps = 6
        let (net, xs, ys) = Self.setup(c, steps: steps)
        let shape = net.shape
        let ref = ReferenceNetwork(net).lossAndGradient(inputs: xs, targets: ys)
        let ws = TileWorkspace(shape: shape, steps: steps)
        for l in 0..<laneCount {
            for t in 0..<steps {
                for i in 0..<shape.inputSize { ws.inputs[t * shape.inputSize + i][l] = Float(xs[l][t][i]) }
                for m in 0..<shape.outputSize { ws.targets[t * shape.outputSize + m][l] = Float(ys[l][t][m]) }
            }
        }
        let n = Double(laneCount * steps * shape.outputSize)
        let packed = PackedNetwork(net)
        let (sq, _) = ws.forward(packed, steps: steps, lossScale: Float(2 / n))
        var lanes = [Lanes](repeating: Lanes(), count: net.layout.count)
        lanes.withUnsafeMutableBufferPointer { ws.backward(packed, steps: steps, grad: $0.baseAddress!) }
        let grad = lanes.map { $0.sum() }
        #expect(abs(sq / n - ref.loss) < 1e-5 * max(1, ref.loss))
        let scale = ref.gradient.map(abs).max()!
        for t in net.layout.tensors {
            for i in t.offset..<t.offset + t.count {
                #expect(
                    abs(Double(grad[i]) - ref.gradient[i]) < 1e-4 * scale,
                    "\(t.name)[\(i - t.offset)]: kernel \(grad[i]), reference \(ref.gradient[i])")
            }
        }
    }

    @Test("kernel forward pass equals the reference outputs")
    func forwardMatches() {
        let c = Self.cases[4]
        let (net, xs, _) = Self.setup(c, steps: 9)
        let ws = TileWorkspace(shape: net.shape, steps: 9)
        for l in 0..<laneCount { for t in 0..<9 { for i in 0..<2 { ws.inputs[t * 2 + i][l] = Float(xs[l][t][i]) } } }
        _ = ws.forward(PackedNetwork(net), steps: 9, lossScale: nil)
        let ref = ReferenceNetwork(net)
        for l in 0..<laneCount {
            let ys = ref.forward(xs[l])
            for t in 0..<9 { for m in 0..<2 { #expect(abs(Double(ws.y[t * 2 + m][l]) - ys[t][m]) < 1e-4) } }
        }
    }

    @Test(
        "regularizer gradient matches finite differences (mean and sum)",
        arguments: SparseRegularizer.Normalization.allCases)
    func regularizer(_ norm: SparseRegularizer.Normalization) {
        let r = SparseRegularizer(lambda: 0.1, threshold: 0.025, steepness: 25, l1: 0.001, normalization: norm)
        // Points at least 2h from 0, where |w| has its kink.
        var w: [Float] = [0.3, -0.02, 0.01, -1.5, 0.05, 0.0031, -0.2]
        var g = [Float](repeating: 0, count: w.count)
        let p = w.withUnsafeBufferPointer { wp in
            g.withUnsafeMutableBufferPointer {
                r.accumulate(wp.baseAddress!, $0.baseAddress!, count: w.count, lambdaScale: 1)
            }
        }
        // P at w = 0 is 0; mean vs sum differ by N.
        let h: Float = 1e-3  // Float weights: a larger step keeps rounding out of the quotient
        for i in w.indices {
            let w0 = w[i]
            var dummy = [Float](repeating: 0, count: w.count)
            w[i] = w0 + h
            let lp = w.withUnsafeBufferPointer { wp in
                dummy.withUnsafeMutableBufferPointer {
                    r.accumulate(wp.baseAddress!, $0.baseAddress!, count: w.count, lambdaScale: 1)
                }
            }
            w[i] = w0 - h
            let lm = w.withUnsafeBufferPointer { wp in
                dummy.withUnsafeMutableBufferPointer {
                    r.accumulate(wp.baseAddress!, $0.baseAddress!, count: w.count, lambdaScale: 1)
                }
            }
            w[i] = w0
            let fd = (lp - lm) / Double(2 * h)
            #expect(abs(fd - Double(g[i])) < 2e-3 * max(abs(fd), 1e-3), "w=\(w0): fd \(fd), analytic \(g[i])")
        }
        let (lam, t, l1) = (Double(Float(0.1)), Double(Float(0.025)), Double(Float(0.001)))
        let expected = w.map { x -> Double in
            let a = Double(abs(x))
            return lam * (tanh(25 * (a - t)) - tanh(-25 * t)) + l1 * a
        }.reduce(0, +)
        #expect(abs(p - (norm == .mean ? expected / Double(w.count) : expected)) < 1e-9)
    }
}
