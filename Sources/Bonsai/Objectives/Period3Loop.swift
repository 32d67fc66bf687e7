/// y_t = −1, −1, +1 repeating by t mod 3, from t = 0 (docs/design.md A.6, #8). The two inputs are random (p = 0.5
/// each) and ignored: the network must learn to count time on its own. State: t mod 3.
public struct Period3Loop: Objective {
    public let name = "period-3-loop"
    public let summary = "ignore both inputs; output false, false, true, repeating"
    public let inputCount = 2
    public let outputCount = 1
    /// Six state neurons where the original had two: with two, seeds 1–10 solved 3 times in 5,000 steps (the
    /// loss sat at 0.8, a constant guess); with four 8 times; with six all of seeds 1–30, by step 1,200.
    /// Pruning removes the extra states again.
    public var preset: TrainingConfig { TrainingConfig(cells: [.init(output: 4, state: 6)]) }
    public init() {}

    /// t mod 3 for the step about to run.
    public var start: Int { 0 }

    public func sampleInput(in state: Int, using rng: inout Rng) -> Int { independentBits(0.5, 0.5, &rng) }

    public func step(_ phase: Int, input: Int) -> (next: Int, output: Int) {
        ((phase + 1) % 3, phase == 2 ? 1 : 0)
    }
}
