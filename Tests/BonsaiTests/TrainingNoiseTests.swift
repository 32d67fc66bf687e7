import Testing

@testable import Bonsai

/// Training noise (`TrainingConfig.noise`): added to pre-activations in training batches only.
@Suite("training noise")
struct TrainingNoiseTests {
    /// Noise that is the same at every step and lane for a neuron is a bias shift, so the kernel's loss and
    /// gradient with it must equal the reference (finite-difference checked) of the shifted network.
    @Test("constant noise is a bias shift: kernel loss and gradient equal the shifted reference")
    func constantNoiseIsABiasShift() {
        let c = GradientTests.cases[4]  // interpolated Ameo, two cells, with biases
        let steps = 6
        let (net, xs, ys) = GradientTests.setup(c, steps: steps)
        let packed = PackedNetwork(net)
        let ws = TileWorkspace(shape: net.shape, steps: steps)
        for l in 0..<laneCount {
            for t in 0..<steps {
                for i in 0..<net.shape.inputSize { ws.inputs[t * net.shape.inputSize + i][l] = Float(xs[l][t][i]) }
                for m in 0..<net.shape.outputSize { ws.targets[t * net.shape.outputSize + m][l] = Float(ys[l][t][m]) }
            }
        }
        var shifted = net
        let row = ws.noiseOffsets.last!
        for k in 0..<packed.cellCount {
            let cell = packed.cells[k]
            for j in 0..<cell.cols {
                let delta = Float(j % 3) * 0.25 - 0.3
                for t in 0..<steps { ws.noise[t * row + ws.noiseOffsets[k] + j] = Lanes(repeating: delta) }
                let offset =
                    j < cell.outputSize ? cell.outputBiasOffset + j : cell.stateBiasOffset + j - cell.outputSize
                shifted.parameters[offset] += delta
            }
        }
        let n = Double(laneCount * steps * net.shape.outputSize)
        let (sq, _) = ws.forward(packed, steps: steps, lossScale: Float(2 / n), noisy: true)
        var lanes = [Lanes](repeating: Lanes(), count: net.layout.count)
        lanes.withUnsafeMutableBufferPointer { ws.backward(packed, steps: steps, grad: $0.baseAddress!) }
        let ref = ReferenceNetwork(shifted).lossAndGradient(inputs: xs, targets: ys)
        #expect(abs(sq / n - ref.loss) < 1e-5 * max(1, ref.loss))
        let scale = ref.gradient.map(abs).max()!
        for i in ref.gradient.indices {
            #expect(abs(Double(lanes[i].sum()) - ref.gradient[i]) < 1e-4 * scale, "parameter \(i)")
        }
    }

    @Test("noisy gradients are reproducible, independent of the thread count, and differ from noiseless ones")
    func reproducible() throws {
        let net = try Network(shape: TwoAgo().preset.shape(inputSize: 1, outputSize: 1), seed: 4)
        func gradient(threads: Int, noise: Float) -> [Float] {
            let runner = BatchRunner(objective: TwoAgo(), shape: net.shape, threads: threads, maxSteps: 20)
            var g = [Float](repeating: 0, count: net.parameters.count)
            _ = runner.lossAndGradient(net, seed: 9, step: 3, batch: 256, length: 20, noise: noise, gradient: &g)
            return g
        }
        let noisy = gradient(threads: 2, noise: 0.3)
        #expect(noisy == gradient(threads: 1, noise: 0.3))
        #expect(noisy != gradient(threads: 2, noise: 0))
        #expect(gradient(threads: 2, noise: 0) == gradient(threads: 1, noise: 0))
    }

    @Test("noise has the standard deviation asked for and mean zero")
    func noiseStatistics() throws {
        let net = try Network(shape: TwoAgo().preset.shape(inputSize: 1, outputSize: 1), seed: 4)
        let runner = BatchRunner(objective: TwoAgo(), shape: net.shape, threads: 1, maxSteps: 20)
        var g = [Float](repeating: 0, count: net.parameters.count)
        _ = runner.lossAndGradient(net, seed: 9, step: 0, batch: 16, length: 20, noise: 0.5, gradient: &g)
        let ws = runner.workspaces[0]
        let values = (0..<20 * ws.noiseOffsets.last!).flatMap { i in (0..<laneCount).map { Double(ws.noise[i][$0]) } }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        #expect(values.count > 1000)
        #expect(abs(mean) < 0.05)
        #expect(abs(sd - 0.5) < 0.05)
    }

    @Test("a noise setting that is not a number ≥ 0 is rejected, naming the option")
    func rejectsBadNoise() {
        var config = TwoAgo().preset
        config.noise = -1
        #expect { try config.validate() } throws: { ($0 as? BonsaiError)?.description.contains("--noise") == true }
        config.noise = 0.1
        config.noiseFrom = -3
        #expect { try config.validate() } throws: { ($0 as? BonsaiError)?.description.contains("--noise-from") == true }
    }
}
