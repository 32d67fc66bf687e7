/// y_0 = −1; y_t = x_{t−1} (docs/design.md A.6, #2). State: the last input.
public struct OneAgo: Objective {
    public let name = "one-ago"
    public let summary = "output the previous input (false at the first step)"
    public let inputCount = 1
    public let outputCount = 1
    /// The cell size the TF notebook recorded (docs/design.md A.5); its other settings belonged to a Keras trainer,
    /// so the rest are the driver's.
    public var preset: TrainingConfig { TrainingConfig(cells: [.init(output: 4, state: 2)]) }
    public init() {}

    /// x_{t−1} as a bit; starts false so that y_0 = −1.
    public var start: Int { 0 }

    public func sampleInput(in state: Int, using rng: inout Rng) -> Int { rng.bernoulli(0.5) ? 1 : 0 }

    public func step(_ state: Int, input: Int) -> (next: Int, output: Int) {
        (input & 1, state)
    }
}
