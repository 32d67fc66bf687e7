import Testing

@testable import Bonsai

/// "0101…" → symbols.
private func bitString(_ s: String) -> [Int] { s.map { $0 == "1" ? 1 : 0 } }
private func text(_ symbols: [Int]) -> String { String(symbols.map { $0 == 1 ? "1" : "0" }) }

@Suite struct SuiteTests {
    /// The example pairs printed in the 2022 DFSM paper.
    @Test(arguments: [
        (0, "01010100100111111", "01000100000101010"),
        (1, "0101010000111111", "0101000000110110"),
        (2, "01010100111111", "00000100001001"),
        (6, "00100001000", "00111001110"),
        (9, "01010100100111111", "01010100000111011"),
    ])
    func transducerExamplePairs(task: Int, input: String, output: String) throws {
        let o = try BuiltinObjectives.named("dfsm-\(task)")
        #expect(text(o.outputs(for: bitString(input))) == output)
    }

    @Test func transducerTasksSmallOnes() {
        #expect(text(TransducerTasks.task(3).outputs(for: bitString("0010110"))) == "0011111")
        #expect(text(TransducerTasks.task(4).outputs(for: bitString("0010110"))) == "1101001")
        #expect(text(TransducerTasks.task(5).outputs(for: bitString("1111111"))) == "0101010")
        #expect(text(TransducerTasks.task(7).outputs(for: bitString("1011001"))) == "0101100")
        #expect(text(TransducerTasks.task(8).outputs(for: bitString("1011001"))) == "0010110")
    }

    /// The paper's minimal machine sizes, tasks 0–9.
    @Test func transducerMinimalSizes() {
        #expect(TransducerTasks.all.map(\.minimalStateCount) == [2, 3, 3, 2, 1, 2, 3, 2, 4, 4])
    }

    /// The counting tasks share one 8×4 cell validated at the training length; only dfsm-9's 4-state
    /// counter trains under noise, from its first step, and for twice the steps (`TransducerTasks.preset`).
    @Test func countingPresets() {
        for n in [1, 2, 9] {
            let p = TransducerTasks.task(n).preset
            #expect(
                p.cells == [.init(output: 8, state: 4)] && p.resolvedValidationLength == p.sequenceLength, "dfsm-\(n)")
            #expect(p.noise == (n == 9 ? 0.1 : nil) && p.noiseFrom == (n == 9 ? 0 : nil), "dfsm-\(n)")
            #expect(p.maxSteps == (n == 9 ? 40_000 : 20_000), "dfsm-\(n)")
        }
    }

    /// Tomita 3 alone trains one 8×4 cell under noise from its first step; the others keep the default.
    @Test func tomitaPresets() {
        for n in 1...7 {
            let p = TomitaGrammars.grammar(n).preset
            if n == 3 {
                #expect(p.cells == [.init(output: 8, state: 4)] && p.regularizer.lambda == 0.01 && p.maxSteps == 20_000)
                #expect(p.noise == 0.1 && p.noiseFrom == 0)
            } else {
                #expect(p == TableObjective.defaultPreset, "tomita-\(n)")
            }
        }
    }

    /// Sweeps count a proven graph's machine states through the reference table, exact only when the table
    /// itself is minimal.
    @Test func suiteTablesAreMinimal() {
        for o in TransducerTasks.all + TomitaGrammars.all + CountingObjectives.all {
            #expect(o.table.stateCount == o.minimalStateCount, "\(o.name)")
        }
    }

    /// Minimal DFAs (dead state counted) 2, 3, 5, 4, 4, 3, 5; the Mealy form (output = accepted after
    /// this step) is the same size for every Tomita grammar.
    @Test func tomitaSizes() {
        #expect((1...7).map(TomitaGrammars.dfaStateCount) == [2, 3, 5, 4, 4, 3, 5])
        #expect(TomitaGrammars.all.map(\.minimalStateCount) == [2, 3, 5, 4, 4, 3, 5])
    }

    @Test func tomitaLanguages() {
        func accepted(_ n: Int, _ s: String) -> Bool { TomitaGrammars.grammar(n).outputs(for: bitString(s)).last == 1 }
        #expect(accepted(1, "111") && !accepted(1, "1101"))
        #expect(accepted(2, "1010") && !accepted(2, "1001") && !accepted(2, "101"))
        #expect(accepted(3, "1100") && accepted(3, "11100") && !accepted(3, "10") && !accepted(3, "1110001"))
        #expect(accepted(4, "1001001") && !accepted(4, "10001"))
        #expect(accepted(5, "0110") && !accepted(5, "011"))
        #expect(accepted(6, "0011") && accepted(6, "000") && !accepted(6, "01011"))
        #expect(accepted(7, "0011001") && !accepted(7, "10101"))
    }

    /// Tomita 2 at p = 0.5 is dead after a few steps of almost every sequence; the suite's sampling keeps
    /// most prefixes alive, so accepted prefixes are common in the training data.
    @Test func tomitaSamplingAvoidsTheDeadState() {
        var plain = TomitaGrammars.grammar(2)
        let steered = plain
        plain.avoidDeadStates = 0
        func acceptedShare(_ o: TableObjective) -> Double {
            var rng = Rng(seed: 9), accepted = 0, total = 0
            for _ in 0..<200 {
                let (_, ys) = o.sample(length: 20, using: &rng)
                accepted += ys.filter { $0[0] > 0 }.count
                total += ys.count
            }
            return Double(accepted) / Double(total)
        }
        #expect(acceptedShare(plain) < 0.05)
        #expect(acceptedShare(steered) > 0.2)
    }

    @Test func countingAndAliases() throws {
        #expect(text(CountingObjectives.onesMod(3).outputs(for: bitString("1101101"))) == "0001000")
        #expect(CountingObjectives.all.map(\.minimalStateCount) == [3, 4, 5])
        #expect(try BuiltinObjectives.named("parity").name == "running-parity")
        #expect(Set(BuiltinObjectives.all.map(\.name)).count == BuiltinObjectives.all.count)
    }
}
