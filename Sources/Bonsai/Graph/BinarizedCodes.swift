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
/// of those neurons only, which `reencodeStates` keeps if it is proven.
extension Pruning {
    /// The graph with every kept state on ±1 as described above; nil if no choice of cuts fits.
    static func binarizedGraph(_ graph: Graph, _ x: MachineExtraction.GraphExploration, minimal: MealyMachine,
                               classOf: [Int], activation: Activation) -> Graph? {
        let m = minimal.stateCount, n = graph.states.count
        guard m >= 2, n > 0 else { return nil }
        var seen = [[[Double]]](repeating: [[Double]](repeating: [], count: n), count: m)
        for p in x.visited {
            for j in 0..<n { seen[classOf[p.r]][j].append(x.graphStates[p.g][j]) }
        }
        guard seen.allSatisfy({ !$0[0].isEmpty }) else { return nil }
        // The outputs are the graph's own, as a function of machine state and input, or there is no graph:
        // fitted to the objective instead, they would turn a network that is wrong into a right graph.
        var outputs = [[Int?]](repeating: [Int?](repeating: nil, count: minimal.alphabetSize), count: m)
        for p in x.visited {
            for (input, t) in x.machine.transitions[p.g].enumerated() {
                guard let y = t?.output else { continue }
                if let known = outputs[classOf[p.r]][input], known != y { return nil }
                outputs[classOf[p.r]][input] = y
            }
        }
        guard minimal.transitions.indices.allSatisfy({ s in
            minimal.transitions[s].indices.allSatisfy { minimal.transitions[s][$0] == nil || outputs[s][$0] != nil }
        }) else { return nil }
        let medians = seen.map { $0.map { $0.sorted()[$0.count / 2] } }
        // Per state: its columns (one ±1 value per machine state), one per gap between sorted medians.
        let options: [[[Double]?]] = (0..<n).map { j in
            let order = (0..<m).sorted { medians[$0][j] < medians[$1][j] }
            var columns: [[Double]?] = [nil]
            for c in 1..<m where medians[order[c - 1]][j] < medians[order[c]][j] {
                var column = [Double](repeating: 1, count: m)
                for s in order.prefix(c) { column[s] = -1 }
                columns.append(column)
            }
            return columns
        }
        var choices: [[Int]] = []
        var digits = [Int](repeating: 0, count: n)
        repeat {
            choices.append(digits)
        } while choices.count < maxBinarizedChoices && advance(&digits, base: options.map(\.count))
        choices.sort { $0.filter { $0 > 0 }.count < $1.filter { $0 > 0 }.count }

        var fits: [FitKey: [Double]?] = [:]
        for choice in choices {
            let kept = (0..<n).filter { choice[$0] > 0 }
            let columns = kept.map { options[$0][choice[$0]]! }
            // Codes must tell every machine state apart; a column equal to another or its negation adds nothing.
            let codes = (0..<m).map { s in columns.map { $0[s] } }
            guard Set(codes).count == m,
                  Set(columns.map { $0[0] < 0 ? $0.map { -$0 } : $0 }).count == columns.count else { continue }
            let sources = graph.inputs.indices.map { Graph.Ref.input($0) } + kept.indices.map { Graph.Ref.state($0) }
            // Targets: each kept state's next code, then each output's sign.
            var targets = kept.indices.map { i in rowsOf(minimal) { _, _, t in codes[t.to][i] } }
            targets += graph.outputs.indices.map { b in
                rowsOf(minimal) { s, input, _ in (outputs[s][input]! >> b) & 1 == 1 ? 1 : -1 }
            }
            var neurons: [Graph.Neuron] = []
            for (i, want) in targets.enumerated() {
                guard let neuron = freshFit(want, sources: sources, codes: codes, machine: minimal,
                                            activation: activation, cache: &fits) else { break }
                let name: String
                if i < kept.count {
                    if case let .neuron(k) = graph.states[kept[i]].next { name = graph.neurons[k].name } else { name = "\(graph.states[kept[i]].name).next" }
                } else {
                    let o = graph.outputs[i - kept.count]
                    if case let .neuron(k) = o.from { name = graph.neurons[k].name } else { name = "\(o.name).value" }
                }
                neurons.append(.init(name: name, activation: activation, bias: neuron.bias, edges: neuron.edges))
            }
            guard neurons.count == targets.count else { continue }
            let states = kept.enumerated().map { i, j in
                Graph.State(name: graph.states[j].name, initial: codes[minimal.start][i], next: .neuron(i))
            }
            let outputs = graph.outputs.enumerated().map { b, o in Graph.Output(name: o.name, from: .neuron(kept.count + b)) }
            return Graph(objective: graph.objective, inputs: graph.inputs, neurons: neurons, states: states, outputs: outputs)
                .droppingZeroEdges()
        }
        return nil
    }

    /// Enough for one cut per state of eight states over four machine states (4⁸ = 65,536 would not be).
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
    static func freshFit(_ want: [Double], sources: [Graph.Ref], codes: [[Double]], machine: MealyMachine,
                         activation: Activation, cache: inout [FitKey: [Double]?]) -> Graph.Neuron? {
        for set in subsets(of: sources, upTo: sources.count <= 6 ? 4 : 3) {
            var rows: [[Double]] = []
            for (s, row) in machine.transitions.enumerated() {
                for (x, t) in row.enumerated() where t != nil {
                    rows.append(set.map { ref in
                        switch ref {
                        case let .input(i): (x >> i) & 1 == 1 ? 1 : -1
                        case let .state(j): codes[s][j]
                        case .neuron: .nan
                        }
                    })
                }
            }
            let key = FitKey(rows: rows, want: want)
            let p: [Double]?
            if let known = cache[key] { p = known } else {
                p = gridFit(rows, want: want, activation: activation)
                cache[key] = p
            }
            if let p {
                return .init(name: "", activation: activation, bias: p[0],
                             edges: zip(set, p.dropFirst()).map { .init(from: $0, weight: $1) })
            }
        }
        return nil
    }
}
