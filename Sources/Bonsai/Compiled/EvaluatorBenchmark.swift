import Dispatch

/// `bonsai bench --eval GRAPH`: throughput of the graph evaluators on random input sequences, with the
/// Double simulator (`GraphEvaluator`, one thread) as the in-run baseline.
///
/// Throughput counts sequence-steps (one sequence advanced by one timestep) per second; node evaluations
/// are sequence-steps × neurons. Each thread evaluates its own pre-generated random block inputs (symbols
/// for the float evaluator, bit-packed words for the bit-parallel one) over and over; generating and
/// packing inputs is not timed, writing the outputs is.
public enum EvaluatorBenchmark {
    public struct Result: Sendable {
        public let evaluator: String
        public let threads: Int
        public let sequenceStepsPerSecond: Double
        public let nodeEvaluationsPerSecond: Double
    }

    static func seconds(_ body: () -> Void) -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    /// Median over `repeats` of a timed run of `sequenceSteps` sequence-steps.
    static func result(
        _ name: String, _ graph: Graph, threads: Int, sequenceSteps: Double, repeats: Int, _ body: () -> Void
    ) -> Result {
        body()  // warm-up
        let times = (0..<repeats).map { _ in seconds(body) }.sorted()
        let rate = sequenceSteps / times[times.count / 2]
        return Result(
            evaluator: name, threads: threads, sequenceStepsPerSecond: rate,
            nodeEvaluationsPerSecond: rate * Double(graph.neurons.count))
    }

    /// The Double simulator on one thread: `sequences` sequences of `length` steps.
    public static func measureDouble(_ graph: Graph, sequences: Int = 64, length: Int = 256, repeats: Int = 5) -> Result
    {
        let ev = GraphEvaluator(graph)
        var rng = Rng(seed: 11)
        let ni = graph.inputs.count
        let inputs = (0..<sequences * length).map { _ in Int(rng.next() % UInt64(1 << ni)) }
        return result(
            "double (GraphEvaluator)", graph, threads: 1, sequenceSteps: Double(sequences * length), repeats: repeats
        ) {
            var values = [Double](repeating: 0, count: ev.valueCount)
            for s in 0..<sequences {
                var state = ev.initialState
                for t in 0..<length {
                    let (_, next) = ev.step(state: state, inputBits: inputs[s * length + t], values: &values)
                    state = next
                }
            }
        }
    }

    /// The Float32 lane evaluator: `blocks` blocks of 8 sequences of `length` steps over `threads` threads.
    public static func measureFloat(
        _ graph: Graph, threads: Int, blocks: Int = 2048, length: Int = 256, repeats: Int = 5
    ) -> Result {
        let e = FloatEvaluator(graph)
        let lanes = FloatEvaluator.lanes, no = graph.outputs.count, ni = graph.inputs.count
        let perThread = (0..<threads).map { th -> ([Int32], UnsafeMutablePointer<Float>) in
            var rng = Rng(seed: 12, stream: UInt64(th))
            let symbols = (0..<length * lanes).map { _ in Int32(rng.next() % UInt64(1 << ni)) }
            return (symbols, .allocate(capacity: max(1, length * no * lanes)))
        }
        defer { perThread.forEach { $0.1.deallocate() } }
        let buffers = UncheckedSendable(perThread)
        return result(
            "float32 x\(lanes) lanes", graph, threads: threads, sequenceSteps: Double(blocks * lanes * length),
            repeats: repeats
        ) {
            DispatchQueue.concurrentPerform(iterations: threads) { th in
                let ws = FloatEvaluator.Workspace(e)
                let (symbols, out) = buffers.value[th]
                symbols.withUnsafeBufferPointer { sp in
                    var b = th
                    while b < blocks {
                        e.runBlock(length: length, symbols: sp.baseAddress!, outputs: out, ws)
                        b += threads
                    }
                }
            }
        }
    }

    /// The bit-parallel evaluator: `blocks` blocks of `BitParallelEvaluator.sequencesPerBlock` sequences.
    /// Its thread loop repeats measureFloat's on purpose: a shared generic helper taking the block runner
    /// as a closure halved the measured rate on the 2-instruction two-ago program (5e10 → 3e10
    /// sequence-steps/s on 1 thread), because the tiny block call was no longer inlined.
    public static func measureBits(
        _ graph: Graph, _ program: BitProgram, threads: Int, blocks: Int = 256, length: Int = 256, repeats: Int = 5
    ) -> Result {
        let e = BitParallelEvaluator(program)
        let W = BitParallelEvaluator.wordsPerBlock, ni = program.inputCount, no = program.outputCount
        let perThread = (0..<threads).map { th -> ([UInt64], UnsafeMutablePointer<UInt64>) in
            var rng = Rng(seed: 13, stream: UInt64(th))
            let words = (0..<max(1, length * ni * W)).map { _ in rng.next() }
            return (words, .allocate(capacity: max(1, length * no * W)))
        }
        defer { perThread.forEach { $0.1.deallocate() } }
        let buffers = UncheckedSendable(perThread)
        let per = BitParallelEvaluator.sequencesPerBlock
        return result(
            "bit-parallel x\(per)", graph, threads: threads, sequenceSteps: Double(blocks * per * length),
            repeats: repeats
        ) {
            DispatchQueue.concurrentPerform(iterations: threads) { th in
                let ws = BitParallelEvaluator.Workspace(program)
                let (words, out) = buffers.value[th]
                words.withUnsafeBufferPointer { wp in
                    var b = th
                    while b < blocks {
                        e.runBlock(length: length, inputs: wp.baseAddress!, outputs: out, ws)
                        b += threads
                    }
                }
            }
        }
    }
}
