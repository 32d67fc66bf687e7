import Foundation

/// Positions for drawing a graph left to right in bands: inputs in the first column, all states in the
/// second (a state is a source of the step: its `next` edge is the only back edge, so dropping those
/// edges makes the graph acyclic), every neuron one column after the furthest thing it reads and after
/// the states, outputs in the last column. Crossings are reduced by barycenter sweeps over the columns with one
/// dummy point per column an edge passes through; the dummies then route the long edges around nodes.
public struct GraphLayout: Sendable, Equatable {
    /// A node of the drawing, identified as in the page data: "i0", "s0", "n0", "o0".
    public enum Node: Hashable, Sendable {
        case input(Int)
        case state(Int)
        case neuron(Int)
        case output(Int)

        public var id: String {
            switch self {
            case .input(let i): "i\(i)"
            case .state(let j): "s\(j)"
            case .neuron(let k): "n\(k)"
            case .output(let m): "o\(m)"
            }
        }

        init(_ r: Graph.Ref) {
            switch r {
            case .input(let i): self = .input(i)
            case .state(let j): self = .state(j)
            case .neuron(let k): self = .neuron(k)
            }
        }
    }

    public struct Point: Codable, Equatable, Sendable {
        public var x: Double, y: Double
        public init(_ x: Double, _ y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// A drawn edge. `route` holds the points between the two ends (builtin: dummy points of a long
    /// edge; dot: the spline's Bézier control points, ends included). Empty: draw a plain curve.
    public struct Route: Equatable, Sendable {
        public var from: Node, to: Node
        public var points: [Point]
        public var bezier: Bool
    }

    public var positions: [Node: Point]
    public var routes: [Route]
    public var width: Double, height: Double
    /// Which engine produced it ("builtin" or "dot").
    public var engine: String

    /// The graph's edges as drawn: neuron edges and output edges point forward, state edges back.
    static func edges(of g: Graph) -> [(from: Node, to: Node, back: Bool)] {
        var e: [(Node, Node, Bool)] = []
        for (k, n) in g.neurons.enumerated() { for x in n.edges { e.append((Node(x.from), .neuron(k), false)) } }
        for (m, o) in g.outputs.enumerated() { e.append((Node(o.from), .output(m), false)) }
        for (j, s) in g.states.enumerated() { e.append((Node(s.next), .state(j), true)) }
        return e
    }

    public static let minColumnGap = 150.0, maxColumnGap = 220.0, margin = 60.0

    /// The built-in layered layout.
    public init(_ g: Graph) {
        let edges = Self.edges(of: g)
        let forward = edges.filter { !$0.back }

        // Columns: inputs, then the states' band, then the longest path from them.
        var layer: [Node: Int] = [:]
        for i in g.inputs.indices { layer[.input(i)] = 0 }
        for j in g.states.indices { layer[.state(j)] = 1 }
        let firstNeuron = g.states.isEmpty ? 1 : 2
        for (k, n) in g.neurons.enumerated() {
            layer[.neuron(k)] = max(firstNeuron, 1 + (n.edges.map { layer[Node($0.from)]! }.max() ?? 0))
        }
        let last = (layer.values.max() ?? 0) + 1
        for m in g.outputs.indices { layer[.output(m)] = last }

        // Columns with dummies for edges that skip columns.
        enum Slot: Hashable {
            case node(Node)
            case dummy(Int, Int)
        }  // dummy(edge, column)
        var columns = [[Slot]](repeating: [], count: last + 1)
        let nodes: [Node] =
            g.inputs.indices.map { .input($0) } + g.states.indices.map { .state($0) }
            + g.neurons.indices.map { .neuron($0) } + g.outputs.indices.map { .output($0) }
        for n in nodes { columns[layer[n]!].append(.node(n)) }
        var segments: [(Slot, Slot)] = []
        for (e, edge) in forward.enumerated() {
            let a = layer[edge.from]!, b = layer[edge.to]!
            var prev = Slot.node(edge.from)
            if b > a + 1 {
                for c in (a + 1)..<b {
                    columns[c].append(.dummy(e, c))
                    segments.append((prev, .dummy(e, c)))
                    prev = .dummy(e, c)
                }
            }
            segments.append((prev, .node(edge.to)))
        }
        // Tall columns pack rows tighter (the name label under a node still fits).
        let rowGap =
            columns.map { $0.count { if case .node = $0 { true } else { false } } }.max() ?? 0 > 10 ? 64.0 : 80.0
        var preds: [Slot: [Slot]] = [:], succs: [Slot: [Slot]] = [:]
        for (a, b) in segments {
            succs[a, default: []].append(b)
            preds[b, default: []].append(a)
        }

        // Barycenter sweeps; keep the order with the fewest crossings.
        func slotPositions(_ cols: [[Slot]]) -> [Slot: Double] {
            var p: [Slot: Double] = [:]
            for col in cols { for (i, s) in col.enumerated() { p[s] = Double(i) - Double(col.count - 1) / 2 } }
            return p
        }
        func crossings(_ cols: [[Slot]]) -> Int {
            let p = slotPositions(cols)
            var byColumn: [Int: [(Double, Double)]] = [:]
            for (a, b) in segments {
                guard let c = cols.firstIndex(where: { $0.contains(a) }) else { continue }
                byColumn[c, default: []].append((p[a]!, p[b]!))
            }
            var n = 0
            for segs in byColumn.values {
                for i in segs.indices {
                    for j in (i + 1)..<segs.count where (segs[i].0 - segs[j].0) * (segs[i].1 - segs[j].1) < 0 { n += 1 }
                }
            }
            return n
        }
        var best = columns, bestCrossings = crossings(columns)
        for sweep in 0..<16 where bestCrossings > 0 {
            let down = sweep % 2 == 0
            let order = down ? Array(1..<columns.count) : Array((0..<columns.count - 1).reversed())
            for c in order {
                let p = slotPositions(columns)
                let keyed = columns[c].enumerated().map { (i, s) -> (Double, Int, Slot) in
                    let nb = (down ? preds[s] : succs[s]) ?? []
                    let bary = nb.isEmpty ? p[s]! : nb.map { p[$0]! }.reduce(0, +) / Double(nb.count)
                    return (bary, i, s)
                }
                columns[c] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
            }
            let n = crossings(columns)
            if n < bestCrossings {
                best = columns
                bestCrossings = n
            }
        }
        columns = best

        // Vertical positions: each slot pulled to the mean of its neighbours, order kept, rows ≥ rowGap apart.
        var y = slotPositions(columns).mapValues { $0 * rowGap }
        for _ in 0..<8 {
            for col in columns {
                let desired = col.map { s -> Double in
                    let nb = (preds[s] ?? []) + (succs[s] ?? [])
                    return nb.isEmpty ? y[s]! : (y[s]! + nb.map { y[$0]! }.reduce(0, +)) / Double(nb.count + 1)
                }
                // Nodes keep rowGap between them; an edge passing through needs far less room.
                let sizes = col.map { s -> Double in
                    if case .node = s { return rowGap }
                    return 20
                }
                for (s, v) in zip(col, Self.packed(desired, sizes: sizes)) { y[s] = v }
            }
        }
        let top = y.values.min() ?? 0, bottom = y.values.max() ?? 0
        // Tall graphs get wider columns, so the drawing suits a landscape screen and long edges stay shallow;
        // not so wide that a graph of the original switcher's size no longer fits a laptop screen at full size.
        let gap = min(Self.maxColumnGap, max(Self.minColumnGap, 1.4 * (bottom - top) / Double(max(1, last))))
        var pos: [Node: Point] = [:]
        for n in nodes { pos[n] = Point(Self.margin + Double(layer[n]!) * gap, Self.margin + y[.node(n)]! - top) }
        var routes: [Route] = [], forwardIndex = 0
        for edge in edges {
            var pts: [Point] = []
            if !edge.back {
                let a = layer[edge.from]!, b = layer[edge.to]!
                if b > a + 1 {
                    pts = ((a + 1)..<b).map { c in
                        Point(Self.margin + Double(c) * gap, Self.margin + y[.dummy(forwardIndex, c)]! - top)
                    }
                }
                forwardIndex += 1
            }
            routes.append(Route(from: edge.from, to: edge.to, points: pts, bezier: false))
        }
        positions = pos
        self.routes = routes
        width = 2 * Self.margin + Double(last) * gap
        height = 2 * Self.margin + bottom - top
        engine = "builtin"
    }

    /// The positions closest (least squares) to `desired` that keep the order, neighbours at least the
    /// mean of their `sizes` apart: adjacent blocks that would overlap merge and sit at their members' mean.
    static func packed(_ desired: [Double], sizes: [Double]) -> [Double] {
        var offset = [0.0]
        for i in desired.indices.dropFirst() { offset.append(offset[i - 1] + (sizes[i - 1] + sizes[i]) / 2) }
        var blocks: [(start: Int, count: Int, sum: Double)] = []
        for (i, d) in desired.enumerated() {
            blocks.append((i, 1, d - offset[i]))
            while blocks.count > 1 {
                let b = blocks[blocks.count - 1], a = blocks[blocks.count - 2]
                guard a.sum / Double(a.count) > b.sum / Double(b.count) else { break }
                blocks.removeLast(2)
                blocks.append((a.start, a.count + b.count, a.sum + b.sum))
            }
        }
        var out = [Double](repeating: 0, count: desired.count)
        for b in blocks { for i in b.start..<(b.start + b.count) { out[i] = b.sum / Double(b.count) + offset[i] } }
        return out
    }

    init(positions: [Node: Point], routes: [Route], width: Double, height: Double, engine: String) {
        self.positions = positions
        self.routes = routes
        self.width = width
        self.height = height
        self.engine = engine
    }
}
