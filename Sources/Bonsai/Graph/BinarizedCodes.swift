/// The codings `reencodings` tries first keep each state's trained values (medians or representatives on
/// five levels). When the network holds part of its machine in analog states, those values overlap from
/// one machine state to the next and no code on five levels moves exactly: dfsm-9 seed 8 keeps the
/// parity of the ones seen in an exact bit and the count's high bit spread over three analog states
/// whose ranges overlap (the graph behaves as the minimal machine on every sequence explored, but its
/// states never repeat).
///
/// Here each state is sharpened to one bit instead: it is cut at a threshold between the machine states'
/// medians of its values, so it keeps the distinction the network made with it (low for these machine
/// states, high for those), now as exact ±1. Every choice of one cut per state, or leaving the state out,
/// that tells all machine states apart is tried, fewest states first; the update of every kept state and
/// every output is then fitted as one neuron on a fresh set of at most three inputs and states (four when
/// there are at most six), smallest sets first. The first choice where all of them fit gives a graph made
/// of those neurons only, which `reencodeStates(_:cuttingToBits:)` keeps if it is proven. The network's
/// weights are gone from such a graph, so pruning tries it last (`Pruning.run`, `PruneStage`) and says so.
extension Pruning {
    /// The graph with every kept state on ±1 as described above; nil if no choice of cuts fits.
    static func binarizedGraph(
        _ graph: Graph, _ x: MachineExtraction.GraphExploration, minimal: MealyMachine,
        classOf: [Int], activation: Activation
    ) -> Graph? {
        let m = minimal.stateCount, n = graph.states.count
        guard m >= 2, n > 0 else { return nil }
        var seen = [[[Double]]](repeating: [[Double]](repeating: [], count: n), count: m)
        for p in x.visited {
            for j in 0..<n { seen[classOf[p.r]][j].append(x.graphStates[p.g][j]) }
        }
        guard seen.allSatisfy({ !$0[0].isEmpty }) else { return nil }
        // The outputs are the graph's own, as a function of machine state and input, or there is no graph:
        // fitted to the objective instead, they would turn a network that is wrong into a right graph.
        var said = [[Int?]](repeating: [Int?](repeating: nil, count: minimal.alphabetSize), count: m)
        for p in x.visited {
            for (input, t) in x.machine.transitions[p.g].enumerated() {
                guard let y = t?.output else { continue }
                if let known = said[classOf[p.r]][input], known != y { return nil }
                said[classOf[p.r]][input] = y
            }
        }
        guard
            minimal.transitions.indices.allSatisfy({ s in
                minimal.transitions[s].indices.allSatisfy { minimal.transitions[s][$0] == nil || said[s][$0] != nil }
            })
        else { return nil }
        let medians = seen.map { $0.map { $0.sorted()[$0.count / 2] } }
        // Per state: its columns (one ±1 value per machine state), one per gap between sorted medians.
        let cuts: [[[Double]]] = (0..<n).map { j in
            let order = (0..<m).sorted { medians[$0][j] < medians[$1][j] }
            return (1..<m).filter { medians[order[$0 - 1]][j] < medians[order[$0]][j] }.map { c in
                var column = [Double](repeating: 1, count: m)
                for s in order.prefix(c) { column[s] = -1 }
                return column
            }
        }
        // Every choice of one cut or none per state, fewest kept states first (odometer order among equals).
        var choices: [[Int]] = [], digits = [Int](repeating: 0, count: n)
        repeat {
            choices.append(digits)
        } while choices.count < maxBinarizedChoices && advance(&digits, base: cuts.map { $0.count + 1 })
        choices.sort { $0.filter { $0 > 0 }.count < $1.filter { $0 > 0 }.count }
        var fits: [FitKey: [Double]?] = [:]
        for choice in choices {
            let kept = (0..<n).filter { choice[$0] > 0 }
            if let g = binarizedGraph(
                graph, kept: kept, columns: kept.map { cuts[$0][choice[$0] - 1] }, minimal: minimal,
                outputs: said, activation: activation, fits: &fits)
            {
                return g
            }
        }
        return nil
    }

    /// The graph on `kept` states coded by `columns` (one ±1 value per machine state each), if the codes
    /// tell every machine state apart and every update and output fits.
    static func binarizedGraph(
        _ graph: Graph, kept: [Int], columns: [[Double]], minimal: MealyMachine, outputs: [[Int?]],
        activation: Activation, fits: inout [FitKey: [Double]?]
    ) -> Graph? {
        let codes = (0..<minimal.stateCount).map { s in columns.map { $0[s] } }
        // A column equal to another or to its negation adds nothing.
        guard Set(codes).count == codes.count,
            Set(columns.map { $0[0] < 0 ? $0.map { -$0 } : $0 }).count == columns.count
        else { return nil }
        let sources = graph.inputs.indices.map { Graph.Ref.input($0) } + kept.indices.map { Graph.Ref.state($0) }
        func fit(_ want: [Double], named name: String) -> Graph.Neuron? {
            freshFit(want, sources: sources, codes: codes, machine: minimal, activation: activation, cache: &fits)
                .map { .init(name: name, activation: activation, bias: $0.bias, edges: $0.edges) }
        }
        func name(_ ref: Graph.Ref, else fallback: String) -> String {
            if case .neuron(let k) = ref { graph.neurons[k].name } else { fallback }
        }
        var neurons: [Graph.Neuron] = []
        for (i, j) in kept.enumerated() {
            let s = graph.states[j]
            guard
                let n = fit(rowsOf(minimal) { _, _, t in codes[t.to][i] }, named: name(s.next, else: "\(s.name).next"))
            else { return nil }
            neurons.append(n)
        }
        for (b, o) in graph.outputs.enumerated() {
            let want = rowsOf(minimal) { s, input, _ in (outputs[s][input]! >> b) & 1 == 1 ? 1 : -1 }
            guard let n = fit(want, named: name(o.from, else: "\(o.name).value")) else { return nil }
            neurons.append(n)
        }
        let states = kept.enumerated().map { i, j in
            Graph.State(name: graph.states[j].name, initial: codes[minimal.start][i], next: .neuron(i))
        }
        let outs = graph.outputs.enumerated().map { b, o in Graph.Output(name: o.name, from: .neuron(kept.count + b)) }
        return Graph(objective: graph.objective, inputs: graph.inputs, neurons: neurons, states: states, outputs: outs)
            .droppingZeroEdges()
    }

    /// A bound on the choices listed: all of them up to 20,000 (four states over five machine states have
    /// at most 5⁴ = 625; eight states over four machine states, 4⁸ = 65,536, are cut short).
    static let maxBinarizedChoices = 20_000

    /// One value per transition of `machine` (state-major, then input), for the transitions that exist.
    static func rowsOf(_ machine: MealyMachine, _ value: (Int, Int, MealyMachine.Transition) -> Double) -> [Double] {
        machine.transitions.enumerated().flatMap { s, row in
            row.enumerated().compactMap { input, t in t.map { value(s, input, $0) } }
        }
    }

    /// A fit is determined by its rows: the source values and the wanted value per transition.
    struct FitKey: Hashable {
        var rows: [[Double]]
        var want: [Double]
    }

    /// One neuron over a fresh set of `sources` (at most three, four of at most six; fewest first) giving
    /// exactly `want` on every transition of `machine` in `codes`; nil if none does.
    static func freshFit(
        _ want: [Double], sources: [Graph.Ref], codes: [[Double]], machine: MealyMachine,
        activation: Activation, cache: inout [FitKey: [Double]?]
    ) -> Graph.Neuron? {
        for set in subsets(of: sources, upTo: sources.count <= 6 ? 4 : 3) {
            var rows: [[Double]] = []
            for (s, row) in machine.transitions.enumerated() {
                for (x, t) in row.enumerated() where t != nil {
                    rows.append(
                        set.map { ref in
                            switch ref {
                            case .input(let i): (x >> i) & 1 == 1 ? 1 : -1
                            case .state(let j): codes[s][j]
                            case .neuron: .nan
                            }
                        })
                }
            }
            let key = FitKey(rows: rows, want: want)
            let p: [Double]?
            if let known = cache[key] {
                p = known
            } else {
                p = gridFit(rows, want: want, activation: activation)
                cache[key] = p
            }
            if let p {
                return .init(
                    name: "", activation: activation, bias: p[0],
                    edges: zip(set, p.dropFirst()).map { .init(from: $0, weight: $1) })
            }
        }
        return nil
    }
}
