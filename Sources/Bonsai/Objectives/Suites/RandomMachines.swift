/// Random programs no preset can be tuned to: minimal, connected Mealy machines drawn from a seed, with a
/// chosen number of states (1–64), input bits (1–3) and output bits (1–3). Every input symbol is equally
/// likely in every state, so a random sequence reaches every state.
///
/// Named `random-<states>s<inputs>i<outputs>o-<seed>`, e.g. `random-4s2i1o-7`: the name is the whole
/// definition, so a run directory or a sweep rebuilds the same machine anywhere.
public enum RandomMachines {
    public static let stateRange = 1...64
    public static let bitRange = 1...3

    public struct Parameters: Hashable, Sendable {
        public var states: Int
        public var inputs: Int
        public var outputs: Int
        public var seed: UInt64

        public init(states: Int, inputs: Int, outputs: Int, seed: UInt64) {
            self.states = states
            self.inputs = inputs
            self.outputs = outputs
            self.seed = seed
        }

        public var name: String { "random-\(states)s\(inputs)i\(outputs)o-\(seed)" }
    }

    /// The parameters a name asks for; nil when it is not a random-machine name.
    public static func parse(_ name: String) throws -> Parameters? {
        guard name.hasPrefix("random-") else { return nil }
        let fields = name.dropFirst("random-".count).split(separator: "-", omittingEmptySubsequences: false)
        let usage = "'\(name)' is not random-<states>s<inputs>i<outputs>o-<seed> (e.g. random-4s2i1o-7)"
        guard fields.count == 2, let seed = UInt64(fields[1]) else { throw BonsaiError(usage) }
        let sizes = fields[0]
        guard let s = sizes.firstIndex(of: "s"), let i = sizes.firstIndex(of: "i"), let o = sizes.firstIndex(of: "o"),
            s < i, i < o, sizes.index(after: o) == sizes.endIndex,
            let states = Int(sizes[..<s]), let inputs = Int(sizes[sizes.index(after: s)..<i]),
            let outputs = Int(sizes[sizes.index(after: i)..<o])
        else { throw BonsaiError(usage) }
        guard stateRange.contains(states) else {
            throw BonsaiError("'\(name)': states must be \(stateRange.lowerBound)–\(stateRange.upperBound)")
        }
        guard bitRange.contains(inputs), bitRange.contains(outputs) else {
            throw BonsaiError("'\(name)': input and output bits must be \(bitRange.lowerBound)–\(bitRange.upperBound)")
        }
        return Parameters(states: states, inputs: inputs, outputs: outputs, seed: seed)
    }

    /// The machine of `p`: a random spanning tree from the start state makes every state reachable, the
    /// other transitions and every output are uniform; a draw whose minimal machine is smaller than
    /// `p.states` is drawn again (at most 1000 times; small sizes with one output bit need a few draws).
    public static func objective(_ p: Parameters) throws -> TableObjective {
        let symbols = 1 << p.inputs
        var rng = Rng(seed: p.seed, stream: 0x72616E64)
        var table: MealyTable?
        for _ in 0..<1000 {
            let t = try draw(p, symbols: symbols, rng: &rng)
            if t.minimalStateCount(possibleInputs: Array(0..<symbols)) == p.states {
                table = t
                break
            }
        }
        guard let table else { throw BonsaiError("'\(p.name)': no minimal machine of this size found in 1000 draws") }
        let summary =
            "a random minimal Mealy machine: \(p.states) states, \(p.inputs) input and \(p.outputs) output bits (seed \(p.seed))"
        return TableObjective(
            name: p.name, summary: summary, table: table,
            distribution: .symbols(Array(repeating: 1, count: symbols)))
    }

    private static func draw(_ p: Parameters, symbols: Int, rng: inout Rng) throws -> MealyTable {
        let n = p.states
        func below(_ k: Int) -> Int { Int(rng.next() % UInt64(k)) }
        var next = (0..<n * symbols).map { _ in below(n) }
        let output = (0..<n * symbols).map { _ in below(1 << p.outputs) }
        // State k > 0 hangs off an earlier state on a symbol of its own, so every state is reachable.
        var used = Set<Int>()
        for k in 1..<max(1, n) {
            var slot: Int
            repeat { slot = below(k) * symbols + below(symbols) } while used.contains(slot)
            used.insert(slot)
            next[slot] = k
        }
        return try MealyTable(
            inputCount: p.inputs, outputCount: p.outputs, start: 0,
            possibleInputs: Array(0..<symbols)
        ) { s, x in (next[s * symbols + x], output[s * symbols + x]) }
    }
}
