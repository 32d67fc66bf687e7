/// A graph whose nodes take finitely many values, compiled to straight-line bitwise code over registers.
///
/// Every slot's values (from `FiniteValueAnalysis`) are numbered in increasing order and the number is
/// kept in ⌈log₂ count⌉ registers, one bit each (a boolean node: one register, bit 1 = the higher value;
/// a constant: none). Register 0 is all zeros, register 1 all ones. Each neuron is then a finite function
/// of its sources' bits: its table (the Double activation evaluated on every combination of source values,
/// in GraphEvaluator's summation order) becomes, per result bit, a shared mux tree (Shannon expansion,
/// equal sub-functions reuse one register, the one-sided cases become and/or/not). One instruction thus
/// computes one tree node for every sequence packed into a word.
public struct BitProgram: Sendable {
    public enum Op: UInt8, Sendable {
        /// dst = a & b, a | b, a & ~b, a | ~b, ~a, (c ? a : b) bitwise.
        case and, or, andNot, orNot, not, mux
    }

    public struct Instruction: Sendable {
        public var op: Op
        public var dst: Int32, a: Int32, b: Int32, c: Int32
    }

    public static let zero: Int32 = 0, ones: Int32 = 1
    /// Largest number of source bits of one table (it has 2^k rows).
    public static let maxTableBits = 12

    public var inputCount: Int, outputCount: Int
    public var registerCount: Int
    /// Register of input i.
    public var inputRegisters: [Int32]
    /// Neurons in order, then the states' next values.
    public var instructions: [Instruction]
    /// Registers holding state bits; each step ends with `stateRegisters[j] = nextRegisters[j]` for all j at once.
    public var stateRegisters: [Int32]
    public var nextRegisters: [Int32]
    /// Initial value of each state register.
    public var initialBits: [Bool]
    /// Register holding output j's sign bit (1 = positive).
    public var outputRegisters: [Int32]
    /// True when every node takes at most two values.
    public var isBoolean: Bool

    /// Compiles a graph; throws a one-line reason when its nodes are not finite-valued (see
    /// `FiniteValueAnalysis`) or a table would be too large.
    public init(_ graph: Graph, maxValues: Int = 16, maxStates: Int = 1 << 16) throws {
        let values = try FiniteValueAnalysis.values(graph, maxValues: maxValues, maxStates: maxStates)
        let ni = graph.inputs.count, ns = graph.states.count
        inputCount = ni
        outputCount = graph.outputs.count
        isBoolean = values.allSatisfy { $0.count <= 2 }
        var nextRegister: Int32 = 2
        func fresh() -> Int32 {
            defer { nextRegister += 1 }
            return nextRegister
        }
        func bitCount(_ n: Int) -> Int { n <= 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount }
        // Registers of each slot's value number, least significant bit first.
        var regs = [[Int32]](repeating: [], count: values.count)
        for i in 0..<ni { regs[i] = [fresh()] }
        inputRegisters = (0..<ni).map { regs[$0][0] }
        for j in 0..<ns { regs[ni + j] = (0..<bitCount(values[ni + j].count)).map { _ in fresh() } }
        var code: [Instruction] = []
        func slot(_ r: Graph.Ref) -> Int {
            switch r {
            case .input(let i): return i
            case .state(let j): return ni + j
            case .neuron(let k): return ni + ns + k
            }
        }

        /// Registers computing `function` of the given slots' value numbers, as a value number on `bits` bits.
        /// `function` gets each slot's value number (rows naming no value give nil: unreachable, any result).
        func compile(_ what: String, sources: [Int], bits: Int, _ function: ([Int]) -> Int) throws -> [Int32] {
            guard bits > 0 else { return [] }
            let widths = sources.map { bitCount(values[$0].count) }
            let vars = zip(sources, widths).flatMap { regs[$0.0].prefix($0.1) }
            guard vars.count <= Self.maxTableBits else {
                throw BonsaiError(
                    "\(what) depends on \(vars.count) source bits (at most \(Self.maxTableBits) are compiled)")
            }
            var table = [Int](repeating: 0, count: 1 << vars.count)
            rows: for row in table.indices {
                var numbers: [Int] = [], shift = 0
                for (s, w) in zip(sources, widths) {
                    let n = (row >> shift) & ((1 << w) - 1)
                    shift += w
                    guard n < values[s].count else { continue rows }
                    numbers.append(n)
                }
                table[row] = function(numbers)
            }
            var memo: [[Bool]: Int32] = [:]
            func emit(_ op: Op, _ a: Int32, _ b: Int32 = 0, _ c: Int32 = 0) -> Int32 {
                let d = fresh()
                code.append(Instruction(op: op, dst: d, a: a, b: b, c: c))
                return d
            }
            func build(_ t: ArraySlice<Bool>, _ m: Int) -> Int32 {
                if !t.contains(true) { return Self.zero }
                if !t.contains(false) { return Self.ones }
                if let r = memo[Array(t)] { return r }
                let half = t.count / 2, v = vars[m - 1]
                let r0 = build(t.prefix(half), m - 1), r1 = build(t.suffix(half), m - 1)
                let out: Int32
                switch (r0, r1) {
                case _ where r0 == r1: out = r0
                case (Self.zero, Self.ones): out = v
                case (Self.ones, Self.zero): out = emit(.not, v)
                case (Self.zero, _): out = emit(.and, v, r1)
                case (_, Self.zero): out = emit(.andNot, r0, v)
                case (_, Self.ones): out = emit(.or, v, r0)
                case (Self.ones, _): out = emit(.orNot, r1, v)
                default: out = emit(.mux, r1, r0, v)
                }
                memo[Array(t)] = out
                return out
            }
            return (0..<bits).map { b in build(table.map { ($0 >> b) & 1 == 1 }[...], vars.count) }
        }

        /// The number of the value nearest to y (exact for every reachable row).
        func number(_ y: Double, in vs: [Double]) -> Int {
            vs.indices.min { abs(vs[$0] - y) < abs(vs[$1] - y) }!
        }

        for (k, n) in graph.neurons.enumerated() {
            let s = ni + ns + k
            var sources: [Int] = []
            for e in n.edges {
                let src = slot(e.from)
                if values[src].count > 1, !sources.contains(src) { sources.append(src) }
            }
            regs[s] = try compile("neuron '\(n.name)'", sources: sources, bits: bitCount(values[s].count)) { numbers in
                var z = n.bias
                for e in n.edges {
                    let src = slot(e.from)
                    z +=
                        e.weight
                        * (values[src].count == 1 ? values[src][0] : values[src][numbers[sources.firstIndex(of: src)!]])
                }
                return number(n.activation.value(z), in: values[s])
            }
        }
        var states: [Int32] = [], nexts: [Int32] = [], initial: [Bool] = []
        for (j, st) in graph.states.enumerated() {
            let mine = values[ni + j], src = slot(st.next)
            guard mine.count > 1 else { continue }
            states += regs[ni + j]
            let start = number(st.initial, in: mine)
            initial += regs[ni + j].indices.map { (start >> $0) & 1 == 1 }
            if values[src] == mine {
                nexts += regs[src]
            } else {
                // The state also holds its initial value, which the next node never produces.
                nexts += try compile(
                    "state '\(st.name)'", sources: values[src].count > 1 ? [src] : [], bits: regs[ni + j].count
                ) { numbers in
                    number(values[src][numbers.first ?? 0], in: mine)
                }
            }
        }
        outputRegisters = try graph.outputs.map { o in
            let src = slot(o.from)
            if values[src].count == 1 { return values[src][0] > 0 ? Self.ones : Self.zero }
            return try compile("output '\(o.name)'", sources: [src], bits: 1) { values[src][$0[0]] > 0 ? 1 : 0 }[0]
        }
        instructions = code
        stateRegisters = states
        nextRegisters = nexts
        initialBits = initial
        registerCount = Int(nextRegister)
    }
}
