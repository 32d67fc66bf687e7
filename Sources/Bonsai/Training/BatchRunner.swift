import Dispatch

/// Runs the tile kernel over a whole batch on several threads.
///
/// The batch is cut into a fixed number of chunks of consecutive tiles (never depending on the thread
/// count). Chunks are dealt to threads round-robin; each sums its tiles' gradients in order, and the
/// chunk partials are summed in chunk order. So the result is bit-identical for a given seed whatever the
/// thread count, and a resumed run repeats an uninterrupted one exactly.
///
/// Every tile draws its sequences from its own random stream (seed, purpose, step, tile): no generator
/// state needs saving, and data generation runs in parallel with the math.
final class BatchRunner: @unchecked Sendable {
    let objective: any Objective
    let shape: NetworkShape
    let layout: ParameterLayout
    let threads: Int
    let workspaces: [TileWorkspace]
    /// Per thread: one lane-vector accumulator per parameter.
    private let accumulators: [UnsafeMutablePointer<Lanes>]
    /// Per chunk: its gradient, summed over lanes.
    private let partials: UnsafeMutablePointer<Float>
    static let chunks = 16
    /// When set, a batch stops between tiles once Ctrl-C is requested (`Interrupt`), so a huge network
    /// stops within a tile, not a whole step (35 s at 10⁵ parameters). The aborted batch's gradient is
    /// incomplete: `lastBatchAborted` tells the caller to discard it. One relaxed atomic load per tile.
    var abortsOnInterrupt = false
    private(set) var lastBatchAborted = false
    /// Sequences every batch trains on and every validation checks (`TrainingProgress.replay`), each at
    /// most `steps` long.
    var replay: [[Int]] = []
    /// Time steps a workspace holds: the longest sequence a tile can run.
    let steps: Int
    /// Whether some tiles repeat short input patterns (`TrainingConfig.periodicPatterns`).
    var periodicPatterns = false

    init(objective: any Objective, shape: NetworkShape, threads: Int, maxSteps: Int) {
        self.objective = objective
        self.shape = shape
        layout = ParameterLayout(shape)
        self.threads = max(1, threads)
        steps = maxSteps
        workspaces = (0..<self.threads).map { _ in TileWorkspace(shape: shape, steps: maxSteps) }
        let count = layout.count
        accumulators = (0..<self.threads).map { _ in .allocate(capacity: count) }
        partials = .allocate(capacity: Self.chunks * count)
    }

    deinit {
        accumulators.forEach { $0.deallocate() }
        partials.deallocate()
    }

    /// Random stream purposes.
    enum Stream: UInt64 {
        case training = 3
        case validation = 4
        case replay = 5
    }

    /// Every `patternEvery`-th tile of a batch or validation repeats short patterns
    /// (`periodicPatterns`, `Objective.generatePeriodic`).
    static let patternEvery = 8

    private func fill(
        _ ws: TileWorkspace, seed: UInt64, stream: Stream, step: Int, tile: Int, length: Int, noise: Float = 0
    ) {
        var rng = Rng(seed: seed, stream: stream.rawValue, UInt64(step), UInt64(tile))
        let periodic = periodicPatterns && tile % Self.patternEvery == Self.patternEvery - 1
        ws.inputs.withMemoryRebound(to: Float.self, capacity: length * shape.inputSize * laneCount) { x in
            ws.targets.withMemoryRebound(to: Float.self, capacity: length * shape.outputSize * laneCount) { y in
                if periodic {
                    objective.generatePeriodic(length: length, lanes: laneCount, using: &rng, inputs: x, targets: y)
                } else {
                    objective.generate(length: length, lanes: laneCount, using: &rng, inputs: x, targets: y)
                }
            }
        }
        if noise > 0 { fillNoise(ws, length: length, sigma: noise, using: &rng) }
    }

    /// Triangular noise (the sum of two uniforms) with standard deviation `sigma`: as good as Gaussian for
    /// making the network robust, and two values per random draw instead of a log and a cosine each.
    private func fillNoise(_ ws: TileWorkspace, length: Int, sigma: Float, using rng: inout Rng) {
        let count = length * ws.noiseOffsets.last! * laneCount
        let scale = sigma * Float(6).squareRoot() / 65535
        ws.noise.withMemoryRebound(to: Float.self, capacity: count) { n in
            var i = 0
            while i < count {
                let r = rng.next()
                let a = Float(r & 0xFFFF) + Float((r >> 16) & 0xFFFF) - 65535
                let b = Float((r >> 32) & 0xFFFF) + Float(r >> 48) - 65535
                n[i] = a * scale
                if i + 1 < count { n[i + 1] = b * scale }
                i += 2
            }
        }
    }

    /// `work(thread, tile)` for every tile, tiles dealt round-robin to the threads.
    private func parallelTiles(_ tiles: Int, _ work: @Sendable (Int, Int) -> Void) {
        if threads == 1 {
            for tile in 0..<tiles { work(0, tile) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: threads) { th in
            var tile = th
            while tile < tiles {
                work(th, tile)
                tile += threads
            }
        }
    }

    /// Tiles of a training batch given to the replayed sequences: a sixteenth of the batch (at least one
    /// tile) while there are any. Enough to fix them within a few hundred steps, little enough that the
    /// random sequences still set the network's course.
    func replayTiles(of tiles: Int) -> Int { replay.isEmpty ? 0 : max(1, tiles / 16) }

    /// Fills a replay tile: lane l starts with `picks[l]` and goes on with fresh random inputs to the
    /// tile's length, the longer of `length` and its longest sequence (at most `steps`). Returns that length.
    private func fillReplay(_ ws: TileWorkspace, _ picks: [[Int]], length: Int, using rng: inout Rng) -> Int {
        let T = min(steps, max(length, picks.map(\.count).max()!))
        ws.inputs.withMemoryRebound(to: Float.self, capacity: T * shape.inputSize * laneCount) { x in
            ws.targets.withMemoryRebound(to: Float.self, capacity: T * shape.outputSize * laneCount) { y in
                for (lane, prefix) in picks.enumerated() {
                    Self.write(objective, prefix: prefix, lane: lane, length: T, using: &rng, inputs: x, targets: y)
                }
            }
        }
        return T
    }

    /// One lane: the inputs of `prefix`, then the objective's own random inputs.
    private static func write<O: Objective>(
        _ o: O, prefix: [Int], lane: Int, length: Int, using rng: inout Rng,
        inputs: UnsafeMutablePointer<Float>, targets: UnsafeMutablePointer<Float>
    ) {
        o.writeLane(lane, of: laneCount, length: length, using: &rng, inputs: inputs, targets: targets) { s, t, rng in
            t < prefix.count ? prefix[t] : o.sampleInput(in: s, using: &rng)
        }
    }

    /// One training batch: fresh sequences, forward, backward. Writes the mean-squared-error gradient to
    /// `gradient` and returns the MSE and the number of sign errors in the batch. `noise` > 0 adds noise of
    /// that standard deviation to every cell neuron's pre-activation (`TrainingConfig.noise`).
    func lossAndGradient(
        _ network: Network, seed: UInt64, step: Int, batch: Int, length: Int, noise: Float = 0,
        gradient: inout [Float]
    ) -> (loss: Double, errors: Int) {
        let tiles = batch / laneCount, count = layout.count
        let chunks = min(Self.chunks, tiles)
        let packed = PackedNetwork(network)
        let n = Double(batch * length * shape.outputSize)
        let scale = Float(2 / n)
        var sq = [Double](repeating: 0, count: tiles), wrong = [Int](repeating: 0, count: tiles)
        let partials = UncheckedSendable(self.partials), accumulators = UncheckedSendable(self.accumulators)
        let abortable = abortsOnInterrupt
        let firstReplay = tiles - replayTiles(of: tiles)
        sq.withUnsafeMutableBufferPointer { sqp in
            wrong.withUnsafeMutableBufferPointer { wp in
                let sqp = UncheckedSendable(sqp), wp = UncheckedSendable(wp)
                parallelTiles(chunks) { th, chunk in
                    let ws = self.workspaces[th], acc = accumulators.value[th]
                    acc.update(repeating: Lanes(), count: count)
                    for tile in chunk * tiles / chunks..<(chunk + 1) * tiles / chunks {
                        if abortable && Interrupt.isRequested { break }
                        var T = length
                        if tile >= firstReplay {
                            var rng = Rng(seed: seed, stream: Stream.replay.rawValue, UInt64(step), UInt64(tile))
                            let picks = (0..<laneCount).map { _ in
                                self.replay[Int(rng.next() % UInt64(self.replay.count))]
                            }
                            T = self.fillReplay(ws, picks, length: length, using: &rng)
                            if noise > 0 { self.fillNoise(ws, length: T, sigma: noise, using: &rng) }
                        } else {
                            self.fill(
                                ws, seed: seed, stream: .training, step: step, tile: tile, length: length, noise: noise)
                        }
                        let r = ws.forward(packed, steps: T, lossScale: scale, noisy: noise > 0)
                        ws.backward(packed, steps: T, grad: acc)
                        sqp.value[tile] = r.squaredError
                        wp.value[tile] = r.errors
                    }
                    let out = partials.value + chunk * count
                    for p in 0..<count { out[p] = acc[p].sum() }
                }
            }
        }
        // The request is never withdrawn: if any tile stopped early, this sees it.
        lastBatchAborted = abortable && Interrupt.isRequested
        // Fixed-order reduction over chunks.
        for p in 0..<count {
            var g: Float = 0
            for chunk in 0..<chunks { g += partials.value[chunk * count + p] }
            gradient[p] = g
        }
        return (sq.reduce(0, +) / n, wrong.reduce(0, +))
    }

    /// Sign errors of the network on `sequences` fresh sequences (rounded up to whole tiles) of `length`
    /// steps, and the number of outputs checked. Forward only.
    func validate(
        _ network: Network, seed: UInt64, key: Int, sequences: Int, length: Int
    ) -> (errors: Int, outputs: Int) {
        let tiles = (sequences + laneCount - 1) / laneCount
        let packed = PackedNetwork(network)
        var wrong = [Int](repeating: 0, count: tiles)
        wrong.withUnsafeMutableBufferPointer { wp in
            let wp = UncheckedSendable(wp)
            parallelTiles(tiles) { th, tile in
                let ws = self.workspaces[th]
                self.fill(ws, seed: seed, stream: .validation, step: key, tile: tile, length: length)
                wp.value[tile] = ws.forward(packed, steps: length, lossScale: nil).errors
            }
        }
        return (wrong.reduce(0, +), tiles * laneCount * length * shape.outputSize)
    }

    /// Sign errors of the network on every replayed sequence (each continued with fixed random inputs to
    /// the tile's length: the network must be right there too), and the number of outputs checked. A
    /// validation passes only when these are right as well.
    func validateReplay(_ network: Network) -> (errors: Int, outputs: Int) {
        guard !replay.isEmpty else { return (0, 0) }
        let packed = PackedNetwork(network)
        var rng = Rng(seed: 0, stream: Stream.replay.rawValue)
        var errors = 0, outputs = 0
        for first in stride(from: 0, to: replay.count, by: laneCount) {
            let picks = (0..<laneCount).map { replay[first + $0 < replay.count ? first + $0 : first] }
            let T = fillReplay(workspaces[0], picks, length: 1, using: &rng)
            errors += workspaces[0].forward(packed, steps: T, lossScale: nil).errors
            outputs += laneCount * T * shape.outputSize
        }
        return (errors, outputs)
    }
}

/// Hands a pointer into a concurrent loop whose iterations write disjoint parts of it.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
