import Foundation

/// A pruned network as a computational graph a person can read (docs/design.md §6).
///
/// Nodes are inputs, neurons, states and outputs. A neuron computes activation(bias + Σ weight·source);
/// a state holds a value from the previous step: its initial value, then whatever its `next` node computed
/// at the step before. One timestep evaluates every neuron from the current inputs and the *previous*
/// state values, in array order (a neuron reads only inputs, states and earlier neurons), then commits all
/// states at once. This is exactly the network's step.
///
/// JSON (format "bonsai-graph", version 1):
/// ```json
/// { "format": "bonsai-graph", "version": 1, "objective": "two-ago",
///   "inputs": ["x0"],
///   "neurons": [ { "name": "c0.o2", "activation": {"type": "ameo", ...}, "bias": 0,
///                  "edges": [ { "from": {"state": 1}, "weight": -1 } ] } ],
///   "states":  [ { "name": "c0.s0", "initial": 1, "next": {"neuron": 3} } ],
///   "outputs": [ { "name": "y0", "from": {"neuron": 4} } ] }
/// ```
/// A reference is `{"input": i}`, `{"state": j}` or `{"neuron": k}` (indices into the arrays above).
public struct Graph: Codable, Equatable, Sendable {
    public static let format = "bonsai-graph"
    public static let currentVersion = 1

    public var format: String = Graph.format
    public var version: Int = Graph.currentVersion
    public var objective: String
    public var inputs: [String]
    public var neurons: [Neuron]
    public var states: [State]
    public var outputs: [Output]

    public enum Ref: Hashable, Sendable {
        case input(Int)
        case state(Int)
        case neuron(Int)
    }

    public struct Edge: Codable, Equatable, Sendable {
        public var from: Ref
        public var weight: Double
        public init(from: Ref, weight: Double) {
            self.from = from
            self.weight = weight
        }
    }

    public struct Neuron: Codable, Equatable, Sendable {
        public var name: String
        public var activation: Activation
        public var bias: Double
        public var edges: [Edge]
        public init(name: String, activation: Activation, bias: Double, edges: [Edge]) {
            self.name = name
            self.activation = activation
            self.bias = bias
            self.edges = edges
        }
    }

    public struct State: Codable, Equatable, Sendable {
        public var name: String
        public var initial: Double
        /// The node whose value becomes this state's value at the next step.
        public var next: Ref
        public init(name: String, initial: Double, next: Ref) {
            self.name = name
            self.initial = initial
            self.next = next
        }
    }

    public struct Output: Codable, Equatable, Sendable {
        public var name: String
        public var from: Ref
        public init(name: String, from: Ref) {
            self.name = name
            self.from = from
        }
    }

    public init(objective: String, inputs: [String], neurons: [Neuron], states: [State], outputs: [Output]) {
        self.objective = objective
        self.inputs = inputs
        self.neurons = neurons
        self.states = states
        self.outputs = outputs
    }

    /// Checks every reference: in range, and neurons read only earlier neurons (the evaluation order).
    public func validate() throws {
        try checkLimits()
        func check(_ r: Ref, _ what: String, before: Int? = nil) throws {
            switch r {
            case .input(let i):
                guard inputs.indices.contains(i) else { throw BonsaiError("\(what): input \(i) does not exist") }
            case .state(let j):
                guard states.indices.contains(j) else { throw BonsaiError("\(what): state \(j) does not exist") }
            case .neuron(let k):
                guard neurons.indices.contains(k) else { throw BonsaiError("\(what): neuron \(k) does not exist") }
                if let before, k >= before {
                    throw BonsaiError("\(what): reads neuron \(k), which is not evaluated before it")
                }
            }
        }
        for (k, n) in neurons.enumerated() {
            guard n.bias.isFinite, n.edges.allSatisfy({ $0.weight.isFinite }) else {
                throw BonsaiError("neuron '\(n.name)': non-finite parameter")
            }
            for e in n.edges { try check(e.from, "neuron '\(n.name)'", before: k) }
        }
        for s in states {
            guard s.initial.isFinite else { throw BonsaiError("state '\(s.name)': non-finite initial value") }
            try check(s.next, "state '\(s.name)'")
        }
        for o in outputs { try check(o.from, "output '\(o.name)'") }
        guard !outputs.isEmpty else { throw BonsaiError("graph has no outputs") }
    }

    /// Counts against `SizeLimits`: later stages enumerate 2^inputs symbols and walk every edge.
    func checkLimits() throws {
        guard inputs.count <= SizeLimits.graphInputs else {
            throw BonsaiError("graph has \(inputs.count) inputs; at most \(SizeLimits.graphInputs)")
        }
        guard outputs.count <= SizeLimits.graphOutputs else {
            throw BonsaiError("graph has \(outputs.count) outputs; at most \(SizeLimits.graphOutputs)")
        }
        guard neurons.count + states.count <= SizeLimits.graphNodes else {
            throw BonsaiError(
                "graph has \(neurons.count) neurons and \(states.count) states; at most \(SizeLimits.graphNodes) in all"
            )
        }
        let edges = neurons.reduce(0) { $0 + $1.edges.count }
        guard edges <= SizeLimits.graphEdges else {
            throw BonsaiError("graph has \(edges) edges; at most \(SizeLimits.graphEdges)")
        }
        for n in neurons {
            switch n.activation {
            case .ameo(let f, let l), .graphTSAmeo(let f, let l):
                guard f.isFinite, l.isFinite else {
                    throw BonsaiError("neuron '\(n.name)': non-finite activation parameter")
                }
            default: break
            }
        }
    }

    public static func read(_ url: URL) throws -> Graph {
        try AtomicFile.checkHeader(url, format: format, version: currentVersion, kind: "graph")
        let g = try AtomicFile.readJSON(Graph.self, from: url)
        do { try g.validate() } catch let e as BonsaiError { throw BonsaiError.file(url.path, e.description) }
        return g
    }

    public func write(_ url: URL) throws { try AtomicFile.writeJSON(self, to: url) }

    /// Sizes as reported in the size table.
    public struct Size: Codable, Equatable, Sendable, CustomStringConvertible {
        public var inputs: Int, states: Int, neurons: Int, edges: Int, parameters: Int
        public var description: String {
            [
                plural(inputs, "input"), plural(states, "state"), plural(neurons, "neuron"), plural(edges, "edge"),
                plural(parameters, "nonzero parameter"),
            ].joined(separator: ", ")
        }
    }

    /// Edges count neuron edges (the learned weights); parameters also count nonzero biases and initial
    /// states. Inputs count only inputs something reads.
    public var size: Size {
        var used = Set<Int>()
        for n in neurons { for e in n.edges { if case .input(let i) = e.from { used.insert(i) } } }
        for s in states { if case .input(let i) = s.next { used.insert(i) } }
        for o in outputs { if case .input(let i) = o.from { used.insert(i) } }
        let edges = neurons.reduce(0) { $0 + $1.edges.count }
        let params = edges + neurons.filter { $0.bias != 0 }.count + states.filter { $0.initial != 0 }.count
        return Size(inputs: used.count, states: states.count, neurons: neurons.count, edges: edges, parameters: params)
    }
}

extension Graph.Ref: Codable {
    private enum Keys: String, CodingKey { case input, state, neuron }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        if let i = try c.decodeIfPresent(Int.self, forKey: .input) {
            self = .input(i)
        } else if let j = try c.decodeIfPresent(Int.self, forKey: .state) {
            self = .state(j)
        } else if let k = try c.decodeIfPresent(Int.self, forKey: .neuron) {
            self = .neuron(k)
        } else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath, debugDescription: "a reference needs 'input', 'state' or 'neuron'"))
        }
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .input(let i): try c.encode(i, forKey: .input)
        case .state(let j): try c.encode(j, forKey: .state)
        case .neuron(let k): try c.encode(k, forKey: .neuron)
        }
    }
}
