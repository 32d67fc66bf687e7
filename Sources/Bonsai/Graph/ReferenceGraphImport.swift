import Foundation

/// Import of the original viewer's "serialized graph" JSON (graph.ts; docs/design.md A.7), so
/// the original demo graphs can be evaluated, verified and drawn by Bonsai.
///
/// The format:
/// ```json
/// { "inputLayer": { "neurons": [N | null, …] },
///   "cells": [ { "outputNeurons": [N | null, …], "recurrentNeurons": [N | null, …],
///                "stateNeurons": [N | null, …], "outputDim": O } ],
///   "postLayers": [ { "neurons": [N | null, …], "outputDim": P } ],
///   "outputs": { "neurons": [N | null, …] } }
/// ```
/// with N = `{ "name", "activation", "bias", "weights": [ { "weight", "index" } ] }`. `null` is a pruned
/// slot; trailing pruned slots may be missing; a missing `postLayers` means none. Index spaces (docs/design.md A.7):
///   - in cell k, an index below prevDim is slot `index` of the layer below (the input layer's slots for
///     cell 0, whose prevDim is the input layer's length; cell k−1's output slots otherwise, prevDim being
///     its `outputDim`); index prevDim + j is state j of the same cell;
///   - in a post layer, an index is an output slot of the layer below (the last cell, or the previous post
///     layer);
///   - output i reads slot `weights[0].index` of the last layer with weight 1 and adds its bias (graph.ts
///     ignores the serialized weight).
///
/// Semantics reproduced exactly (graph.ts evaluates in Double, like `GraphEvaluator`):
///   - `{"type": "interpolatedAmeo", factor, leakyness}` → `.graphTSAmeo(factor:leakyness:)` (the viewer's hard
///     part does not leak; docs/design.md A.1); `{"type": "leakyAmeo"}` → `.graphTSAmeo(factor: 1, leakyness: 0)`
///     (graph.ts passes F = 1, which makes its leakyness irrelevant); `"linear"`, `"tanh"`; a missing
///     activation is linear (graph.ts's default).
///   - A state's `bias` is its initial value. Its next value is recurrent neuron j of its own slot j (graph.ts
///     wires that edge itself); with no recurrent neuron it is 0 after step 0, represented by a constant
///     neuron (no edges, bias 0, linear) named `<state>.next`.
///   - An edge from a null slot of the layer below is dropped: a pruned neuron outputs f(0) = 0.
///   - An edge to a null *state* slot is an error, as in graph.ts: its value would be unknown.
///
/// Every input slot, null or not, becomes an input (the period-3 loop has two unconnected inputs); input
/// bit i of `GraphEvaluator` is slot i. Neurons are emitted per cell (output neurons, then recurrent
/// neurons, then the constant neurons of unfed states), then the post layers, so every neuron reads only
/// earlier ones. Original names are kept.
extension Graph {
    public static func importReference(_ url: URL, objective: String) throws -> Graph {
        let data = try InputFile.data(url)
        return try importReference(data, objective: objective, source: url.path)
    }

    /// `source` names the data in error messages (a file path, usually).
    public static func importReference(
        _ data: Data, objective: String, source: String = "reference graph"
    ) throws -> Graph {
        let file: ReferenceFile
        do { file = try JSONDecoder().decode(ReferenceFile.self, from: data) } catch {
            throw BonsaiError.file(source, ReferenceFile.describe(error))
        }
        do {
            var builder = ReferenceGraphBuilder(objective: objective)
            let g = try builder.build(file)
            try g.validate()
            return g
        } catch let e as BonsaiError {
            throw BonsaiError.file(source, e.description)
        }
    }
}

/// Assembles a `Graph` from a decoded file, layer by layer. A layer's output slots are kept as `[Ref?]`
/// (nil = pruned slot) of length exactly its dimension (prevDim for the layer above), so that the next
/// layer can resolve its indices.
private struct ReferenceGraphBuilder {
    let objective: String
    var neurons: [Graph.Neuron] = []
    var states: [Graph.State] = []

    init(objective: String) { self.objective = objective }

    mutating func build(_ file: ReferenceFile) throws -> Graph {
        let inputNames = file.inputLayer.neurons.enumerated().map { i, n in n?.name ?? "input_\(i)" }
        var below: [Graph.Ref?] = file.inputLayer.neurons.enumerated().map { i, n in n == nil ? nil : .input(i) }
        var belowDim = below.count
        for (k, cell) in file.cells.enumerated() {
            below = try addCell(cell, k, below: below, belowDim: belowDim)
            belowDim = cell.outputDim
        }
        for (m, post) in (file.postLayers ?? []).enumerated() {
            guard post.outputDim >= post.neurons.count else {
                throw BonsaiError(
                    "post layer \(m) has \(post.neurons.count) neuron slots but outputDim \(post.outputDim)")
            }
            var slots = [Graph.Ref?](repeating: nil, count: post.outputDim)
            for (i, n) in post.neurons.enumerated() {
                guard let n else { continue }
                let edges = try n.weights.compactMap { w -> Graph.Edge? in
                    guard (0..<belowDim).contains(w.index) else {
                        throw BonsaiError(
                            "neuron '\(n.name)' reads index \(w.index), outside the \(belowDim) slots below it")
                    }
                    return below[w.index].map { Graph.Edge(from: $0, weight: w.weight) }
                }
                slots[i] = add(n, edges: edges)
            }
            below = slots
            belowDim = post.outputDim
        }
        var outputs: [Graph.Output] = []
        for (i, n) in file.outputs.neurons.enumerated() {
            outputs.append(try output(n, slot: i, below: below, belowDim: belowDim))
        }
        return Graph(objective: objective, inputs: inputNames, neurons: neurons, states: states, outputs: outputs)
    }

    /// Adds cell k's neurons and states; returns its output slots (length `outputDim`).
    private mutating func addCell(
        _ cell: ReferenceFile.Cell, _ k: Int, below: [Graph.Ref?], belowDim: Int
    ) throws -> [Graph.Ref?] {
        guard cell.outputDim >= cell.outputNeurons.count else {
            throw BonsaiError("cell \(k) has \(cell.outputNeurons.count) output slots but outputDim \(cell.outputDim)")
        }
        // States first: output and recurrent neurons read them. Their `next` is set once the recurrent
        // neurons exist.
        var stateSlots: [Int?] = []
        for n in cell.stateNeurons {
            guard let n else {
                stateSlots.append(nil)
                continue
            }
            let j = stateSlots.count
            guard n.weights.isEmpty || (n.weights.count == 1 && n.weights[0].weight == 1 && n.weights[0].index == j)
            else {
                throw BonsaiError(
                    "state '\(n.name)' must have at most one edge, of weight 1 from recurrent neuron \(j)")
            }
            stateSlots.append(states.count)
            // Placeholder target, replaced below before anything can read it.
            states.append(Graph.State(name: n.name, initial: n.bias, next: .state(states.count)))
        }
        func edges(_ n: ReferenceFile.Neuron) throws -> [Graph.Edge] {
            try n.weights.compactMap { w in
                if w.index < 0 { throw BonsaiError("neuron '\(n.name)' reads negative index \(w.index)") }
                if w.index < belowDim { return below[w.index].map { Graph.Edge(from: $0, weight: w.weight) } }
                let j = w.index - belowDim
                guard stateSlots.indices.contains(j), let s = stateSlots[j] else {
                    throw BonsaiError(
                        "neuron '\(n.name)' reads state \(j) of cell \(k) (index \(w.index)), which is missing")
                }
                return Graph.Edge(from: .state(s), weight: w.weight)
            }
        }
        var outputs = [Graph.Ref?](repeating: nil, count: cell.outputDim)
        for (i, n) in cell.outputNeurons.enumerated() {
            if let n { outputs[i] = add(n, edges: try edges(n)) }
        }
        var recurrent: [Graph.Ref?] = []
        for n in cell.recurrentNeurons {
            recurrent.append(try n.map { add($0, edges: try edges($0)) })
        }
        for (j, s) in stateSlots.enumerated() {
            guard let s else { continue }
            if j < recurrent.count, let r = recurrent[j] {
                states[s].next = r
            } else {
                neurons.append(Graph.Neuron(name: "\(states[s].name).next", activation: .linear, bias: 0, edges: []))
                states[s].next = .neuron(neurons.count - 1)
            }
        }
        return outputs
    }

    /// Output i: the slot it reads plus its bias (graph.ts's OutputNeuron is linear with weight 1). A null
    /// output slot, or one whose source slot is null, outputs its bias alone (0 for a null slot).
    private mutating func output(
        _ n: ReferenceFile.Neuron?, slot i: Int, below: [Graph.Ref?], belowDim: Int
    ) throws -> Graph.Output {
        guard let n else {
            neurons.append(Graph.Neuron(name: "output_\(i)", activation: .linear, bias: 0, edges: []))
            return Graph.Output(name: "output_\(i)", from: .neuron(neurons.count - 1))
        }
        guard let w = n.weights.first else { throw BonsaiError("output '\(n.name)' has no edge") }
        guard (0..<belowDim).contains(w.index) else {
            throw BonsaiError("output '\(n.name)' reads index \(w.index), outside the \(belowDim) slots below it")
        }
        let source = below[w.index]
        if let source, n.bias == 0 { return Graph.Output(name: n.name, from: source) }
        let edges = source.map { [Graph.Edge(from: $0, weight: 1)] } ?? []
        neurons.append(Graph.Neuron(name: n.name, activation: .linear, bias: n.bias, edges: edges))
        return Graph.Output(name: n.name, from: .neuron(neurons.count - 1))
    }

    private mutating func add(_ n: ReferenceFile.Neuron, edges: [Graph.Edge]) -> Graph.Ref {
        neurons.append(Graph.Neuron(name: n.name, activation: n.activation.bonsai, bias: n.bias, edges: edges))
        return .neuron(neurons.count - 1)
    }
}

/// The serialized graph, decoded as written. Decoding fails on a missing layer or field and on an
/// activation Bonsai cannot reproduce.
private struct ReferenceFile: Decodable {
    struct Weight: Decodable {
        var weight: Double
        var index: Int
    }

    struct Neuron: Decodable {
        var name: String
        var activation: ReferenceActivation
        var bias: Double
        var weights: [Weight]

        private enum Keys: String, CodingKey { case name, activation, bias, weights }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            name = try c.decode(String.self, forKey: .name)
            activation = try c.decodeIfPresent(ReferenceActivation.self, forKey: .activation) ?? .linear
            bias = try c.decode(Double.self, forKey: .bias)
            weights = try c.decode([Weight].self, forKey: .weights)
        }
    }

    /// Input slots: only the name matters (graph.ts rebuilds input neurons from their position).
    struct InputSlot: Decodable { var name: String? }
    struct InputLayer: Decodable { var neurons: [InputSlot?] }
    struct Cell: Decodable {
        var outputNeurons: [Neuron?]
        var recurrentNeurons: [Neuron?]
        var stateNeurons: [Neuron?]
        var outputDim: Int
    }
    struct PostLayer: Decodable {
        var neurons: [Neuron?]
        var outputDim: Int
    }
    struct Outputs: Decodable { var neurons: [Neuron?] }

    var inputLayer: InputLayer
    var cells: [Cell]
    var postLayers: [PostLayer]?
    var outputs: Outputs

    /// One line: what is wrong and where (a JSON path such as `cells.0.outputNeurons.2.activation`).
    static func describe(_ error: Error) -> String {
        func at(_ keys: [CodingKey]) -> String {
            keys.isEmpty
                ? "" : " at " + keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        let text: String
        switch error {
        case DecodingError.keyNotFound(let key, let ctx):
            text = "not a reference graph: missing key '\(key.stringValue)'\(at(ctx.codingPath))"
        case DecodingError.typeMismatch(_, let ctx):
            text = "not a reference graph: wrong type\(at(ctx.codingPath)): \(ctx.debugDescription)"
        case DecodingError.valueNotFound(_, let ctx): text = "not a reference graph: missing value\(at(ctx.codingPath))"
        // With no path the data itself is not JSON; with one, a value is wrong (an unknown activation type).
        case DecodingError.dataCorrupted(let ctx) where ctx.codingPath.isEmpty:
            text = "not a reference graph: \(ctx.debugDescription)"
        case DecodingError.dataCorrupted(let ctx): text = "\(ctx.debugDescription)\(at(ctx.codingPath))"
        default: text = "not a reference graph: \(error)"
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// An activation as graph.ts names it: a string, or an object with a `type`.
private enum ReferenceActivation: Decodable {
    case linear, tanh
    case interpolatedAmeo(factor: Double, leakyness: Double)
    case leakyAmeo

    private enum Keys: String, CodingKey { case type, factor, leakyness }

    init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            switch name {
            case "linear": self = .linear
            case "tanh": self = .tanh
            default:
                throw DecodingError.dataCorruptedError(
                    in: single, debugDescription: "unknown activation type '\(name)'")
            }
            return
        }
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        // graph.ts: `id.leakyness ?? 0`.
        case "interpolatedAmeo":
            self = .interpolatedAmeo(
                factor: try c.decode(Double.self, forKey: .factor),
                leakyness: try c.decodeIfPresent(Double.self, forKey: .leakyness) ?? 0)
        case "leakyAmeo": self = .leakyAmeo
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown activation type '\(type)'")
        }
    }

    var bonsai: Activation {
        switch self {
        case .linear: .linear
        case .tanh: .tanh
        case .interpolatedAmeo(let f, let l): .graphTSAmeo(factor: Float(f), leakyness: Float(l))
        case .leakyAmeo: .graphTSAmeo(factor: 1, leakyness: 0)
        }
    }
}
