import Dispatch

/// Eight sequences side by side, one per SIMD lane.
public typealias FloatLanes = SIMD8<Float>

/// A graph specialised for throughput: Float32, the graph flattened into arrays (edges as slot indices and
/// weights, activations pre-decoded), and eight sequences evaluated at once, one per SIMD lane.
///
/// Same step as `GraphEvaluator` (which stays the reference): inputs ±1, neurons in order, then every state
/// commits at once. Values agree with it to Float rounding (≈1e-6 relative), so output signs agree except
/// for outputs within rounding of 0.
public final class FloatEvaluator: @unchecked Sendable {
    public static let lanes = FloatLanes.scalarCount

    /// How a neuron's activation is evaluated on lanes.
    enum Kind {
        /// F·hard + (1−F)·soft Ameo; `hardLeak` is L for training's Ameo and 0 for the viewer's variant.
        case ameo(factor: Float, leak: Float, hardLeak: Float)
        case linear, relu
        /// Anything else (tanh, sigmoid): lane by lane through the Double definition.
        case scalar(Activation)

        init(_ a: Activation) {
            switch a {
            case .ameo(let f, let l): self = .ameo(factor: f, leak: l, hardLeak: l)
            case .graphTSAmeo(let f, let l): self = .ameo(factor: f, leak: l, hardLeak: 0)
            case .linear: self = .linear
            case .relu: self = .relu
            case .tanh, .sigmoid: self = .scalar(a)
            }
        }
    }

    public let graph: Graph
    let inputCount: Int, stateCount: Int, neuronCount: Int, outputCount: Int
    /// Edges of neuron k: starts[k]..<starts[k+1], slots in [inputs | states | neurons].
    let starts: [Int], sources: [Int], weights: [Float], biases: [Float], kinds: [Kind]
    let outputSlots: [Int], nextSlots: [Int], initial: [Float]
    var slotCount: Int { inputCount + stateCount + neuronCount }

    public init(_ graph: Graph) {
        self.graph = graph
        inputCount = graph.inputs.count
        stateCount = graph.states.count
        neuronCount = graph.neurons.count
        outputCount = graph.outputs.count
        var starts = [0], sources: [Int] = [], weights: [Float] = []
        for n in graph.neurons {
            for e in n.edges {
                sources.append(graph.slot(e.from))
                weights.append(Float(e.weight))
            }
            starts.append(sources.count)
        }
        self.starts = starts
        self.sources = sources
        self.weights = weights
        biases = graph.neurons.map { Float($0.bias) }
        kinds = graph.neurons.map { Kind($0.activation) }
        outputSlots = graph.outputs.map { graph.slot($0.from) }
        nextSlots = graph.states.map { graph.slot($0.next) }
        initial = graph.states.map { Float($0.initial) }
    }

    // MARK: Activations on lanes

    @inline(__always) static func hard(_ u: FloatLanes, _ l: Float) -> FloatLanes {
        var r = 1 + l * (u - 1)
        r.replace(with: u, where: u .<= 1)
        r.replace(with: -u, where: u .<= 0)
        r.replace(with: u + 2, where: u .<= -1)
        r.replace(with: l * (u + 2), where: u .<= -2)
        return r
    }

    @inline(__always) static func soft(_ u: FloatLanes, _ l: Float) -> FloatLanes {
        @inline(__always) func p4(_ v: FloatLanes) -> FloatLanes {
            let s = v * v
            return 8 * s * s
        }
        var r = 1 + l * (u - 1)
        r.replace(with: 1 - p4(u - 1), where: u .< 1)
        r.replace(with: p4(u), where: u .<= 0.5)
        r.replace(with: 1 - p4(u + 1), where: u .<= -0.5)
        r.replace(with: p4(u + 2), where: u .<= -1.5)
        r.replace(with: l * (u + 2), where: u .<= -2)
        return r
    }

    @inline(__always) static func activate(_ kind: Kind, _ z: FloatLanes) -> FloatLanes {
        switch kind {
        case .ameo(let f, let l, let hl):
            let u = z * 0.5 - 0.5
            let h: FloatLanes
            if f == 1 {
                h = hard(u, hl)
            } else if f == 0 {
                h = soft(u, l)
            } else {
                h = f * hard(u, hl) + (1 - f) * soft(u, l)
            }
            return 2 * h - 1
        case .linear: return z
        case .relu: return z.replacing(with: 0, where: z .< 0)
        case .scalar(let a):
            var r = FloatLanes()
            for i in 0..<FloatLanes.scalarCount { r[i] = Float(a.value(Double(z[i]))) }
            return r
        }
    }

    // MARK: Blocks of eight sequences

    /// Scratch space of one thread.
    final class Workspace {
        let values: UnsafeMutablePointer<FloatLanes>
        let next: UnsafeMutablePointer<FloatLanes>
        init(_ e: FloatEvaluator) {
            values = .allocate(capacity: max(1, e.slotCount))
            next = .allocate(capacity: max(1, e.stateCount))
        }
        deinit {
            values.deallocate()
            next.deallocate()
        }
    }

    /// Eight sequences from the initial state for `length` steps. `symbols[t * 8 + lane]` is the input
    /// symbol of a lane at step t; output j at step t is written to `outputs[(t * outputs + j) * 8 + lane]`.
    func runBlock(length: Int, symbols: UnsafePointer<Int32>, outputs: UnsafeMutablePointer<Float>, _ ws: Workspace) {
        let ni = inputCount, ns = stateCount, nn = neuronCount, no = outputCount
        let values = ws.values, next = ws.next
        for j in 0..<ns { values[ni + j] = FloatLanes(repeating: initial[j]) }
        starts.withUnsafeBufferPointer { starts in
            sources.withUnsafeBufferPointer { sources in
                weights.withUnsafeBufferPointer { weights in
                    for t in 0..<length {
                        let x = UnsafeRawPointer(symbols + t * FloatLanes.scalarCount).loadUnaligned(
                            as: SIMD8<UInt32>.self)
                        for i in 0..<ni {
                            // ±1 by bits (1.0 with the sign bit set when input i is false): an integer mask compare
                            // would be scalarised lane by lane.
                            let sign = ((~x &>> UInt32(i)) & 1) &<< 31
                            values[i] = unsafeBitCast(sign | 0x3F80_0000, to: FloatLanes.self)
                        }
                        for k in 0..<nn {
                            var z = FloatLanes(repeating: biases[k])
                            for e in starts[k]..<starts[k + 1] { z += weights[e] * values[sources[e]] }
                            values[ni + ns + k] = Self.activate(kinds[k], z)
                        }
                        let out = UnsafeMutableRawPointer(outputs + t * no * FloatLanes.scalarCount)
                        for j in 0..<no {
                            out.storeBytes(
                                of: values[outputSlots[j]], toByteOffset: j * MemoryLayout<FloatLanes>.stride,
                                as: FloatLanes.self)
                        }
                        for j in 0..<ns { next[j] = values[nextSlots[j]] }
                        for j in 0..<ns { values[ni + j] = next[j] }
                    }
                }
            }
        }
    }

    /// Output values of every sequence at every step: [sequence][step][output]. Sequences may differ in
    /// length; blocks of eight are dealt to `threads` threads.
    public func run(_ sequences: [[Int]], threads: Int = 1) -> [[[Float]]] {
        let blocks = (sequences.count + FloatLanes.scalarCount - 1) / FloatLanes.scalarCount
        let no = outputCount
        var results = [[[Float]]](repeating: [], count: blocks)
        results.withUnsafeMutableBufferPointer { rp in
            let rp = UncheckedSendable(rp)
            Self.parallel(blocks, threads: threads, workspace: { Workspace(self) }) { ws, b in
                let lanes = b * 8..<min(sequences.count, b * 8 + 8)
                let length = sequences[lanes].map(\.count).max() ?? 0
                var symbols = [Int32](repeating: 0, count: length * 8)
                for (l, s) in lanes.enumerated() {
                    for (t, x) in sequences[s].enumerated() { symbols[t * 8 + l] = Int32(x) }
                }
                var outs = [Float](repeating: 0, count: length * no * 8)
                symbols.withUnsafeBufferPointer { sp in
                    outs.withUnsafeMutableBufferPointer { op in
                        self.runBlock(length: length, symbols: sp.baseAddress!, outputs: op.baseAddress!, ws)
                    }
                }
                // Flattened per block: lane-major [lane][step][output].
                var block: [[Float]] = []
                for (l, s) in lanes.enumerated() {
                    for t in 0..<sequences[s].count { block.append((0..<no).map { outs[(t * no + $0) * 8 + l] }) }
                }
                rp.value[b] = block
            }
        }
        var out: [[[Float]]] = []
        for (b, block) in results.enumerated() {
            var offset = 0
            for s in b * 8..<min(sequences.count, b * 8 + 8) {
                out.append(Array(block[offset..<offset + sequences[s].count]))
                offset += sequences[s].count
            }
        }
        return out
    }

    /// Output symbols (bit j set = output j positive) of every sequence at every step.
    public func outputSymbols(_ sequences: [[Int]], threads: Int = 1) -> [[Int]] {
        run(sequences, threads: threads).map { steps in
            steps.map { y in y.enumerated().reduce(0) { $0 | ($1.element > 0 ? 1 << $1.offset : 0) } }
        }
    }

    /// `work(workspace, item)` for items 0..<count, dealt round-robin to threads, one workspace each.
    static func parallel<W>(
        _ count: Int, threads: Int, workspace: @Sendable () -> W, _ work: @Sendable (W, Int) -> Void
    ) {
        let threads = max(1, min(threads, count))
        if threads == 1 {
            let ws = workspace()
            for i in 0..<count { work(ws, i) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: threads) { th in
            let ws = workspace()
            var i = th
            while i < count {
                work(ws, i)
                i += threads
            }
        }
    }
}
