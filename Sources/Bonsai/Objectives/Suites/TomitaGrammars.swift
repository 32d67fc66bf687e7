/// The seven Tomita grammars over {0, 1} as acceptors `tomita-1` … `tomita-7`: the output at step t is
/// whether x_0…x_t is in the language. Each is given by its minimal DFA (dead state included); the
/// comments give the language and the DFA size.
public enum TomitaGrammars {
    public static let all: [TableObjective] = (1...7).map(grammar)

    /// (summary, transitions δ[state][input], accepting states); state 0 is the start.
    static func definition(_ n: Int) -> (String, [[Int]], Set<Int>) {
        switch n {
        // 1*: 2 states (ok, dead).
        case 1: ("1*", [[1, 0], [1, 1]], [0])
        // (10)*: 3 states (even, after 1, dead).
        case 2: ("(10)*", [[2, 1], [0, 2], [2, 2]], [0])
        // No odd run of 1s directly followed by an odd run of 0s: 5 states.
        // 0 clean, 1 odd 1s, 2 odd 1s then odd 0s (rejecting), 3 odd 1s then even 0s, 4 dead.
        case 3:
            (
                "no odd-length run of 1s followed by an odd-length run of 0s",
                [[0, 1], [2, 0], [3, 4], [2, 1], [4, 4]], [0, 1, 3]
            )
        // No 000: 4 states (trailing 0s 0…2, dead).
        case 4: ("no 000 substring", [[1, 0], [2, 0], [3, 0], [3, 3]], [0, 1, 2])
        // Even number of 0s and even number of 1s: 4 states (the two parities).
        case 5: ("an even number of 0s and an even number of 1s", [[1, 2], [0, 3], [3, 0], [2, 1]], [0])
        // (#0 − #1) ≡ 0 mod 3: 3 states.
        case 6: ("(number of 0s − number of 1s) divisible by 3", [[1, 2], [2, 0], [0, 1]], [0])
        // 0*1*0*1*: 5 states (the four phases, dead).
        default: ("0*1*0*1*", [[0, 1], [2, 1], [2, 3], [4, 3], [4, 4]], [0, 1, 2, 3])
        }
    }

    public static func grammar(_ n: Int) -> TableObjective {
        let (language, delta, accepting) = definition(n)
        // Total finite transition tables: construction cannot fail (tests build every grammar).
        var o = try! TableObjective(
            name: "tomita-\(n)", summary: "Tomita \(n): true when the input so far is in \(language)",
            inputCount: 1, outputCount: 1, distribution: .bits([0.5]), preset: preset(n),
            start: 0
        ) { s, x in (delta[s][x], accepting.contains(delta[s][x]) ? 1 : 0) }
        o.avoidDeadStates = 0.9
        return o
    }

    /// The table default, except for Tomita 3, which never validated with it (seeds 1–10). One 8×4 cell at
    /// λ 0.01 for 20,000 steps validated 2 of seeds 1–19, with analog graphs; trained under noise from the
    /// first step (σ 0.1, as dfsm-9) it validates and verifies 6 of seeds 1–10, one of them proven (9
    /// states for the grammar's 5). Noise from the first step on Tomita 7's default cell stopped it learning
    /// (seeds 1–6), so only Tomita 3 has it.
    static func preset(_ n: Int) -> TrainingConfig {
        var t = TableObjective.defaultPreset
        if n == 3 {
            t.cells = [.init(output: 8, state: 4)]
            t.regularizer.lambda = 0.01
            t.maxSteps = 20_000
            t.noise = 0.1
            t.noiseFrom = 0
        }
        return t
    }

    /// The number of DFA states (dead state counted) of grammar `n`'s definition.
    public static func dfaStateCount(_ n: Int) -> Int { definition(n).1.count }
}
