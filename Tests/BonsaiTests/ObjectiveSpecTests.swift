import Testing

@testable import Bonsai

private func parse(_ yaml: String) throws -> TableObjective { try ObjectiveSpec.parse(yaml, file: "t.yaml") }

/// The error a spec gets, or nil.
private func problem(_ yaml: String) -> String? {
    do {
        _ = try parse(yaml)
        return nil
    } catch { return "\(error)" }
}

@Suite struct ObjectiveSpecTests {
    static let mealy = """
        name: skip-2nd
        kind: mealy
        inputs: [x]
        outputs: [y]
        states: [even, odd]
        start: even
        transitions:
          - [even, "0", even, "0"]
          - [even, "1", odd, "1"]
          - [odd, "0", odd, "0"]
          - [odd, "1", even, "0"]
        preset:
          cells: [4x2]
          steps: 3000
        """

    @Test func mealySpecMatchesTheBuiltinTask() throws {
        let o = try parse(Self.mealy)
        #expect(o.name == "skip-2nd" && o.inputCount == 1 && o.outputCount == 1 && o.minimalStateCount == 2)
        #expect(o.preset.cells == [.init(output: 4, state: 2)] && o.preset.maxSteps == 3000)
        #expect(o.preset.restartAfter == 2000, "a spec's default preset restarts after 2,000 steps on a plateau")
        let noRestarts = try parse(
            Self.mealy.replacingOccurrences(of: "steps: 3000", with: "steps: 3000\n  restart-after: 0"))
        #expect(noRestarts.preset.restartAfter == nil)
        let xs = (0..<200).map { ($0 * 7 + $0 / 3) % 2 }
        #expect(o.outputs(for: xs) == TransducerTasks.task(0).outputs(for: xs))
        #expect(o.specText == Self.mealy)
    }

    @Test func acceptorSpec() throws {
        let o = try parse(
            """
            kind: acceptor
            inputs: [x]
            states: [ok, dead]
            start: ok
            accepting: [ok]
            transitions:
              - [ok, "1", ok]
              - [ok, "0", dead]
              - [dead, "-", dead]
            """)
        #expect(o.outputs(for: [1, 1, 0, 1]) == [1, 1, 0, 0])
        #expect(o.minimalStateCount == TomitaGrammars.grammar(1).minimalStateCount)
    }

    @Test func expressionSpecWithDelays() throws {
        let o = try parse(
            """
            kind: expression
            inputs: [a, b]
            outputs:
              y: xor(a, b[t-2])
              z: ite(a[t-1], not(b), and(a, b, 1))
            distribution: {a: 0.25}
            """)
        #expect(o.inputCount == 2 && o.outputCount == 2)
        var rng = Rng(seed: 3)
        let xs = (0..<300).map { _ in o.sampleInput(in: 0, using: &rng) }
        let ys = o.outputs(for: xs)
        for t in xs.indices {
            let a = { (d: Int) in t - d >= 0 && xs[t - d] & 1 == 1 }
            let b = { (d: Int) in t - d >= 0 && xs[t - d] & 2 == 2 }
            #expect(ys[t] & 1 == ((a(0) != b(2)) ? 1 : 0))
            #expect(ys[t] >> 1 == ((a(1) ? !b(0) : (a(0) && b(0))) ? 1 : 0))
        }
        // a true in about a quarter of the steps.
        let share = Double(xs.filter { $0 & 1 == 1 }.count) / Double(xs.count)
        #expect(share > 0.15 && share < 0.35)
    }

    @Test func weightedSymbolsLimitTheInputs() throws {
        let o = try parse(
            """
            kind: expression
            inputs: [a, b]
            outputs: {y: "and(a, b)"}
            distribution:
              symbols: {"10": 1, "11": 3}
            """)
        #expect(o.possibleInputs(in: 0) == [1, 3])
    }

    // One malformed spec per kind of problem; each message is located "t.yaml:line:column:".
    @Test func unknownSymbols() {
        #expect(
            problem(Self.mealy.replacingOccurrences(of: "[odd, \"0\", odd, \"0\"]", with: "[odd, \"0\", odd2, \"0\"]"))
                == "t.yaml:10:16: unknown state 'odd2' (states: even, odd)")
        #expect(
            problem(Self.mealy.replacingOccurrences(of: "[even, \"1\", odd, \"1\"]", with: "[even, \"x\", odd, \"1\"]"))
                == "t.yaml:9:13: unknown input symbol 'x': use 0, 1 or - per input")
        #expect(
            problem("kind: expression\ninputs: [a]\noutputs:\n  y: xor(a, c[t-1])\n")
                == "t.yaml:4:13: unknown input 'c' (inputs: a)")
        #expect(
            problem("kind: expression\ninputs: [a]\noutputs:\n  y: nand(a, a)\n")
                == "t.yaml:4:6: unknown function 'nand'; known: and, or, xor, not, ite")
    }

    @Test func missingAndDuplicateTransitions() {
        #expect(
            problem(Self.mealy.replacingOccurrences(of: "  - [odd, \"1\", even, \"0\"]\n", with: ""))
                == "t.yaml:5:16: missing transition for state 'odd' on input 1")
        let twice = Self.mealy.replacingOccurrences(of: "preset:", with: "  - [odd, \"1\", odd, \"1\"]\npreset:")
        #expect(
            problem(twice).map {
                $0.hasPrefix("t.yaml:")
                    && $0.contains("duplicate transition for state 'odd' on input 1 (first at line 11)")
            } == true)
    }

    @Test func unreachableState() {
        let spec = Self.mealy.replacingOccurrences(of: "[even, odd]", with: "[even, odd, lost]")
            .replacingOccurrences(of: "preset:", with: "  - [lost, \"-\", lost, \"0\"]\npreset:")
        #expect(problem(spec) == "t.yaml:5:21: state 'lost' is unreachable from the start state 'even'")
    }

    @Test func wrongArity() {
        #expect(
            problem(Self.mealy.replacingOccurrences(of: "[even, \"0\", even, \"0\"]", with: "[even, \"0\", even]"))
                == "t.yaml:8:5: a transition has 4 items, [state, input, next, output] (got 3)")
        #expect(
            problem(
                Self.mealy.replacingOccurrences(of: "[even, \"0\", even, \"0\"]", with: "[even, \"00\", even, \"0\"]"))
                == "t.yaml:8:12: input symbol '00' has 2 bit(s); the spec has 1 input(s), one character each")
        #expect(
            problem("kind: expression\ninputs: [a]\noutputs:\n  y: not(a, a)\n")
                == "t.yaml:4:6: not takes 1 argument(s), got 2")
        #expect(
            problem("kind: expression\ninputs: [a]\noutputs:\n  y: xor(a)\n")
                == "t.yaml:4:6: xor takes at least 2 argument(s), got 1")
    }

    @Test func badProbabilities() {
        #expect(
            problem(Self.mealy + "\ndistribution: {x: 1.5}")
                == "t.yaml:15:19: the probability of x must be in [0, 1] (got 1.5)")
        #expect(
            problem(Self.mealy + "\ndistribution: {x: -0.1}")
                == "t.yaml:15:19: the probability of x must be in [0, 1] (got -0.1)")
        #expect(
            problem(Self.mealy + "\ndistribution:\n  symbols: {\"0\": 0, \"1\": 0}")
                == "t.yaml:16:3: the symbol weights must not all be 0")
        #expect(
            problem(Self.mealy + "\ndistribution: {z: 0.5}")
                == "t.yaml:15:16: unknown input 'z' (inputs: x; or use 'symbols:')")
    }

    @Test func otherMistakesAreLocatedToo() {
        #expect(
            problem("kind: moore\ninputs: [x]\n")
                == "t.yaml:1:7: unknown kind 'moore'; one of mealy, acceptor, expression")
        #expect(
            problem("kind: mealy\ninputs: [x]\nstatez: [a]\n")?.hasPrefix("t.yaml:3:1: unknown key 'statez'") == true)
        #expect(
            problem(Self.mealy.replacingOccurrences(of: "steps: 3000", with: "steps: many"))
                == "t.yaml:14:10: steps must be a whole number")
        #expect(problem("kind: mealy\ninputs: [x\n")?.hasPrefix("t.yaml: not valid YAML") == true)
    }

    @Test func runConfigRebuildsTheSpecObjective() throws {
        let o = try parse(Self.mealy)
        let c = RunConfig(
            objective: o.name, seed: 1, restarts: 0, threads: 1, training: o.preset, objectiveSpec: o.specText)
        let rebuilt = try c.makeObjective()
        #expect(rebuilt.name == "skip-2nd")
        #expect(rebuilt.outputs(for: [1, 1, 1, 0, 1]) == [1, 0, 1, 0, 0])
    }
}
