/// y_t is true iff x0 = x1 = x2 at step t (docs/design.md A.6, #9): stateless; a single neuron can compute it.
/// Inputs are independent with p = 0.5, so the output is true in 1/4 of steps.
public struct AllThreeEqual: Objective {
    public let name = "all-three-equal"
    public let summary = "output true when all three inputs are equal"
    public let inputCount = 3
    public let outputCount = 1
    /// State size 1 rather than 0: the task needs none, but a stateless cell is an edge case the preset
    /// should not depend on.
    public var preset: TrainingConfig { TrainingConfig(cells: [.init(output: 4, state: 1)]) }
    public init() {}

    /// Nothing to remember.
    public struct State: Hashable, Sendable {}
    public var start: State { State() }

    public func sampleInput(in state: State, using rng: inout Rng) -> Int { independentBits(0.5, 0.5, 0.5, &rng) }

    public func step(_ state: State, input: Int) -> (next: State, output: Int) {
        let x = input & 0b111
        return (state, x == 0 || x == 0b111 ? 1 : 0)
    }
}
