/// Refitting one state at a time (`refitStates`) cannot help when several states are analog together:
/// each is only ever digital once the others are. The 4-state switcher graph keeps a 2-bit mode in four
/// coupled analog states, and no single one of them can be made exact alone.
///
/// This stage decouples them by choosing a *code* first: one exact state vector per abstract state.
/// These choices are tried, in order:
///   1. the objective's minimal machine: each machine state's code is the median of the values each graph
///      state takes alongside it, on −1, −½, 0, ½, 1 (if this works, the graph then *is* the minimal
///      machine);
///   2. the graph's own states, rounded: per state, its explored values grouped where they lie within
///      0.2 of each other, each group on its nearest level, provided the rounded vectors move
///      deterministically (same rounded vector and input, same rounded successor);
///   3. the objective's minimal machine again, each machine state coded by the first graph state reached
///      with it (as is, and on the levels): medians fail for symmetric encodings, where a machine state is
///      held as a vector and as its negation (their median is 0 in every component);
///   4. those first graph states with each state spread over −1…1 (`Rescale`; its readers compensated);
///   5. each state cut to one exact bit between the machine states' medians, the outputs the graph's own
///      (`binarizedGraph`: there every neuron is fitted anew, so pruning tries it only after the state
///      stages are done, on a graph they left short of the minimal machine).
/// Once the codes are fixed, each state's update neuron has its own problem: from every code and every
/// input it must give exactly its component of the next code. That is searched per neuron over a grid,
/// on the neuron's existing edges, and if that fails with one more edge from an input or state (a shift
/// register merges into the minimal machine only when a neuron reads a state it did not read before),
/// and then on fresh sets of a few inputs and states (the codes may need fewer edges, but other ones). A
/// state that copies an input or another state keeps the copy when it gives the codes; otherwise a new
/// update neuron replaces the copy (a shift register's last stage, which must forget what the minimal
/// machine does not need: dfsm-6's "a 1 two steps ago" only matters after a 0). If every neuron has a
/// solution, the graph moves between exact codes only; it is kept if it is then proven (outputs right on
/// every reachable pair).
extension Pruning {
    public func reencodeStates(_ w: inout Work) { reencodeStates(&w, cuttingToBits: false) }

    /// `cuttingToBits`: also try the graph with states cut to bits and every neuron fitted anew, after the
    /// codes from the trained values.
    func reencodeStates(_ w: inout Work, cuttingToBits: Bool) {
        let best = w.proven ? Self.startCandidates(w.graph, objective, reference)?.reachable ?? .max : .max
        for (candidate, how, anew) in Self.reencodings(w.graph, objective, reference, cuttingToBits: cuttingToBits) {
            guard let n = Self.startCandidates(candidate, objective, reference)?.reachable, n < best else { continue }
            var trial = w
            if accept(candidate, into: &trial), trial.proven {
                w = trial
                w.note = how
                w.fittedAnew = w.fittedAnew || anew
                return
            }
        }
    }

    /// Builds the reference machine (outside a pruning run, which has it).
    static func reencodings(
        _ graph: Graph, _ objective: any Objective, cuttingToBits: Bool
    ) -> [(graph: Graph, how: String, anew: Bool)] {
        reencodings(graph, objective, ReferenceMachine.of(objective), cuttingToBits: cuttingToBits)
    }

    /// The re-encoded graphs, best first, each with how it was coded and whether every neuron was fitted
    /// anew (empty when the stage does not apply or no neuron fits).
    static func reencodings(
        _ graph: Graph, _ objective: any Objective, _ reference: ReferenceMachine?,
        cuttingToBits: Bool
    ) -> [(graph: Graph, how: String, anew: Bool)] {
        guard let reference else { return [] }
        func open<O: Objective>(_ o: O) -> [(graph: Graph, how: String, anew: Bool)] {
            let (minimal, classOf) = (reference.minimal, reference.classOf)
            let x = MachineExtraction.explore(graph, o, reference: reference.machine, maxPairs: 20_000)
            if x.closed && x.graphStates.count <= minimal.stateCount { return [] }
            // Each state's update neuron: leak-free Ameo. (States that copy an input or another state are
            // handled after the update neurons.) One that reads other neurons (a quantized state's sign
            // neuron, a second cell's state) is fitted on fresh edges from the inputs and states: the codes
            // need none of the neurons it read.
            var updates: [(state: Int, neuron: Int)] = [], copies: [(state: Int, source: Graph.Ref)] = []
            var base = graph
            for (j, s) in base.states.enumerated() {
                guard case .neuron(let k) = s.next else {
                    copies.append((j, s.next))
                    continue
                }
                guard base.neurons[k].activation.hasExactFlatEnds, !updates.contains(where: { $0.neuron == k })
                else { return [] }
                if base.neurons[k].edges.contains(where: { if case .neuron = $0.from { true } else { false } }) {
                    base.neurons[k].edges = []
                }
                updates.append((j, k))
            }
            let activation = updates.first.map { base.neurons[$0.neuron].activation }
            let sources =
                graph.inputs.indices.map { Graph.Ref.input($0) } + graph.states.indices.map { Graph.Ref.state($0) }
            // States an output or a copy reads as they are keep their scale.
            let readAsIs = Set(graph.outputs.map(\.from) + graph.states.map(\.next))
            let representatives = codesFromRepresentatives(x, minimal: minimal, classOf: classOf)
            let codings =
                [codesFromMachine(x, minimal: minimal, classOf: classOf), codesFromRounding(x)] + representatives
                + rescaled(
                    representatives.first ?? nil, keeping: graph.states.indices.map { readAsIs.contains(.state($0)) })
            let recoded = codings.compactMap { coding -> Graph? in
                guard let coding else { return nil }
                let (codes, machine) = (coding.codes, coding.machine)
                var g = base
                if let rescales = coding.rescales { g = Rescale.compensate(g, rescales) }
                for (j, k) in updates {
                    guard
                        let fit = fitNeuron(
                            g.neurons[k], orAdding: sources, component: j, codes: codes, machine: machine)
                    else { return nil }
                    g.neurons[k] = fit
                }
                for (j, source) in copies where !copyGivesCodes(source, component: j, codes: codes, machine: machine) {
                    guard let activation else { return nil }
                    let copy = Graph.Neuron(
                        name: "\(g.states[j].name).next", activation: activation, bias: 0,
                        edges: [.init(from: source, weight: 1)])
                    guard let fit = fitNeuron(copy, orAdding: sources, component: j, codes: codes, machine: machine)
                    else { return nil }
                    g.neurons.append(fit)
                    g.states[j].next = .neuron(g.neurons.count - 1)
                }
                for j in g.states.indices { g.states[j].initial = codes[machine.start][j] }
                return g.droppingZeroEdges()
            }
            let trained = recoded.map { ($0, "codes from the trained values", false) }
            guard cuttingToBits, let activation,
                let b = binarizedGraph(graph, x, minimal: minimal, classOf: classOf, activation: activation)
            else { return trained }
            let kept = b.states.map(\.name).joined(separator: ", ")
            return trained + [(b, "\(kept) cut to one bit each, every neuron fitted anew", true)]
        }
        return open(objective)
    }

    /// One choice of codes: an exact vector per abstract state, the machine they move in, and how the
    /// states were rescaled from the graph's own values (nil: not at all).
    struct Coding {
        var codes: [[Double]]
        var machine: MealyMachine
        var rescales: [Rescale]? = nil
        init(_ codes: [[Double]], _ machine: MealyMachine, _ rescales: [Rescale]? = nil) {
            self.codes = codes
            self.machine = machine
            self.rescales = rescales
        }
    }

    static let codeLevels: [Double] = [-1, -0.5, 0, 0.5, 1]
    static let clusterGap = 0.2
    static func level(_ v: Double) -> Double { codeLevels.min { abs($0 - v) < abs($1 - v) }! }

    /// Codes for the minimal machine's states: per state, the median of each graph state's values seen
    /// alongside it, on `codeLevels`; nil if two machine states get the same code.
    static func codesFromMachine(
        _ x: MachineExtraction.GraphExploration, minimal: MealyMachine,
        classOf: [Int]
    ) -> Coding? {
        let n = x.graphStates.first?.count ?? 0
        var seen = [[[Double]]](repeating: [[Double]](repeating: [], count: n), count: minimal.stateCount)
        for p in x.visited {
            for j in 0..<n { seen[classOf[p.r]][j].append(x.graphStates[p.g][j]) }
        }
        guard n > 0, seen.allSatisfy({ !$0[0].isEmpty }) else { return nil }
        let codes = seen.map { $0.map { level($0.sorted()[$0.count / 2]) } }
        return Set(codes).count == codes.count ? Coding(codes, minimal) : nil
    }

    /// Codes for the minimal machine's states: per state, the graph state vector first reached with it
    /// (lowest exploration index), as is and rounded to `codeLevels`; each only if the codes are distinct.
    static func codesFromRepresentatives(
        _ x: MachineExtraction.GraphExploration, minimal: MealyMachine,
        classOf: [Int]
    ) -> [Coding?] {
        var first = [Int](repeating: .max, count: minimal.stateCount)
        for p in x.visited { first[classOf[p.r]] = min(first[classOf[p.r]], p.g) }
        guard first.allSatisfy({ $0 < x.graphStates.count }) else { return [] }
        let raw = first.map { x.graphStates[$0] }
        return [raw, raw.map { $0.map(level) }].map { Set($0).count == $0.count ? Coding($0, minimal) : nil }
    }

    /// Representative codes with each state spread over [−1, 1] (`Rescale`), as they are and on
    /// `codeLevels` (a state with three values keeps its middle one wherever it falls, often off the grid;
    /// readers are then compensated only approximately, and verification decides).
    static func rescaled(_ coding: Coding?, keeping: [Bool]) -> [Coding?] {
        guard let coding else { return [] }
        let r = Rescale.spanning(coding.codes, keeping: keeping)
        let leveled = r.codes.map { $0.map(level) }
        return [
            Coding(r.codes, coding.machine, r.rescales),
            leveled != r.codes && Set(leveled).count == leveled.count
                ? Coding(leveled, coding.machine, r.rescales) : nil,
        ]
    }

    /// Codes for the graph's explored states, each component rounded to `codeLevels` by the cluster of
    /// nearby values it falls in (values closer than `clusterGap` to a neighbour share a code: drifting
    /// analog values stay together instead of straddling a rounding boundary), and the machine they form;
    /// nil if two clusters would share a level or the coded states do not move deterministically.
    static func codesFromRounding(_ x: MachineExtraction.GraphExploration) -> Coding? {
        let n = x.graphStates.first?.count ?? 0
        var maps: [[Double: Double]] = []
        for j in 0..<n {
            let values = Set(x.graphStates.map { $0[j] }).sorted()
            var groups: [[Double]] = [[values[0]]]
            for v in values.dropFirst() {
                if v - groups[groups.count - 1].last! > clusterGap {
                    groups.append([v])
                } else {
                    groups[groups.count - 1].append(v)
                }
            }
            let levels = groups.map { level($0[$0.count / 2]) }
            guard Set(levels).count == levels.count else { return nil }
            var map: [Double: Double] = [:]
            for (g, l) in zip(groups, levels) { for v in g { map[v] = l } }
            maps.append(map)
        }
        var index: [[Double]: Int] = [:], codes: [[Double]] = []
        func cluster(_ g: Int) -> Int {
            let c = x.graphStates[g].enumerated().map { maps[$0.offset][$0.element]! }
            if let i = index[c] { return i }
            index[c] = codes.count
            codes.append(c)
            return codes.count - 1
        }
        let start = cluster(0)
        var table: [[MealyMachine.Transition?]] = []
        for (g, row) in x.machine.transitions.enumerated() {
            let from = cluster(g)
            for (input, t) in row.enumerated() {
                guard let t else { continue }
                let to = cluster(t.to)
                while table.count < codes.count { table.append(Array(repeating: nil, count: row.count)) }
                if let known = table[from][input], known.to != to { return nil }
                table[from][input] = .init(to: to, output: 0)
            }
        }
        while table.count < codes.count { table.append(Array(repeating: nil, count: x.machine.alphabetSize)) }
        return Coding(
            codes,
            MealyMachine(
                inputCount: x.machine.inputCount, outputCount: x.machine.outputCount,
                start: start, transitions: table))
    }

    /// Whether a state that copies `source` (an input or another state) already moves between the codes.
    static func copyGivesCodes(_ source: Graph.Ref, component: Int, codes: [[Double]], machine: MealyMachine) -> Bool {
        machine.transitions.enumerated().allSatisfy { s, row in
            row.enumerated().allSatisfy { x, t in
                guard let t else { return true }
                switch source {
                case .input(let i): return ((x >> i) & 1 == 1 ? 1 : -1) == codes[t.to][component]
                case .state(let i): return codes[s][i] == codes[t.to][component]
                case .neuron: return false
                }
            }
        }
    }

    /// `fitNeuron` on the neuron's own edges, else with one more edge from the first of `sources` that
    /// works, else on a fresh set of at most three of `sources` (four of at most six; fewest first). A
    /// fresh set drops edges the codes do not need: dfsm-9's high bit, read a step late from a copied
    /// parity bit and the last input, is one neuron over the input and two states in the minimal
    /// machine's codes, where the trained neuron reads four states and has no room for a fifth edge.
    static func fitNeuron(
        _ neuron: Graph.Neuron, orAdding sources: [Graph.Ref], component: Int, codes: [[Double]],
        machine: MealyMachine
    ) -> Graph.Neuron? {
        if let fit = fitNeuron(neuron, component: component, codes: codes, machine: machine)
            ?? sources.lazy.compactMap({
                fitNeuron(neuron, adding: $0, component: component, codes: codes, machine: machine)
            }).first
        {
            return fit
        }
        for set in subsets(of: sources, upTo: sources.count <= 6 ? 4 : 3) {
            var fresh = neuron
            fresh.edges = set.map { .init(from: $0, weight: 0) }
            if let fit = fitNeuron(fresh, component: component, codes: codes, machine: machine) { return fit }
        }
        return nil
    }

    /// Every subset of `items` with 1…`k` elements, smaller ones first, each in the items' order.
    static func subsets<T>(of items: [T], upTo k: Int) -> [[T]] {
        var out: [[T]] = [], layer: [([T], Int)] = [([], 0)]
        for _ in 0..<min(k, items.count) {
            layer = layer.flatMap { set, next in (next..<items.count).map { (set + [items[$0]], $0 + 1) } }
            out += layer.map(\.0)
        }
        return out
    }

    /// `fitNeuron` with one more edge, from `source` (nil if the neuron already reads it, or if the search
    /// would be too large: at most 5 parameters with the edge).
    static func fitNeuron(
        _ neuron: Graph.Neuron, adding source: Graph.Ref, component: Int, codes: [[Double]],
        machine: MealyMachine
    ) -> Graph.Neuron? {
        guard neuron.edges.count + 2 <= 5, !neuron.edges.contains(where: { $0.from == source }) else { return nil }
        var wider = neuron
        wider.edges.append(.init(from: source, weight: 0))
        return fitNeuron(wider, component: component, codes: codes, machine: machine)
    }

    /// The refit grid with quarters added, for neurons of at most 4 parameters (19⁴ combinations, checked
    /// on a table, not by verification): a state on three levels such as −1, −½, 1 often needs a weight
    /// of 1.25 to put each row on the right piece of the Ameo.
    static let reencodingGridFine: [Double] = refitGrid + [-0.25, 0.25, -0.75, 0.75, -1.25, 1.25, -2.5, 2.5]

    /// Bias and edge weights for `neuron` (its edges unchanged) such that, from every state's code and every
    /// input the machine allows there, it gives exactly `component` of the next state's code. The first
    /// solution in odometer order over the grid (sparsest first); nil if there is none.
    static func fitNeuron(
        _ neuron: Graph.Neuron, component: Int, codes: [[Double]], machine: MealyMachine
    ) -> Graph.Neuron? {
        var rows: [(sources: [Double], want: Double)] = []
        for (s, row) in machine.transitions.enumerated() {
            for (x, t) in row.enumerated() {
                guard let t else { continue }
                let sources = neuron.edges.map { e -> Double in
                    switch e.from {
                    case .input(let i): return (x >> i) & 1 == 1 ? 1 : -1
                    case .state(let j): return codes[s][j]
                    case .neuron: return .nan
                    }
                }
                rows.append((sources, codes[t.to][component]))
            }
        }
        guard let p = gridFit(rows.map(\.sources), want: rows.map(\.want), activation: neuron.activation) else {
            return nil
        }
        var fit = neuron
        fit.bias = p[0]
        for e in fit.edges.indices { fit.edges[e].weight = p[e + 1] }
        return fit
    }

    /// The values each of `n` parameters (bias included) is searched over: the grid shrinks as parameters
    /// grow (`reencodingGridFine` up to 4, `refitGrid` up to 6, `refitGridSmall` up to 8, none beyond).
    static func fitGrid(parameters n: Int) -> [Double] {
        n <= 4 ? reencodingGridFine : n <= 6 ? refitGrid : n <= 8 ? refitGridSmall : []
    }

    /// Bias and weights (bias first) on `fitGrid` such that activation(bias + Σ weight·row) is exactly
    /// `want` on every row: the first solution in odometer order (sparsest first); nil if there is none.
    static func gridFit(_ rows: [[Double]], want: [Double], activation: Activation) -> [Double]? {
        guard let n = rows.first.map({ $0.count + 1 }) else { return nil }
        // Two equal rows that want different values cannot both be met: no need to search.
        var wanted: [[Double]: Double] = [:]
        for (row, w) in zip(rows, want) where wanted.updateValue(w, forKey: row).map({ $0 != w }) ?? false {
            return nil
        }
        let grid = fitGrid(parameters: n)
        guard !grid.isEmpty else { return nil }
        var digits = [Int](repeating: 0, count: n)
        repeat {
            let ok = rows.indices.allSatisfy { r in
                var z = grid[digits[0]]
                for e in rows[r].indices { z += grid[digits[e + 1]] * rows[r][e] }
                return activation.value(z) == want[r]
            }
            if ok { return digits.map { grid[$0] } }
        } while advance(&digits, base: grid.count)
        return nil
    }
}
