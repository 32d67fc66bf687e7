import Foundation

/// What one neuron computes, read off the values it took during the exploration of reachable states.
///
/// - constant: it only ever took one value.
/// - boolean: it and every source took at most two values; `truthTable` lists every combination of its
///   two-level sources (0 = low, 1 = high), with `output` nil for combinations that never happen, and
///   `function` names it (BooleanNaming). Sources that never change are constants and left out.
/// - analog: it or a source took more than two values (a counter, say); `function` shows what moves it
///   (its activation of the weighted sum) and `range` the values it took.
public struct NeuronExplanation: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable { case constant, boolean, analog }

    public struct Row: Codable, Equatable, Sendable {
        public var inputs: [Int]
        public var output: Int?
        public init(inputs: [Int], output: Int?) {
            self.inputs = inputs
            self.output = output
        }
        private enum Keys: String, CodingKey { case inputs, output }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(inputs, forKey: .inputs)
            try c.encode(output, forKey: .output)  // null = never happens
        }
    }

    public var name: String
    public var kind: Kind
    public var function: String
    public var inputs: [String]
    public var levels: [[Double]]?
    public var outputLevels: [Double]?
    public var truthTable: [Row]?
    public var range: [Double]?
    /// Analog neurons with few distinct (inputs, output) rows: every row that occurs, values exact.
    public var valueTable: [ValueRow]?

    public struct ValueRow: Codable, Equatable, Sendable {
        public var inputs: [Double]
        public var output: Double
    }

    public var table: TruthTable? {
        truthTable.map { rows in
            var r = [Bool?](repeating: nil, count: 1 << inputs.count)
            for row in rows {
                let c = row.inputs.enumerated().reduce(0) { $0 | $1.element << $1.offset }
                r[c] = row.output.map { $0 == 1 }
            }
            return TruthTable(inputs: inputs, rows: r)
        }
    }
}

/// A state's reachable values.
public struct StateExplanation: Codable, Equatable, Sendable {
    public var name: String
    /// Distinct values, sorted; nil when analog (more than `NeuronLogic.maxListedStateValues`).
    public var values: [Double]?
    public var range: [Double]
    /// The node it takes its next value from.
    public var next: String

    private enum Keys: String, CodingKey { case name, values, range, next }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encode(values, forKey: .values)
        try c.encode(range, forKey: .range)
        try c.encode(next, forKey: .next)
    }
}

enum NeuronLogic {
    /// A state with more distinct reachable values than this is reported as analog.
    static let maxListedStateValues = 16

    static func nodeName(_ graph: Graph, _ r: Graph.Ref) -> String {
        switch r {
        case .input(let i): graph.inputs[i]
        case .state(let j): graph.states[j].name
        case .neuron(let k): graph.neurons[k].name
        }
    }

    static func slotName(_ graph: Graph, _ slot: Int) -> String {
        let ni = graph.inputs.count, ns = graph.states.count
        if slot < ni { return graph.inputs[slot] }
        if slot < ni + ns { return graph.states[slot - ni].name }
        return graph.neurons[slot - ni - ns].name
    }

    static func states(_ graph: Graph, _ obs: ValueObservations) -> [StateExplanation] {
        graph.states.enumerated().map { j, s in
            let slot = graph.inputs.count + j
            let values = obs.distinctValues(slot).flatMap { $0.count <= maxListedStateValues ? $0 : nil }
            return StateExplanation(
                name: s.name, values: values, range: [obs.slots[slot].low, obs.slots[slot].high],
                next: nodeName(graph, s.next))
        }
    }

    static func neurons(_ graph: Graph, _ obs: ValueObservations) -> [NeuronExplanation] {
        graph.neurons.indices.map { neuron(graph, obs, $0) }
    }

    static func neuron(_ graph: Graph, _ obs: ValueObservations, _ k: Int) -> NeuronExplanation {
        let n = graph.neurons[k]
        let slot = obs.neuronSlot(k)
        let sources = obs.sources[k]
        let range = [obs.slots[slot].low, obs.slots[slot].high]
        var e = NeuronExplanation(
            name: n.name, kind: .analog, function: "", inputs: sources.map { slotName(graph, $0) })
        if let out = obs.levels(slot), out.count == 1 {
            e.kind = .constant
            e.function = "constant \(format(out[0]))"
            e.range = [out[0], out[0]]
            return e
        }
        guard let out = obs.levels(slot), let combos = obs.combinationKeys(k),
            sources.allSatisfy({ obs.levels($0) != nil })
        else {
            e.function = analogDescription(graph, k, obs)
            e.range = range
            e.valueTable = obs.valueRows[k].map { rows in
                rows.map { r in
                    NeuronExplanation.ValueRow(
                        inputs: r.dropLast().map { Double(bitPattern: $0) }, output: Double(bitPattern: r.last!))
                }.sorted { ($0.inputs.lexicographicallyPrecedes($1.inputs)) }
            }
            return e
        }
        // Boolean: tabulate over the sources that change.
        let varying = sources.indices.filter { obs.levels(sources[$0])!.count == 2 }
        let names = varying.map { slotName(graph, sources[$0]) }
        var rows = [Bool?](repeating: nil, count: 1 << varying.count)
        let outFlip = !obs.secondIsHigh(slot)
        for key in combos {
            var c = 0
            for (j, i) in varying.enumerated() {
                let high = ((key >> i) & 1 == 1) != !obs.secondIsHigh(sources[i])
                if high { c |= 1 << j }
            }
            rows[c] = ((key >> sources.count) & 1 == 1) != outFlip
        }
        let table = TruthTable(inputs: names, rows: rows)
        e.kind = .boolean
        e.inputs = names
        e.levels = varying.map { obs.levels(sources[$0])! }
        e.outputLevels = out
        e.truthTable = rows.indices.map { c in
            NeuronExplanation.Row(inputs: varying.indices.map { (c >> $0) & 1 }, output: rows[c].map { $0 ? 1 : 0 })
        }
        e.function = BooleanNaming.name(table)
        return e
    }

    /// "analog in [−1, 1]: ameo(0.5 + c0.s0 − 2·x0)": what moves it, and where it stays.
    static func analogDescription(_ graph: Graph, _ k: Int, _ obs: ValueObservations) -> String {
        let n = graph.neurons[k]
        let slot = obs.neuronSlot(k)
        var sum = n.bias != 0 || n.edges.isEmpty ? format(n.bias) : ""
        for e in n.edges {
            let w = e.weight, name = nodeName(graph, e.from)
            let mag = abs(w) == 1 ? name : "\(format(abs(w)))·\(name)"
            sum += sum.isEmpty ? (w < 0 ? "−" + mag : mag) : (w < 0 ? " − " : " + ") + mag
        }
        let f: String
        switch n.activation {
        case .linear: f = sum
        case .ameo, .graphTSAmeo: f = "ameo(\(sum))"
        default: f = "\(n.activation.name)(\(sum))"
        }
        let values = obs.distinctValues(slot)
        // Distinct as printed: values a rounding error apart (different summation orders) read as one.
        let shown = values.map { v in v.map(format).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } } }
        let what =
            shown.map {
                $0.count <= 8
                    ? "takes \($0.joined(separator: ", "))"
                    : "\($0.count) values in [\(format(obs.slots[slot].low)), \(format(obs.slots[slot].high))]"
            }
            ?? "analog in [\(format(obs.slots[slot].low)), \(format(obs.slots[slot].high))]"
        return "\(what): \(f)"
    }

    /// Short, exact-looking numbers: up to 4 significant decimals, no trailing zeros.
    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e9 { return String(Int(v)) }
        var s = String(format: "%.4g", v)
        if s.contains(".") && !s.contains("e") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}
