/// Four 64-bit words: 256 sequences, one per bit, in one AVX2 register.
public typealias BitLanes = SIMD4<UInt64>

/// Runs a `BitProgram` on many sequences at once: sequence s of a block is bit s of the block's words, so
/// one bitwise instruction advances one node for `BitParallelEvaluator.sequencesPerBlock` sequences.
public final class BitParallelEvaluator: @unchecked Sendable {
    /// BitLanes per register in a block: each interpreted instruction runs over this many vectors.
    public static let vectors = 4
    public static let wordsPerBlock = vectors * BitLanes.scalarCount
    public static let sequencesPerBlock = wordsPerBlock * 64

    public let program: BitProgram

    public init(_ program: BitProgram) { self.program = program }
    public convenience init(_ graph: Graph) throws { self.init(try BitProgram(graph)) }

    final class Workspace {
        let registers: UnsafeMutablePointer<BitLanes>
        let next: UnsafeMutablePointer<BitLanes>
        init(_ p: BitProgram) {
            registers = .allocate(capacity: p.registerCount * BitParallelEvaluator.vectors)
            next = .allocate(capacity: max(1, p.stateRegisters.count) * BitParallelEvaluator.vectors)
        }
        deinit {
            registers.deallocate()
            next.deallocate()
        }
    }

    /// One block from the initial state for `length` steps. Input i at step t is the words
    /// `inputs[(t * inputCount + i) * wordsPerBlock ..< +wordsPerBlock]`; output j is written likewise.
    func runBlock(length: Int, inputs: UnsafePointer<UInt64>, outputs: UnsafeMutablePointer<UInt64>, _ ws: Workspace) {
        let V = Self.vectors, p = program
        let r = ws.registers, next = ws.next
        let ni = p.inputCount, no = p.outputCount
        for v in 0..<V {
            r[v] = BitLanes(repeating: 0)
            r[V + v] = BitLanes(repeating: ~0)
        }
        for (j, reg) in p.stateRegisters.enumerated() {
            for v in 0..<V { r[Int(reg) * V + v] = BitLanes(repeating: p.initialBits[j] ? ~0 : 0) }
        }
        let inVectors = UnsafeRawPointer(inputs).assumingMemoryBound(to: BitLanes.self)
        let outVectors = UnsafeMutableRawPointer(outputs).assumingMemoryBound(to: BitLanes.self)
        p.instructions.withUnsafeBufferPointer { code in
            for t in 0..<length {
                for i in 0..<ni {
                    let src = inVectors + (t * ni + i) * V, dst = r + Int(p.inputRegisters[i]) * V
                    for v in 0..<V { dst[v] = src[v] }
                }
                for ins in code {
                    let d = r + Int(ins.dst) * V, a = r + Int(ins.a) * V, b = r + Int(ins.b) * V
                    switch ins.op {
                    case .and: for v in 0..<V { d[v] = a[v] & b[v] }
                    case .or: for v in 0..<V { d[v] = a[v] | b[v] }
                    case .andNot: for v in 0..<V { d[v] = a[v] & ~b[v] }
                    case .orNot: for v in 0..<V { d[v] = a[v] | ~b[v] }
                    case .not: for v in 0..<V { d[v] = ~a[v] }
                    case .mux:
                        let c = r + Int(ins.c) * V
                        for v in 0..<V { d[v] = (a[v] & c[v]) | (b[v] & ~c[v]) }
                    }
                }
                for (j, reg) in p.outputRegisters.enumerated() {
                    let src = r + Int(reg) * V, dst = outVectors + (t * no + j) * V
                    for v in 0..<V { dst[v] = src[v] }
                }
                for (j, reg) in p.nextRegisters.enumerated() {
                    for v in 0..<V { next[j * V + v] = r[Int(reg) * V + v] }
                }
                for (j, reg) in p.stateRegisters.enumerated() {
                    for v in 0..<V { r[Int(reg) * V + v] = next[j * V + v] }
                }
            }
        }
    }

    /// Output symbols (bit j set = output j positive) of every sequence at every step. Sequences may differ
    /// in length; blocks are dealt to `threads` threads.
    public func outputSymbols(_ sequences: [[Int]], threads: Int = 1) -> [[Int]] {
        let per = Self.sequencesPerBlock, W = Self.wordsPerBlock
        let ni = program.inputCount, no = program.outputCount
        let blocks = (sequences.count + per - 1) / per
        var results = [[[Int]]](repeating: [], count: blocks)
        results.withUnsafeMutableBufferPointer { rp in
            let rp = UncheckedSendable(rp)
            FloatEvaluator.parallel(blocks, threads: threads, workspace: { Workspace(self.program) }) { ws, b in
                let members = b * per..<min(sequences.count, (b + 1) * per)
                let length = sequences[members].map(\.count).max() ?? 0
                var inputs = [UInt64](repeating: 0, count: length * ni * W)
                for (lane, s) in members.enumerated() {
                    let word = lane / 64, bit = UInt64(1) << UInt64(lane % 64)
                    for (t, x) in sequences[s].enumerated() {
                        for i in 0..<ni where (x >> i) & 1 == 1 { inputs[(t * ni + i) * W + word] |= bit }
                    }
                }
                var outputs = [UInt64](repeating: 0, count: length * no * W)
                inputs.withUnsafeBufferPointer { ip in
                    outputs.withUnsafeMutableBufferPointer { op in
                        self.runBlock(length: length, inputs: ip.baseAddress!, outputs: op.baseAddress!, ws)
                    }
                }
                rp.value[b] = members.enumerated().map { lane, s in
                    let word = lane / 64, shift = UInt64(lane % 64)
                    return (0..<sequences[s].count).map { t in
                        (0..<no).reduce(0) { $0 | Int((outputs[(t * no + $1) * W + word] >> shift) & 1) << $1 }
                    }
                }
            }
        }
        return results.flatMap { $0 }
    }
}
