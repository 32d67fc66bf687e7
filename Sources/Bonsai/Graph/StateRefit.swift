/// Training leaves states analog, or digital with spare values: dfsm-3 seed 9 remembers "a 1 was seen"
/// in an integrator, `ameo(1.328 − 0.6719·x0 + s)`, whose value alternates between −0.34375 and −0.3125,
/// so the graph reaches 3 distinct states for a 2-state machine. Snapping parameters one at a time to the
/// nearest grid value cannot fix that: the two values only coincide far from the trained weights.
///
/// This stage searches each state's update neuron as a whole: every combination of its parameters (bias
/// and the weights of the edges it already has) on a small grid of values where a leak-free Ameo's kinks
/// and flat ends sit. In a proven graph a candidate is kept when the graph stays proven and reaches fewer
/// distinct state vectors. In an analog graph it is kept when this state then takes only a few values (and
/// the graph still passes), or when the whole graph becomes proven: with every state digital, the
/// exploration closes. The edges are the network's; only their weights change, and every kept change is
/// verified like any other. Neurons with more than 5 parameters are left alone (7^5 candidates is the cap).
extension Pruning {
    public func refitStates(_ w: inout Work) {
        guard let reference else { return }
        let (refStates, floor) = (reference.machine.stateCount, reference.minimal.stateCount)
        for j in w.graph.states.indices {
            guard case .neuron(let k) = w.graph.states[j].next, w.graph.neurons[k].activation.hasExactFlatEnds else {
                continue
            }
            let n = w.graph.neurons[k].edges.count + 1
            let grid = n <= 4 ? Self.refitGrid : n == 5 ? Self.refitGridSmall : []
            guard !grid.isEmpty else { continue }
            var best = w.proven ? Self.startCandidates(w.graph, objective, reference)?.reachable ?? Int.max : Int.max
            if best <= floor { break }
            // An analog graph first needs this state to take few values; a proven one, fewer vectors.
            var screen = searchLimits
            screen.maxPairs = w.proven ? max(1, best - 1) * refStates : Self.refitScreenPairs
            screen.sampledSequences = 0
            let slot = w.graph.inputs.count + j
            var digits = [Int](repeating: 0, count: n)
            repeat {
                var candidate = w.graph
                candidate.neurons[k].bias = grid[digits[0]]
                for e in 0..<n - 1 { candidate.neurons[k].edges[e].weight = grid[digits[e + 1]] }
                guard candidate != w.graph else { continue }
                let values = Verifier.ValueSets(
                    count: candidate.inputs.count + candidate.states.count + candidate.neurons.count,
                    maxDistinct: 2 * floor)
                let v = Verifier.verify(candidate, objective: objective, limits: screen, seed: 1, collecting: values)
                guard v.passed else { continue }
                if w.proven || v.status == .proven {
                    guard v.status == .proven,
                        let count = Self.startCandidates(candidate, objective, reference)?.reachable,
                        count < best
                    else { continue }
                    var trial = w
                    if accept(candidate, into: &trial), trial.proven {
                        w = trial
                        best = count
                        if best <= floor { break }
                    }
                } else if values.values(slot) != nil, accept(candidate, into: &w) {
                    break  // this state is digital now; on to the next
                }
            } while Self.advance(&digits, base: grid.count)
        }
        w.graph = w.graph.droppingZeroEdges()
    }

    /// The exploration cap while screening candidates for an analog graph: a wrong candidate fails within
    /// a few steps, a right one shows whether the state's values stay few.
    static let refitScreenPairs = 2000

    /// Values a leak-free Ameo turns into exact ±1 or 0 from ±1 inputs: its kinks sit at odd integers,
    /// its zeros at even ones.
    static let refitGrid: [Double] = [0, -1, 1, -2, 2, -3, 3, -0.5, 0.5, -1.5, 1.5]
    static let refitGridSmall: [Double] = [0, -1, 1, -2, 2, -3, 3]

    /// The next combination (odometer order); false after the last one.
    static func advance(_ digits: inout [Int], base: Int) -> Bool {
        // Not written with the mixed-radix one below: this runs once per grid point of every fit.
        for i in digits.indices {
            digits[i] += 1
            if digits[i] < base { return true }
            digits[i] = 0
        }
        return false
    }

    /// The next combination with digit i below `base[i]` (odometer order); false after the last one.
    static func advance(_ digits: inout [Int], base: [Int]) -> Bool {
        for i in digits.indices {
            digits[i] += 1
            if digits[i] < base[i] { return true }
            digits[i] = 0
        }
        return false
    }

    /// The objective's reference machine: its reachable states and its minimal machine's states; nil
    /// without one.
    static func referenceSizes(_ objective: any Objective) -> (reachable: Int, minimal: Int)? {
        ReferenceMachine.of(objective).map { ($0.machine.stateCount, $0.minimal.stateCount) }
    }
}
