/// A finite Mealy machine as a table: every objective given as data (a spec file, the benchmark suites,
/// or a closure) becomes one, so training, verification and minimization see a single representation.
///
/// States are 0..<stateCount with `start` = 0 after construction; only states reachable through symbols
/// the input distribution can produce are kept.
public struct MealyTable: Sendable, Equatable {
    public let inputCount: Int
    public let outputCount: Int
    public let stateCount: Int
    /// `next[s * symbolCount + x]`, `output[s * symbolCount + x]`.
    public let next: [Int]
    public let output: [Int]
    /// Optional names of the states, for messages and listings.
    public let stateNames: [String]

    public var symbolCount: Int { 1 << inputCount }
    public var start: Int { 0 }

    public func step(_ s: Int, _ x: Int) -> (next: Int, output: Int) {
        (next[s * symbolCount + x], output[s * symbolCount + x])
    }

    /// Builds the table by exploring `step` from `start` over `possibleInputs` (breadth first, so state
    /// numbers follow first discovery). `maxStates` bounds runaway closures.
    public init<S: Hashable>(
        inputCount: Int, outputCount: Int, start: S, possibleInputs: [Int], maxStates: Int = 1 << 16,
        name: (S) -> String = { "\($0)" }, step: (S, Int) throws -> (S, Int)
    ) throws {
        guard (1...16).contains(inputCount), (1...16).contains(outputCount) else {
            throw BonsaiError("a machine needs 1–16 inputs and 1–16 outputs (got \(inputCount) and \(outputCount))")
        }
        let symbols = 1 << inputCount
        var index: [S: Int] = [start: 0], states = [start]
        var next = [Int](), output = [Int]()
        var i = 0
        while i < states.count {
            let s = states[i]
            for x in 0..<symbols {
                guard possibleInputs.contains(x) else {
                    next.append(0)
                    output.append(0)
                    continue
                }
                let (n, y) = try step(s, x)
                guard y >= 0, y < 1 << outputCount else {
                    throw BonsaiError("output symbol \(y) out of range for \(outputCount) output(s)")
                }
                if index[n] == nil {
                    guard states.count < maxStates else {
                        throw BonsaiError("the machine has more than \(maxStates) reachable states")
                    }
                    index[n] = states.count
                    states.append(n)
                }
                next.append(index[n]!)
                output.append(y)
            }
            i += 1
        }
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.stateCount = states.count
        self.next = next
        self.output = output
        self.stateNames = states.map(name)
    }

    /// The number of states of the minimal equivalent machine (Moore partition refinement over the
    /// symbols in `possibleInputs`): the size an extracted machine can at best reach.
    public func minimalStateCount(possibleInputs: [Int]) -> Int {
        // Start from "same outputs on every symbol", refine by the classes of the successors.
        var cls = (0..<stateCount).map { s in possibleInputs.map { output[s * symbolCount + $0] } }
            .enumeratedClasses()
        while true {
            let refined = (0..<stateCount).map { s in [cls[s]] + possibleInputs.map { cls[next[s * symbolCount + $0]] }
            }
            .enumeratedClasses()
            if Set(refined).count == Set(cls).count { return Set(cls).count }
            cls = refined
        }
    }
}

extension Array where Element: Hashable {
    /// Replaces each element by the index of its first occurrence's class (0, 1, … in order of appearance).
    func enumeratedClasses() -> [Int] {
        var ids: [Element: Int] = [:]
        return map { e in
            if let i = ids[e] { return i }
            ids[e] = ids.count
            return ids.count - 1
        }
    }
}
