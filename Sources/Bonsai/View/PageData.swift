import Foundation

/// Everything the page shows, embedded in it as one JSON object (the page makes no requests).
public struct PageData: Encodable, Sendable {
    public struct ActivationData: Encodable, Equatable, Sendable {
        /// "ameo", "ameo-graphts", "tanh", "sigmoid", "relu", "linear"
        public var type: String
        /// As the Swift evaluation uses them: Double(Float parameter), so the page computes the same numbers.
        public var factor: Double, leakyness: Double
        public var name: String

        public init(_ a: Activation) {
            name = a.name
            switch a {
            case .ameo(let f, let l):
                type = "ameo"
                factor = Double(f)
                leakyness = Double(l)
            case .graphTSAmeo(let f, let l):
                type = "ameo-graphts"
                factor = Double(f)
                leakyness = Double(l)
            case .tanh:
                type = "tanh"
                factor = 0
                leakyness = 0
            case .sigmoid:
                type = "sigmoid"
                factor = 0
                leakyness = 0
            case .relu:
                type = "relu"
                factor = 0
                leakyness = 0
            case .linear:
                type = "linear"
                factor = 0
                leakyness = 0
            }
        }
    }

    public struct Node: Encodable, Sendable {
        public var id: String
        public var kind: String  // input | state | neuron | output
        public var name: String
        public var index: Int
        public var x: Double, y: Double
        /// Slot in the value array [inputs | states | neurons]; outputs: the slot they show.
        public var slot: Int
        public var activation: ActivationData?
        public var bias: Double?
        public var initial: Double?
        /// Neurons: [slot, weight] per edge, in evaluation order. States: the slot of `next`.
        public var terms: [[Double]]?
        public var next: Int?
    }

    public struct Edge: Encodable, Sendable {
        public var from: String, to: String
        public var kind: String  // weight | next | output
        public var weight: Double?
        public var fromSlot: Int
        public var route: [[Double]]
        public var bezier: Bool
    }

    public struct GraphData: Encodable, Sendable {
        public var nodes: [Node]
        public var edges: [Edge]
        public var width: Double, height: Double
        public var layout: String
        public var size: Graph.Size
        public var inputCount: Int, stateCount: Int, neuronCount: Int

        public init(_ g: Graph, layout: GraphLayout) {
            let ni = g.inputs.count, ns = g.states.count
            func slot(_ r: Graph.Ref) -> Int {
                switch r {
                case .input(let i): i
                case .state(let j): ni + j
                case .neuron(let k): ni + ns + k
                }
            }
            func at(_ n: GraphLayout.Node) -> GraphLayout.Point { layout.positions[n] ?? .init(0, 0) }
            var nodes: [Node] = []
            for (i, name) in g.inputs.enumerated() {
                let p = at(.input(i))
                nodes.append(Node(id: "i\(i)", kind: "input", name: name, index: i, x: p.x, y: p.y, slot: i))
            }
            for (j, s) in g.states.enumerated() {
                let p = at(.state(j))
                nodes.append(
                    Node(
                        id: "s\(j)", kind: "state", name: s.name, index: j, x: p.x, y: p.y, slot: ni + j,
                        initial: s.initial, next: slot(s.next)))
            }
            for (k, n) in g.neurons.enumerated() {
                let p = at(.neuron(k))
                nodes.append(
                    Node(
                        id: "n\(k)", kind: "neuron", name: n.name, index: k, x: p.x, y: p.y, slot: ni + ns + k,
                        activation: ActivationData(n.activation), bias: n.bias,
                        terms: n.edges.map { [Double(slot($0.from)), $0.weight] }))
            }
            for (m, o) in g.outputs.enumerated() {
                let p = at(.output(m))
                nodes.append(
                    Node(id: "o\(m)", kind: "output", name: o.name, index: m, x: p.x, y: p.y, slot: slot(o.from)))
            }
            var weights: [Double?] = []
            for n in g.neurons { for e in n.edges { weights.append(e.weight) } }
            for _ in g.outputs { weights.append(nil) }
            for _ in g.states { weights.append(nil) }
            var sources: [Int] = []
            for n in g.neurons { for e in n.edges { sources.append(slot(e.from)) } }
            sources += g.outputs.map { slot($0.from) } + g.states.map { slot($0.next) }
            edges = zip(layout.routes, zip(weights, sources)).map { r, ws in
                let kind: String
                switch r.to {
                case .state: kind = "next"
                case .output: kind = "output"
                default: kind = "weight"
                }
                return Edge(
                    from: r.from.id, to: r.to.id, kind: kind, weight: ws.0, fromSlot: ws.1,
                    route: r.points.map { [$0.x, $0.y] }, bezier: r.bezier)
            }
            self.nodes = nodes
            width = layout.width
            height = layout.height
            self.layout = layout.engine
            size = g.size
            inputCount = ni
            stateCount = ns
            neuronCount = g.neurons.count
        }
    }

    public struct ObjectiveData: Encodable, Sendable {
        public var name: String
        public var summary: String
        public var inputCount: Int, outputCount: Int
    }

    public struct SelfTest: Encodable, Sendable {
        public var inputs: [Int]
        /// GraphEvaluator's values per step, [inputs | states | neurons].
        public var values: [[Double]]
        public var denseValues: [[Double]]?
    }

    public struct RegularizerData: Encodable, Sendable {
        public var lambda: Double, threshold: Double, steepness: Double, l1: Double
        public var normalization: String
    }

    public struct Sizes: Encodable, Sendable {
        public var stages: [Pruning.Stage]
        public var verification: String
    }

    public var title: String
    public var objective: ObjectiveData
    public var graph: GraphData
    public var dense: GraphData?
    public var reference: ReferenceTable?
    public var examples: [[Int]]
    public var selftest: SelfTest
    public var metrics: TrainingMetrics?
    public var trainingActivation: ActivationData?
    public var regularizer: RegularizerData?
    public var sizes: Sizes?
    public var explanation: ExplanationSummary?
    public var notes: [String]
}
