/// A sequence program a network is trained to compute.
///
/// Every objective is an exact *reference machine*: a finite state, a step function from (state, input
/// symbol) to (next state, output symbol), and an input distribution that may depend on the state (the
/// balanced-parentheses generator never closes at depth 0). Symbols are bit sets: bit i set means input
/// (or output) i is true, encoded +1; clear means −1 (docs/design.md §2). Training data, validation and, later,
/// exact verification all come from this one definition.
public protocol Objective: Sendable {
    associatedtype State: Hashable & Sendable

    /// The name used on the command line, e.g. `two-ago`.
    var name: String { get }
    /// One line: what the output is.
    var summary: String { get }
    var inputCount: Int { get }
    var outputCount: Int { get }
    /// The default training settings (from the original implementation where it recorded them).
    var preset: TrainingConfig { get }

    var start: State { get }
    /// Draws the next input symbol in `state`.
    func sampleInput(in state: State, using rng: inout Rng) -> Int
    /// Every input symbol the generator can produce in `state` (exact verification explores these).
    func possibleInputs(in state: State) -> [Int]
    /// The exact step: next state and output symbol.
    func step(_ state: State, input: Int) -> (next: State, output: Int)

    /// Writes `lanes` fresh sequences of `length` steps, lane-interleaved: input i of lane l at step t goes
    /// to `inputs[(t * inputCount + i) * lanes + l]` (targets likewise). Has a default; it is a requirement
    /// so each objective gets a specialised copy on the training hot path.
    func generate(
        length: Int, lanes: Int, using rng: inout Rng,
        inputs: UnsafeMutablePointer<Float>, targets: UnsafeMutablePointer<Float>)
    /// Like `generate`, but each lane repeats a random pattern of 1 to 4 input symbols
    /// (`TrainingConfig.periodicPatterns`). Has a default; a requirement for the same reason.
    func generatePeriodic(
        length: Int, lanes: Int, using rng: inout Rng,
        inputs: UnsafeMutablePointer<Float>, targets: UnsafeMutablePointer<Float>)
}

extension Objective {
    public func possibleInputs(in state: State) -> [Int] { Array(0..<(1 << inputCount)) }

    public func generate(
        length: Int, lanes: Int, using rng: inout Rng,
        inputs: UnsafeMutablePointer<Float>, targets: UnsafeMutablePointer<Float>
    ) {
        for l in 0..<lanes {
            writeLane(l, of: lanes, length: length, using: &rng, inputs: inputs, targets: targets) { s, _, rng in
                sampleInput(in: s, using: &rng)
            }
        }
    }

    /// Writes lane `l` of `lanes` (the layout of `generate`): `length` steps from the start, the input
    /// at step t chosen by `choose(state, t, rng)`, the targets from `step`. The one loop behind
    /// `generate`, `generatePeriodic` and the trainer's replayed sequences; inlined, so each stays as
    /// specialised as the loop written out.
    @inline(__always)
    func writeLane(
        _ l: Int, of lanes: Int, length: Int, using rng: inout Rng,
        inputs: UnsafeMutablePointer<Float>, targets: UnsafeMutablePointer<Float>,
        choose: (State, Int, inout Rng) -> Int
    ) {
        let din = inputCount, dout = outputCount
        var s = start
        for t in 0..<length {
            let x = choose(s, t, &rng)
            let (next, y) = step(s, input: x)
            s = next
            for i in 0..<din { inputs[(t * din + i) * lanes + l] = (x >> i) & 1 == 1 ? 1 : -1 }
            for j in 0..<dout { targets[(t * dout + j) * lanes + l] = (y >> j) & 1 == 1 ? 1 : -1 }
        }
    }

    /// One sequence as ±1 arrays ([t][i]); convenient for tests and small tools, not for training.
    public func sample(length: Int, using rng: inout Rng) -> (inputs: [[Float]], targets: [[Float]]) {
        var s = start
        var xs: [[Float]] = [], ys: [[Float]] = []
        for _ in 0..<length {
            let x = sampleInput(in: s, using: &rng)
            let (next, y) = step(s, input: x)
            s = next
            xs.append((0..<inputCount).map { (x >> $0) & 1 == 1 ? 1 : -1 })
            ys.append((0..<outputCount).map { (y >> $0) & 1 == 1 ? 1 : -1 })
        }
        return (xs, ys)
    }

    /// Runs the reference machine on given input symbols and returns the output symbols.
    public func outputs(for symbols: [Int]) -> [Int] {
        var s = start
        return symbols.map { x in
            let (next, y) = step(s, input: x)
            s = next
            return y
        }
    }
}

/// Input bits drawn independently: bit i is true with probability p_i. Fixed arities, not an array: this
/// runs for every sequence step of every batch. One 64-bit draw serves all bits (21 bits of resolution
/// each: probabilities are exact to 5e-7).
@inline(__always) func independentBits(_ p0: Double, _ p1: Double, _ rng: inout Rng) -> Int {
    independentBits(p0, p1, 0, rng: &rng)
}

@inline(__always) func independentBits(_ p0: Double, _ p1: Double, _ p2: Double, _ rng: inout Rng) -> Int {
    independentBits(p0, p1, p2, rng: &rng)
}

@inline(__always) private func independentBits(_ p0: Double, _ p1: Double, _ p2: Double, rng: inout Rng) -> Int {
    let r = rng.next(), mask: UInt64 = (1 << 21) - 1, scale = Double(1 << 21)
    return (r & mask < UInt64(p0 * scale) ? 1 : 0)
        | ((r >> 21) & mask < UInt64(p1 * scale) ? 2 : 0)
        | ((r >> 42) & mask < UInt64(p2 * scale) ? 4 : 0)
}
