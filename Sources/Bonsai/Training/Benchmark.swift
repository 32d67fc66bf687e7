import Foundation

/// `bonsai bench`: the speed of one training step (forward + BPTT + gradient reduction) on standard
/// configurations, measured side by side in one run against baselines: the same kernel on one thread,
/// and the scalar reference implementation.
public enum Benchmark {
    public struct Config: Sendable {
        public let name: String
        public let objective: any Objective
        public let cells: [TrainingConfig.CellSize]
        public let batch: Int
        public let length: Int
    }

    /// small: 1 cell (4, 2) + post 4→1, batch 1024, length 20.
    /// fsm: 2 cells (16, 10) + post 16→1 on the 3-input switcher, batch 4096, length 40 (≈1.01 GFLOP).
    public static let standard: [Config] = [
        Config(name: "small", objective: TwoAgo(), cells: [.init(output: 4, state: 2)], batch: 1024, length: 20),
        Config(
            name: "fsm", objective: LogicGateSwitcher(),
            cells: [.init(output: 16, state: 10), .init(output: 16, state: 10)],
            batch: 4096, length: 40),
    ]

    public struct Result: Sendable {
        public let config: String
        public let threads: Int
        public let msPerStep: Double
        public let gflops: Double
    }

    static func shape(_ c: Config) -> NetworkShape {
        TrainingConfig(cells: c.cells).shape(inputSize: c.objective.inputCount, outputSize: c.objective.outputCount)
    }

    /// Floating-point operations of one training step: forward 2 flops per multiply-add, backward twice
    /// that (input gradients and weight gradients).
    public static func flopsPerStep(_ c: Config) -> Double {
        let s = shape(c)
        var macs = 0
        for k in s.cells.indices {
            macs += (s.cellInputSize(k) + s.cells[k].stateSize) * (s.cells[k].outputSize + s.cells[k].stateSize)
        }
        if s.postLayer { macs += s.cells.last!.outputSize * s.outputSize }
        return Double(macs) * 6 * Double(c.batch * c.length)
    }

    /// Median milliseconds per training step over `steps` steps after a warm-up.
    public static func measure(_ c: Config, threads: Int, steps: Int) throws -> Result {
        let s = shape(c)
        let net = try Network(shape: s, seed: 1)
        let runner = BatchRunner(objective: c.objective, shape: s, threads: threads, maxSteps: c.length)
        var grad = [Float](repeating: 0, count: net.parameters.count)
        _ = runner.lossAndGradient(net, seed: 1, step: 0, batch: c.batch, length: c.length, gradient: &grad)
        var times: [Double] = []
        for i in 0..<steps {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = runner.lossAndGradient(net, seed: 1, step: i + 1, batch: c.batch, length: c.length, gradient: &grad)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        }
        let ms = times.sorted()[times.count / 2]
        return Result(config: c.name, threads: threads, msPerStep: ms, gflops: flopsPerStep(c) / ms / 1e6)
    }

    /// The scalar reference (Double, one thread) on `sequences` sequences, scaled to the whole batch.
    public static func measureReference(_ c: Config, sequences: Int) throws -> Result {
        let s = shape(c)
        let ref = ReferenceNetwork(try Network(shape: s, seed: 1))
        var rng = Rng(seed: 5)
        var xs: [[[Double]]] = [], ys: [[[Double]]] = []
        for _ in 0..<sequences {
            let (x, y) = c.objective.sample(length: c.length, using: &rng)
            xs.append(x.map { $0.map(Double.init) })
            ys.append(y.map { $0.map(Double.init) })
        }
        let t0 = DispatchTime.now().uptimeNanoseconds
        _ = ref.lossAndGradient(inputs: xs, targets: ys)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6 * Double(c.batch) / Double(sequences)
        return Result(config: c.name, threads: 1, msPerStep: ms, gflops: flopsPerStep(c) / ms / 1e6)
    }
}
