import Testing

@testable import Bonsai

/// ±1 values (as the original writes them) to 1-bit symbols, and back.
private func symbols(_ values: [Int]) -> [Int] { values.map { $0 > 0 ? 1 : 0 } }
private func signs(_ symbols: [Int]) -> [Int] { symbols.map { $0 & 1 == 1 ? 1 : -1 } }

/// A 3-input symbol from its bits: bit 0, bit 1, bit 2.
private func bits(_ b0: Int, _ b1: Int, _ b2: Int) -> Int { b0 | b1 << 1 | b2 << 2 }

/// How many states are reachable from `start` through the generator's possible inputs.
private func reachableStateCount<O: Objective>(_ o: O) -> Int {
    var seen: Set<O.State> = [o.start], frontier = [o.start]
    while let s = frontier.popLast() {
        for x in o.possibleInputs(in: s) {
            let next = o.step(s, input: x).next
            if seen.insert(next).inserted { frontier.append(next) }
        }
    }
    return seen.count
}

/// Runs the generator and checks every drawn input is one `possibleInputs` allows and fits `inputCount`.
private func checkSamplesArePossible<O: Objective>(_ o: O, sequences: Int, length: Int, seed: UInt64) {
    var rng = Rng(seed: seed)
    for _ in 0..<sequences {
        var s = o.start
        for _ in 0..<length {
            let x = o.sampleInput(in: s, using: &rng)
            #expect(o.possibleInputs(in: s).contains(x), "\(o.name): input \(x) not possible in state \(s)")
            #expect((0..<(1 << o.inputCount)).contains(x))
            let (next, y) = o.step(s, input: x)
            #expect((0..<(1 << o.outputCount)).contains(y))
            s = next
        }
    }
}

/// Random input symbols, for cross-checking a machine against an independent formula.
private func randomSymbols(count: Int, bits: Int, seed: UInt64) -> [Int] {
    var rng = Rng(seed: seed)
    return (0..<count).map { _ in Int(rng.next() & UInt64((1 << bits) - 1)) }
}

@Suite struct ObjectiveTests {
    // MARK: Reference machines on hand-written sequences

    @Test func twoAgoGoldenTrace() {
        // docs/design.md A.9.
        let inputs = [1, -1, -1, 1, 1, -1, 1, -1, -1, -1, 1, 1]
        let expected = [-1, -1, 1, -1, -1, 1, 1, -1, 1, -1, -1, -1]
        #expect(signs(TwoAgo().outputs(for: symbols(inputs))) == expected)
    }

    @Test func oneAgo() {
        #expect(OneAgo().outputs(for: [1, 0, 1, 1, 0, 0, 1]) == [0, 1, 0, 1, 1, 0, 0])
        #expect(OneAgo().outputs(for: [1]) == [0])
    }

    @Test func passthrough() {
        let xs = [1, 0, 0, 1, 1, 0, 1]
        #expect(Passthrough().outputs(for: xs) == xs)
    }

    @Test func replace1With111() {
        let o = Replace1With111()
        #expect(o.outputs(for: [0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0]) == [0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0])
        // The demo generator repeats [−1, 1, −1, −1, −1, −1]; the signs of the golden trace (docs/design.md A.9).
        let demo = Array(repeating: [-1, 1, -1, -1, -1, -1], count: 2).flatMap { $0 }
        #expect(signs(o.outputs(for: symbols(demo))) == [-1, 1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1])
    }

    @Test func replace1With111IsOrOfLastThree() {
        let xs = randomSymbols(count: 500, bits: 1, seed: 7)
        let ys = Replace1With111().outputs(for: xs)
        for t in xs.indices {
            #expect(ys[t] == (xs[max(0, t - 2)...t].contains(1) ? 1 : 0), "t = \(t)")
        }
    }

    @Test func balancedParenthesesDemoTrace() {
        // docs/design.md A.9: 8 × '(' then 8 × ')': false for 15 steps, true at step 16.
        let xs = Array(repeating: 0, count: 8) + Array(repeating: 1, count: 8)
        #expect(BalancedParentheses().outputs(for: xs) == Array(repeating: 0, count: 15) + [1])
        // "()(())": balanced after steps 2 and 6 only.
        #expect(BalancedParentheses().outputs(for: [0, 1, 0, 0, 1, 1]) == [0, 1, 0, 0, 0, 1])
    }

    @Test func balancedParenthesesGeneratorStaysInRange() {
        let o = BalancedParentheses()
        var rng = Rng(seed: 42)
        var sawDepth8 = false
        for _ in 0..<300 {
            var s = o.start, depth = 0
            for _ in 0..<60 {
                let x = o.sampleInput(in: s, using: &rng)
                depth += x == 1 ? -1 : 1
                #expect((0...8).contains(depth))
                sawDepth8 = sawDepth8 || depth == 8
                let (next, y) = o.step(s, input: x)
                #expect(next == depth)
                #expect(y == (depth == 0 ? 1 : 0))
                s = next
            }
        }
        #expect(sawDepth8, "the generator should reach the maximum depth in 300 sequences of 60")
    }

    @Test func balancedParenthesesPossibleInputs() {
        let o = BalancedParentheses()
        #expect(o.possibleInputs(in: 0) == [0])
        #expect(o.possibleInputs(in: 8) == [1])
        for d in 1...7 { #expect(Set(o.possibleInputs(in: d)) == [0, 1]) }
    }

    @Test func balancedParenthesesRejectsInputsOutsideTheGenerator() {
        let o = BalancedParentheses()
        // ')' at depth 0 leaves the language for good, even if the count later returns to 0.
        #expect(o.outputs(for: [1, 0, 0, 1]) == [0, 0, 0, 0])
        #expect(o.step(0, input: 1).next == BalancedParentheses.rejected)
        #expect(o.step(8, input: 0).next == BalancedParentheses.rejected)
    }

    @Test func period3Loop() {
        let o = Period3Loop()
        let xs = randomSymbols(count: 12, bits: 2, seed: 3)
        #expect(signs(o.outputs(for: xs)) == Array(repeating: [-1, -1, 1], count: 4).flatMap { $0 })
        // The inputs are ignored.
        #expect(o.outputs(for: xs) == o.outputs(for: Array(repeating: 3, count: 12)))
    }

    @Test func logicGateSwitcherAdvancesBeforeTheOutput() {
        // bits(change, a, b); the mode starts at XOR.
        let xs = [
            bits(0, 1, 0),  // XOR(1, 0) = 1
            bits(0, 1, 1),  // XOR(1, 1) = 0
            bits(1, 1, 1),  // → AND: 1
            bits(0, 1, 0),  // AND: 0
            bits(1, 0, 0),  // → NOR: 1
            bits(0, 1, 0),  // NOR: 0
            bits(1, 1, 0),  // → NAND: 1
            bits(0, 1, 1),  // NAND: 0
            bits(1, 1, 1),  // → XOR (wraps): 0
            bits(0, 0, 1),
        ]  // XOR: 1
        #expect(LogicGateSwitcher().outputs(for: xs) == [1, 0, 1, 0, 1, 0, 1, 0, 0, 1])
    }

    @Test func logicGateSwitcherDemoTrace() {
        // docs/design.md A.8, A.9: the demo holds change high with a = b = −1 for 6 steps; golden signs
        // −, +, +, −, −, +.
        let xs = Array(repeating: bits(1, 0, 0), count: 6)
        #expect(signs(LogicGateSwitcher().outputs(for: xs)) == [-1, 1, 1, -1, -1, 1])
    }

    @Test func logicGateSwitcherMatchesIndependentModel() {
        let xs = randomSymbols(count: 400, bits: 3, seed: 11)
        var mode = 0
        let expected = xs.map { x -> Int in
            if x & 1 == 1 { mode = (mode + 1) % 4 }
            let a = x >> 1 & 1, b = x >> 2 & 1
            return [a ^ b, a & b, 1 - (a | b), 1 - (a & b)][mode]
        }
        #expect(LogicGateSwitcher().outputs(for: xs) == expected)
    }

    @Test func twoModeToggle() {
        let xs = [
            bits(0, 1, 1),  // XOR: 0
            bits(1, 1, 1),  // → AND: 1
            bits(0, 1, 0),  // AND: 0
            bits(1, 1, 0),  // → XOR: 1
            bits(1, 1, 1),  // → AND: 1
            bits(1, 0, 0),
        ]  // → XOR: 0
        #expect(TwoModeToggle().outputs(for: xs) == [0, 1, 0, 1, 1, 0])
    }

    @Test func allThreeEqual() {
        #expect(AllThreeEqual().outputs(for: Array(0..<8)) == [1, 0, 0, 0, 0, 0, 0, 1])
    }

    @Test func runningParity() {
        #expect(RunningParity().outputs(for: [1, 0, 1, 1, 0, 0, 1]) == [1, 1, 0, 1, 1, 1, 0])
    }

    @Test func asmInterpreterStoreAndMov() {
        // bits(opcode, rx, tx-or-imm): opcode 0 = Store reg[rx] = imm, 1 = Mov reg[tx] = reg[rx].
        let program = [
            bits(1, 0, 1),  // Mov r0 → r1: 0 (registers start false)
            bits(0, 1, 1),  // Store r1 = 1: 1
            bits(1, 1, 0),  // Mov r1 → r0: 1; now r0 = r1 = 1
            bits(0, 1, 0),  // Store r1 = 0: 0
            bits(1, 1, 1),  // Mov r1 → r1: 0
            bits(1, 0, 1),  // Mov r0 → r1: 1
            bits(0, 0, 0),  // Store r0 = 0: 0
            bits(1, 0, 0),  // Mov r0 → r0: 0
            bits(1, 1, 0),
        ]  // Mov r1 → r0: 1
        let o = AsmInterpreter()
        #expect(o.outputs(for: program) == [0, 1, 1, 0, 0, 1, 0, 0, 1])
        let final = program.reduce(o.start) { o.step($0, input: $1).next }
        #expect(final == 0b11)
    }

    // MARK: Every objective

    @Test func reachableStatesAreFiniteAndMinimal() {
        let expected: [String: Int] = [
            "one-ago": 2, "two-ago": 4, "passthrough": 1, "replace-1-with-111": 3, "balanced-parentheses": 9,
            "period-3-loop": 3, "logic-gate-switcher": 4, "two-mode-toggle": 2, "all-three-equal": 1,
            "running-parity": 2, "asm-interpreter": 4,
        ]
        // The suites' tables hold only reachable states by construction; SuiteTests checks their sizes.
        for o in BuiltinObjectives.all where !(o is TableObjective) {
            #expect(reachableStateCount(o) == expected[o.name], "\(o.name)")
        }
    }

    @Test(arguments: BuiltinObjectives.all.map(\.name))
    func generatorDrawsOnlyPossibleInputs(name: String) throws {
        checkSamplesArePossible(try BuiltinObjectives.named(name), sequences: 50, length: 40, seed: 5)
    }

    @Test(arguments: BuiltinObjectives.all.map(\.name))
    func presetIsValid(name: String) throws {
        let o = try BuiltinObjectives.named(name)
        try o.preset.validate()
        try o.preset.shape(inputSize: o.inputCount, outputSize: o.outputCount).validate()
        #expect(!o.summary.isEmpty && !o.summary.contains("\n"))
    }

    @Test func presetsRecordTheOriginalSettings() {
        let driver = Replace1With111().preset
        #expect(driver.cells == [.init(output: 4, state: 2)])
        #expect(driver.activation == .ameo(factor: 0.5, leakyness: 0.1))
        #expect(driver.regularizer == SparseRegularizer(lambda: 0.05, threshold: 0.025, steepness: 10, l1: 0.001))
        #expect(driver.schedule == ScheduleStep.driverDefault)
        #expect(driver.learningRate == 0.01 && driver.batchSize == 1024 && driver.sequenceLength == 20)
        #expect(driver.maxSteps == 5000)

        let notes = LogicGateSwitcher().preset
        #expect(notes.cells == [.init(output: 16, state: 10), .init(output: 16, state: 10)])
        #expect(notes.postLayer == true)
        #expect(notes.activation == .ameo(factor: 0.5, leakyness: 0.01))
        // λ: the notes' alternative value (0.05, not 0.1), and clipping: see LogicGateSwitcher.preset.
        #expect(notes.regularizer == SparseRegularizer(lambda: 0.05, threshold: 0.025, steepness: 25, l1: 0.001))
        #expect(notes.gradientClip == 1)
        #expect(notes.learningRate == 0.004 && notes.schedule.isEmpty)
        #expect(notes.batchSize == 4096 && notes.sequenceLength == 40)
        #expect(notes.patience == 5000)
        // Ours, for the notes' "requires a few restarts" (LogicGateSwitcher.preset): restarts, and room for
        // them (the notes ran 25,000 steps).
        #expect(notes.restartAfter == 3000 && notes.maxSteps == 40_000)
    }

    // MARK: Registry

    @Test func registryNamesAreUniqueAndOrdered() throws {
        let names = BuiltinObjectives.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(
            names == [
                "one-ago", "two-ago", "passthrough", "replace-1-with-111", "balanced-parentheses",
                "period-3-loop", "logic-gate-switcher", "two-mode-toggle", "all-three-equal",
                "running-parity", "asm-interpreter",
            ]
                + (0...9).map { "dfsm-\($0)" } + (1...7).map { "tomita-\($0)" } + [
                    "ones-mod-3", "ones-mod-4", "ones-mod-5",
                ])
        for name in names { #expect(try BuiltinObjectives.named(name).name == name) }
        #expect(BuiltinObjectives.defaultName == "two-ago")
        #expect(try BuiltinObjectives.named(BuiltinObjectives.defaultName) is TwoAgo)
    }

    @Test func unknownNameThrowsNamingIt() {
        let error = #expect(throws: BonsaiError.self) { try BuiltinObjectives.named("nope") }
        #expect(error?.description.contains("'nope'") == true)
        #expect(error?.description.contains("two-ago") == true)
    }

    // MARK: Batch generation

    @Test func generateUsesTheLaneInterleavedLayout() {
        let o = LogicGateSwitcher()
        let length = 5, lanes = 3, din = o.inputCount, dout = o.outputCount
        var inputs = [Float](repeating: 0, count: length * din * lanes)
        var targets = [Float](repeating: 0, count: length * dout * lanes)
        var rng = Rng(seed: 99)
        inputs.withUnsafeMutableBufferPointer { xs in
            targets.withUnsafeMutableBufferPointer { ys in
                o.generate(length: length, lanes: lanes, using: &rng, inputs: xs.baseAddress!, targets: ys.baseAddress!)
            }
        }
        // The default implementation fills lane after lane from one generator: the same draws as one
        // `sample` call per lane, in order.
        var reference = Rng(seed: 99)
        let samples = (0..<lanes).map { _ in o.sample(length: length, using: &reference) }
        for l in 0..<lanes {
            for t in 0..<length {
                for i in 0..<din { #expect(inputs[(t * din + i) * lanes + l] == samples[l].inputs[t][i]) }
                for j in 0..<dout { #expect(targets[(t * dout + j) * lanes + l] == samples[l].targets[t][j]) }
            }
        }
        #expect(rng == reference, "both consume the same random draws")
        // The formula on one spelled-out entry: lane 2, step 1, input 1 → (1·3 + 1)·3 + 2 = 14.
        #expect(inputs[14] == samples[2].inputs[1][1])
        #expect(inputs.allSatisfy { $0 == 1 || $0 == -1 } && targets.allSatisfy { $0 == 1 || $0 == -1 })
        // Targets are the reference machine's outputs on the generated inputs.
        for l in 0..<lanes {
            let xs = (0..<length).map { t in
                (0..<din).reduce(0) { $0 | (inputs[(t * din + $1) * lanes + l] > 0 ? 1 << $1 : 0) }
            }
            let ys = (0..<length).map { t in targets[t * lanes + l] > 0 ? 1 : 0 }
            #expect(o.outputs(for: xs) == ys)
        }
    }

    @Test(arguments: BuiltinObjectives.all.map(\.name))
    func generateIsDeterministicPerSeed(name: String) throws {
        let o = try BuiltinObjectives.named(name)
        func batch(seed: UInt64) -> ([Float], [Float]) {
            let length = 12, lanes = 16
            var xs = [Float](repeating: 0, count: length * o.inputCount * lanes)
            var ys = [Float](repeating: 0, count: length * o.outputCount * lanes)
            var rng = Rng(seed: seed)
            xs.withUnsafeMutableBufferPointer { x in
                ys.withUnsafeMutableBufferPointer { y in
                    o.generate(
                        length: length, lanes: lanes, using: &rng, inputs: x.baseAddress!, targets: y.baseAddress!)
                }
            }
            return (xs, ys)
        }
        let a = batch(seed: 1), b = batch(seed: 1)
        #expect(a.0 == b.0 && a.1 == b.1)
        #expect(!a.0.contains(0) && !a.1.contains(0), "every entry written")
        // Different seeds give different inputs (balanced parentheses is the most constrained generator
        // and still has 2^8 choices in 16 lanes × 12 steps).
        #expect(batch(seed: 2).0 != a.0)
    }
}
