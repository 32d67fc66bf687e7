/// y_t is true iff an odd number of x_0…x_t are true (docs/design.md A.6, #14). State: that parity before x_t.
public struct RunningParity: Objective {
    public let name = "running-parity"
    public let summary = "output true when an odd number of inputs so far were true"
    public let inputCount = 1
    public let outputCount = 1
    public var preset: TrainingConfig { TrainingConfig(cells: [.init(output: 4, state: 2)], maxSteps: 10_000) }
    public init() {}

    /// Parity of the inputs so far: 1 when odd.
    public var start: Int { 0 }

    public func sampleInput(in state: Int, using rng: inout Rng) -> Int { rng.bernoulli(0.5) ? 1 : 0 }

    public func step(_ parity: Int, input: Int) -> (next: Int, output: Int) {
        let p = parity ^ (input & 1)
        return (p, p)
    }
}
