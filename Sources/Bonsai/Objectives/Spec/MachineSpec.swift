import Yams

/// The `mealy` and `acceptor` kinds: named states, a start state and a transition table.
///
///     mealy:    transitions: [[state, input, next, output], …]
///     acceptor: transitions: [[state, input, next], …] and accepting: [states…]; the single output is
///               true when the prefix read so far (including this step's input) is accepted.
///
/// Checked: every name is declared, every (state, input) the distribution can produce has exactly one
/// transition, and every state is reachable from the start state.
enum MachineSpec {
    struct Result {
        let table: MealyTable
        let summary: String
        /// The spec's names of the output bits (an acceptor's `output:`, when given).
        let outputNames: [String]?
    }

    static func parse(
        _ f: [String: Node], root: Node, acceptor: Bool, inputCount: Int, possible: [Int],
        at: SpecLocation
    ) throws -> Result {
        func required(_ key: String, _ what: String) throws -> Node {
            guard let n = f[key] else { throw at.error(root, "missing '\(key)' (\(what))") }
            return n
        }
        if acceptor, let o = f["outputs"] {
            throw at.error(o, "an acceptor has one output; name it with 'output:' (optional)")
        }
        if !acceptor, let o = f["output"] { throw at.error(o, "a mealy machine lists its outputs under 'outputs:'") }
        if !acceptor, let a = f["accepting"] { throw at.error(a, "'accepting' belongs to kind acceptor") }
        let outputNames =
            acceptor
            ? try f["output"].map { [try at.scalar($0, "output")] }
            : try at.names(try required("outputs", "the output bit names"), "outputs").map(\.name)
        let outputCount = acceptor ? 1 : outputNames?.count ?? 0
        guard outputCount <= 8 else { throw at.error(f["outputs"], "at most 8 output bits") }
        let statesNode = try required("states", "the state names")
        let states = try at.names(statesNode, "states", identifiers: false)
        // The table below has states × 2^inputs entries: bound it before allocating.
        guard states.count <= maxStates else {
            throw at.error(statesNode, "at most \(maxStates) states (got \(states.count))")
        }
        let index = Dictionary(uniqueKeysWithValues: states.enumerated().map { ($1.name, $0) })
        func state(_ n: Node) throws -> Int {
            let s = try at.scalar(n, "a state")
            guard let i = index[s] else {
                throw at.error(n, "unknown state '\(s)' (states: \(states.map(\.name).joined(separator: ", ")))")
            }
            return i
        }
        let start = try state(try required("start", "the start state"))
        var accepting = Set<Int>()
        if acceptor {
            for n in try at.sequence(try required("accepting", "the accepting states"), "accepting") {
                guard accepting.insert(try state(n)).inserted else {
                    throw at.error(n, "state listed twice in accepting")
                }
            }
        }

        // (state, symbol) → (next, output, line of the entry)
        let symbols = 1 << inputCount
        var table = [(next: Int, output: Int, entry: Node)?](repeating: nil, count: states.count * symbols)
        let transitionsNode = try required("transitions", "the transition table")
        let arity = acceptor ? 3 : 4
        for entry in try at.sequence(transitionsNode, "transitions") {
            let items = try at.sequence(entry, "a transition")
            guard items.count == arity else {
                throw at.error(
                    entry,
                    "a transition has \(arity) items, \(acceptor ? "[state, input, next]" : "[state, input, next, output]") (got \(items.count))"
                )
            }
            let s = try state(items[0])
            let xs = try SpecSymbol.input(items[1], inputCount: inputCount, at: at)
            let n = try state(items[2])
            let y =
                acceptor
                ? (accepting.contains(n) ? 1 : 0) : try SpecSymbol.output(items[3], outputCount: outputCount, at: at)
            for x in xs {
                if let first = table[s * symbols + x] {
                    throw at.error(
                        entry,
                        "duplicate transition for state '\(states[s].name)' on input \(bits(x, inputCount)) (first at line \(first.entry.mark?.line ?? 0))"
                    )
                }
                table[s * symbols + x] = (n, y, entry)
            }
        }
        for (s, st) in states.enumerated() {
            for x in possible where table[s * symbols + x] == nil {
                throw at.error(st.node, "missing transition for state '\(st.name)' on input \(bits(x, inputCount))")
            }
        }
        // Reachability over the inputs the distribution produces.
        var reached: Set<Int> = [start], frontier = [start]
        while let s = frontier.popLast() {
            for x in possible {
                let n = table[s * symbols + x]!.next
                if reached.insert(n).inserted { frontier.append(n) }
            }
        }
        if let s = states.indices.first(where: { !reached.contains($0) }) {
            throw at.error(
                states[s].node, "state '\(states[s].name)' is unreachable from the start state '\(states[start].name)'")
        }
        let machine = try MealyTable(
            inputCount: inputCount, outputCount: outputCount, start: start, possibleInputs: possible,
            name: { states[$0].name }
        ) { s, x in
            let t = table[s * symbols + x]!
            return (t.next, t.output)
        }
        let summary =
            acceptor
            ? "true when the input so far is accepted by a \(states.count)-state DFA"
            : "a \(states.count)-state Mealy machine"
        return Result(table: machine, summary: summary, outputNames: outputNames)
    }

    static let maxStates = 4096

    /// A symbol as the bit string a spec writes (input 0 first).
    static func bits(_ x: Int, _ n: Int) -> String { String((0..<n).map { (x >> $0) & 1 == 1 ? "1" : "0" }) }
}
