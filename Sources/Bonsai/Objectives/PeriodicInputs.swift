extension Objective {
    /// Each lane repeats a random pattern of 1 to 4 input symbols for all `length` steps; a symbol the
    /// objective cannot produce at that point is replaced by one it draws. Uniform random sequences almost
    /// never hold one pattern for long, yet that is how a network's analog state drifts: two of the three
    /// networks that validated on random-4s2i2o-3 and failed exact verification failed on such runs
    /// ([1, 1, 0] four times; [1, 0] alternating for 45 steps).
    public func generatePeriodic(
        length: Int, lanes: Int, using rng: inout Rng,
        inputs: UnsafeMutablePointer<Float>, targets: UnsafeMutablePointer<Float>
    ) {
        let symbols = UInt64(1 << inputCount)
        for l in 0..<lanes {
            let pattern = (0...Int(rng.next() % 4)).map { _ in Int(rng.next() % symbols) }
            writeLane(l, of: lanes, length: length, using: &rng, inputs: inputs, targets: targets) { s, t, rng in
                let x = pattern[t % pattern.count]
                return possibleInputs(in: s).contains(x) ? x : sampleInput(in: s, using: &rng)
            }
        }
    }
}
