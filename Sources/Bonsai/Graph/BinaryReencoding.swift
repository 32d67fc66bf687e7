/// `bonsai prune --binary-codes`: the machine a proven graph implements, written again on ⌈log₂ n⌉
/// binary states with new neurons, each an exact Boolean gate.
///
/// The re-encodings of `reencodeStates` keep the network's edges and take their codes from the graph's own
/// values. That cannot make every neuron a gate when the network's own code is not binary: the switcher's
/// network holds its mode on states of three levels that turn like a clock hand, and its output neurons
/// read them with trained weights (24 to 63 values each). Once a graph is proven, the machine it implements
/// minimizes to the objective's minimal machine, and that machine can be written down afresh:
///   - its n states as distinct ±1 codes on the first k = ⌈log₂ n⌉ of the graph's states, the start state
///     on all +1 (negating a bit only negates its neuron's weights: Ameo is odd and the grid symmetric), and
///     assignments that differ only in the order of the bits tried once;
///   - each bit's next value: one neuron on the grid over the inputs and the bits, fewest edges first;
///   - each output: one neuron over the inputs, the bits and the next bits (the bit neurons), or two such
///     neurons joined by a third (AND or OR of exact ±1 values);
/// and kept if it is proven, with the fewest edges over the assignments.
///
/// What the network learned survives as its machine (the proof before this step says the two agree) and
/// its state names, not as weights. So this runs only when asked, and the size table says so.
extension Pruning {
    /// `graph` (which must be proven) written in binary, with its proof; nil when no code assignment fits.
    public func binaryRecode(_ graph: Graph) -> (Graph, Verification)? {
        Self.binaryRecodings(graph, reference)
            .map { ($0, Verifier.verify($0, objective: objective, limits: finalLimits)) }
            .filter { $0.1.status == .proven }
            .min { $0.0.size.edges < $1.0.size.edges }
    }

    /// Machines of up to 8 states (3 bits); 7·6·5·… assignments would grow past this quickly.
    static let maxBinaryAssignments = 120

    static func binaryRecodings(_ graph: Graph, _ reference: ReferenceMachine?) -> [Graph] {
        guard let reference else { return [] }
        return binaryRecodings(graph, machine: reference.minimal)
    }

    /// One graph per code assignment whose neurons all fit, in assignment order.
    static func binaryRecodings(_ graph: Graph, machine: MealyMachine) -> [Graph] {
        var bits = 0
        while 1 << bits < machine.stateCount { bits += 1 }
        guard bits >= 1, bits <= 3, bits <= graph.states.count,
            let activation = graph.neurons.first(where: { $0.activation.hasExactFlatEnds })?.activation
        else { return [] }
        var rows: [BinaryRow] = []
        for (s, row) in machine.transitions.enumerated() {
            for (x, t) in row.enumerated() {
                if let t { rows.append(.init(state: s, input: x, to: t.to, output: t.output)) }
            }
        }
        guard rows.count <= 64 else { return [] }
        return binaryCodeAssignments(states: machine.stateCount, bits: bits, start: machine.start)
            .prefix(maxBinaryAssignments)
            .compactMap {
                binaryGraph(graph, machine: machine, rows: rows, codes: $0, bits: bits, activation: activation)
            }
    }

    /// A transition of the machine: from `state` on `input` to `to`, emitting `output` (bit i: output i).
    struct BinaryRow { var state: Int, input: Int, to: Int, output: Int }

    /// Distinct codes for the machine's states as integers (bit j set: bit state j is −1), the start state
    /// on 0 (all +1), skipping assignments that a reordering of the bits turns into an earlier one.
    static func binaryCodeAssignments(states n: Int, bits: Int, start: Int) -> [[Int]] {
        func permutations(_ a: [Int]) -> [[Int]] {
            a.count <= 1
                ? [a] : a.indices.flatMap { i in permutations(Array(a[..<i] + a[(i + 1)...])).map { [a[i]] + $0 } }
        }
        let orders = permutations(Array(0..<bits))
        func reordered(_ code: Int, _ order: [Int]) -> Int {
            order.enumerated().reduce(0) { $0 | (((code >> $1.element) & 1) << $1.offset) }
        }
        var result: [[Int]] = []
        var codes = [Int](repeating: -1, count: n)
        func assign(_ s: Int, _ used: Set<Int>) {
            guard s < n else {
                if !orders.contains(where: { o in codes.map { reordered($0, o) }.lexicographicallyPrecedes(codes) }) {
                    result.append(codes)
                }
                return
            }
            if s == start {
                codes[s] = 0
                assign(s + 1, used)
                return
            }
            for c in 1..<(1 << bits) where !used.contains(c) {
                codes[s] = c
                assign(s + 1, used.union([c]))
            }
        }
        assign(0, [0])
        return result
    }

    /// The graph for one code assignment: bit neurons first, then each output's neurons; nil if one does
    /// not fit.
    static func binaryGraph(
        _ graph: Graph, machine: MealyMachine, rows: [BinaryRow], codes: [Int], bits: Int,
        activation: Activation
    ) -> Graph? {
        func bit(_ code: Int, _ j: Int) -> Double { (code >> j) & 1 == 1 ? -1 : 1 }
        let inputs = graph.inputs.indices
        // Columns: the inputs and the bits as they are; outputs also read the next bits.
        let now = rows.map { r in
            inputs.map { (r.input >> $0) & 1 == 1 ? 1.0 : -1.0 } + (0..<bits).map { bit(codes[r.state], $0) }
        }
        let withNext = zip(now, rows).map { row, r in row + (0..<bits).map { bit(codes[r.to], $0) } }
        let refs = inputs.map(Graph.Ref.input) + (0..<bits).map(Graph.Ref.state) + (0..<bits).map(Graph.Ref.neuron)
        func name(_ ref: Graph.Ref, or fallback: String) -> String {
            if case .neuron(let k) = ref { graph.neurons[k].name } else { fallback }
        }
        func neuron(_ name: String, _ fit: ColumnFit) -> Graph.Neuron {
            Graph.Neuron(
                name: name, activation: activation, bias: fit.parameters[0],
                edges: zip(fit.columns, fit.parameters.dropFirst()).map { .init(from: refs[$0], weight: $1) })
        }
        var neurons: [Graph.Neuron] = []
        for j in 0..<bits {
            guard let fit = sparsestFit(now, want: rows.map { bit(codes[$0.to], j) }, activation: activation) else {
                return nil
            }
            neurons.append(neuron(name(graph.states[j].next, or: "\(graph.states[j].name).next"), fit))
        }
        var outputs = graph.outputs
        for (o, output) in graph.outputs.enumerated() {
            let want = rows.map { ($0.output >> o) & 1 == 1 ? 1.0 : -1.0 }
            let base = name(output.from, or: "\(output.name).gate")
            if let fit = sparsestFit(withNext, want: want, activation: activation) {
                neurons.append(neuron(base, fit))
            } else {
                guard let (a, b, join) = gatePair(withNext, want: want, activation: activation) else { return nil }
                neurons += [neuron("\(base).a", a), neuron("\(base).b", b)]
                let k = neurons.count
                neurons.append(
                    Graph.Neuron(
                        name: base, activation: activation, bias: join[0],
                        edges: [
                            .init(from: .neuron(k - 2), weight: join[1]), .init(from: .neuron(k - 1), weight: join[2]),
                        ]))
            }
            outputs[o].from = .neuron(neurons.count - 1)
        }
        let states = (0..<bits).map { j in
            Graph.State(name: graph.states[j].name, initial: bit(codes[machine.start], j), next: .neuron(j))
        }
        return Graph(
            objective: graph.objective, inputs: graph.inputs, neurons: neurons, states: states, outputs: outputs
        )
        .droppingZeroEdges()
    }

    /// A neuron found on a table: the columns it reads and its parameters (bias first).
    struct ColumnFit { var columns: [Int], parameters: [Double] }

    /// The neuron on the fewest columns (at most 4) that gives exactly `want` on every row (`gridFit`).
    static func sparsestFit(_ table: [[Double]], want: [Double], activation: Activation) -> ColumnFit? {
        let width = table.first?.count ?? 0
        for size in 0...min(4, width) {
            for columns in Subsets.of(width, size: size) {
                if let p = gridFit(table.map { row in columns.map { row[$0] } }, want: want, activation: activation) {
                    return ColumnFit(columns: columns, parameters: p)
                }
            }
        }
        return nil
    }

    /// Two neurons and the join (bias and two weights) that together give exactly `want` (±1) on every
    /// row, with the fewest edges. Every function a neuron of at most 4 columns computes exactly on ±1 is
    /// tabulated as a row mask (its first, sparsest neuron kept); `want` must then be the AND of two masks
    /// that contain it, or the OR of two it contains, and a join neuron on the grid must compute it.
    static func gatePair(
        _ table: [[Double]], want: [Double], activation: Activation
    ) -> (ColumnFit, ColumnFit, [Double])? {
        let width = table.first?.count ?? 0, rows = table.count
        guard rows <= 64 else { return nil }
        var masks: [UInt64: ColumnFit] = [:]
        for size in 1...min(4, width) {
            let grid = fitGrid(parameters: size + 1)
            for columns in Subsets.of(width, size: size) {
                let values = table.map { row in columns.map { row[$0] } }
                var digits = [Int](repeating: 0, count: size + 1)
                repeat {
                    var mask: UInt64 = 0, exact = true
                    for r in 0..<rows {
                        var z = grid[digits[0]]
                        for e in 0..<size { z += grid[digits[e + 1]] * values[r][e] }
                        let y = activation.value(z)
                        if y == 1 {
                            mask |= 1 << UInt64(r)
                        } else if y != -1 {
                            exact = false
                            break
                        }
                    }
                    if exact, masks[mask] == nil {
                        masks[mask] = ColumnFit(columns: columns, parameters: digits.map { grid[$0] })
                    }
                } while advance(&digits, base: grid.count)
            }
        }
        let target = want.indices.reduce(UInt64(0)) { want[$1] == 1 ? $0 | (1 << UInt64($1)) : $0 }
        let byCost = masks.sorted { ($0.value.columns.count, $0.key) < ($1.value.columns.count, $1.key) }
        let above = byCost.filter { $0.key & target == target }, below = byCost.filter { $0.key & ~target == 0 }
        var best: (cost: Int, a: ColumnFit, b: ColumnFit, join: [Double])?
        let joins: [(list: [(key: UInt64, value: ColumnFit)], and: Bool)] = [(above, true), (below, false)]
        for (list, and) in joins {
            for (i, a) in list.enumerated() {
                if let best, 2 * a.value.columns.count >= best.cost { break }
                for b in list[i...] where (and ? a.key & b.key : a.key | b.key) == target {
                    let cost = a.value.columns.count + b.value.columns.count
                    if let best, cost >= best.cost { break }
                    let ha = (0..<rows).map { a.key >> UInt64($0) & 1 == 1 ? 1.0 : -1.0 }
                    let hb = (0..<rows).map { b.key >> UInt64($0) & 1 == 1 ? 1.0 : -1.0 }
                    guard let join = gridFit(zip(ha, hb).map { [$0, $1] }, want: want, activation: activation) else {
                        continue
                    }
                    best = (cost, a.value, b.value, join)
                }
            }
        }
        return best.map { ($0.a, $0.b, $0.join) }
    }
}
