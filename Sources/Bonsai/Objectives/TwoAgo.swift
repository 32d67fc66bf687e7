/// y_t = x_{t−2}, with y_0 = y_1 = −1 (docs/design.md A.6, #3). State: the last two inputs.
public struct TwoAgo: Objective {
    public let name = "two-ago"
    public let summary = "output the input from two steps ago (false for the first two steps)"
    public let inputCount = 1
    public let outputCount = 1
    public var preset: TrainingConfig { TrainingConfig(cells: [.init(output: 4, state: 2)]) }
    public init() {}

    /// (x_{t−1}, x_{t−2}) as bits; both start false.
    public struct State: Hashable, Sendable { var last: Int = 0, beforeLast: Int = 0 }
    public var start: State { State() }

    public func sampleInput(in state: State, using rng: inout Rng) -> Int { rng.bernoulli(0.5) ? 1 : 0 }

    public func step(_ state: State, input: Int) -> (next: State, output: Int) {
        (State(last: input, beforeLast: state.last), state.beforeLast)
    }
}
