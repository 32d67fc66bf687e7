/// The ten transducer tasks of "Differentiable Finite State Machines" (Google Research, 2022), numbered as
/// there, as `dfsm-0` … `dfsm-9`. One input bit, one output bit, inputs true with probability 0.5. The
/// comment on each gives the paper's minimal machine size; tests check the tables reach exactly that.
public enum TransducerTasks {
    public static let all: [TableObjective] = (0..<10).map(task)

    /// Task `n` of the paper.
    public static func task(_ n: Int) -> TableObjective {
        let (summary, step): (String, (Int, Int) -> (Int, Int)) =
            switch n {
            // 2 states: the parity of the 1s seen so far.
            case 0:
                (
                    "skip every 2nd 1: a 1 is copied when it is the 1st, 3rd, 5th … 1 seen; 0s copied",
                    { c, x in x == 1 ? ((c + 1) % 2, c == 0 ? 1 : 0) : (c, 0) }
                )
            // 3 states: the 1s seen mod 3.
            case 1:
                ("skip every 3rd 1: every 3rd 1 becomes 0", { c, x in x == 1 ? ((c + 1) % 3, c == 2 ? 0 : 1) : (c, 0) })
            // 3 states.
            case 2:
                (
                    "emit every 3rd 1: only the 3rd, 6th, … 1 is emitted",
                    { c, x in x == 1 ? ((c + 1) % 3, c == 2 ? 1 : 0) : (c, 0) }
                )
            // 2 states: whether a 1 has been seen.
            case 3: ("emit 0s until the first 1, then 1s from it on", { seen, x in (seen | x, seen | x) })
            // 1 state.
            case 4: ("invert the bits", { _, x in (0, 1 - x) })
            // 2 states: the phase.
            case 5: ("emit 0101… whatever the input, starting with 0", { phase, _ in (1 - phase, phase) })
            // 3 states: how many more 1s to emit.
            case 6:
                (
                    "replace each 1 with 111 (output true if any of the last three inputs was)",
                    { c, x in
                        let k = x == 1 ? 3 : c
                        return k > 0 ? (k - 1, 1) : (0, 0)
                    }
                )
            // 2 states: the previous input.
            case 7: ("shift right by 1 bit (first output 0)", { prev, x in (x, prev) })
            // 4 states: the previous two inputs.
            case 8: ("shift right by 2 bits (first two outputs 0)", { h, x in ((h << 1 | x) & 3, h >> 1) })
            // 4 states: the 1s seen mod 4.
            default:
                ("skip every 4th 1: every 4th 1 becomes 0", { c, x in x == 1 ? ((c + 1) % 4, c == 3 ? 0 : 1) : (c, 0) })
            }
        // The closure is total over a finite state space: construction cannot fail (tests build every task).
        return try! TableObjective(
            name: "dfsm-\(n)", summary: "DFSM task \(n): " + summary, inputCount: 1, outputCount: 1,
            distribution: .bits([0.5]), preset: preset(n), start: 0, step: step)
    }

    /// The table default with 3 state units where the machine has at most 3 states. Task 3 (the latch)
    /// gets twice the step budget: with 8,000 steps, 5 of seeds 1–100 never validated; with 16,000 all
    /// five did (at steps 7,790–12,921; plateau restarts need budget left to start again).
    static func preset(_ n: Int) -> TrainingConfig {
        var t = TableObjective.defaultPreset
        t.cells = [.init(output: 4, state: n == 8 || n == 9 ? 4 : 3)]
        if n == 3 { t.maxSteps = 16_000 }
        if [1, 2, 9].contains(n) {
            // The counting tasks: copying the input is a deep local minimum (it is right except on every
            // 3rd or 4th 1), and the default (4×3, λ 0.02) stays there: 0–1 of seeds 1–10 solved. One 8×4
            // cell at λ 0.01 learns the counter, but it drifts by one error in a million before twice the
            // training length, so it never validated. Validating at the training length lets the run
            // finish; pruning then verifies at 10× and re-encodes the drifting counter exactly
            // (`Pruning.repaired`). Minimal machines: dfsm-1 62 of seeds 1–100, dfsm-2 30 of 1–50, dfsm-9
            // none of 1–10 without noise, below (0–1 of 1–10 each before); with re-encoding on fresh edge
            // sets dfsm-1 75 of 100 and dfsm-2 75 of 100.
            t.cells = [.init(output: 8, state: 4)]
            t.regularizer.lambda = 0.01
            t.maxSteps = 20_000
            t.validationLength = t.sequenceLength
        }
        if n == 9 {
            // The 4-state counter drifts on analog states: of seeds 1–10, 2 verified at 10× the training
            // length and none was proven. Noise on every neuron's input from the first step (σ 0.1) makes
            // the network hold its states as attractors with a margin, most often on the hard Ameo's flat
            // ends: seeds 1–20 verified 15 times (7 without), 5 proven, 2 minimal machines; seeds 1–40 26, 6
            // and 2. It did not help tasks 1 and 2 (dfsm-2 seeds 1–10: 4 minimal machines against 7), so
            // they train without it.
            t.noise = 0.1
            t.noiseFrom = 0
            // Once pruning cuts analog states to bits, dfsm-9's misses are runs that never validate: 13 of
            // seeds 1–40 within 20,000 steps, several of them at 99.9 % or better before a plateau
            // restart. With 40,000 steps 6 of the first 8 of those validated, each a minimal machine.
            t.maxSteps = 40_000
        }
        return t
    }
}
