/// y_t = x_t (docs/design.md A.6, #4): a debugging objective with no memory.
public struct Passthrough: Objective {
    public let name = "passthrough"
    public let summary = "output the current input"
    public let inputCount = 1
    public let outputCount = 1
    /// State size 1 rather than 0: the task needs none, but a stateless cell is an edge case the preset
    /// should not depend on.
    public var preset: TrainingConfig { TrainingConfig(cells: [.init(output: 4, state: 1)]) }
    public init() {}

    /// Nothing to remember.
    public struct State: Hashable, Sendable {}
    public var start: State { State() }

    public func sampleInput(in state: State, using rng: inout Rng) -> Int { rng.bernoulli(0.5) ? 1 : 0 }

    public func step(_ state: State, input: Int) -> (next: State, output: Int) {
        (state, input & 1)
    }
}
