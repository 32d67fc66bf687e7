import Foundation

/// The layout of Graphviz `dot`, for `bonsai view --layout dot`: our nodes and edges go in as DOT with
/// the page's node ids, `dot -Tplain` gives back node centres and edge splines.
extension GraphLayout {
    /// Lays `g` out with the `dot` program on the PATH. Throws a one-line error when it is missing or fails.
    public static func dot(_ g: Graph) throws -> GraphLayout {
        let output = try Self.runDot(layoutDOT(g))
        return try parsePlain(output, graph: g)
    }

    /// DOT for layout only: ids are the page's node ids, every node the size the page draws it.
    static func layoutDOT(_ g: Graph) -> String {
        var lines = [
            "digraph layout {", "  graph [rankdir=LR, nodesep=0.45, ranksep=1.1];",
            "  node [fixedsize=true, width=0.62, height=0.62, label=\"\"];",
            // The page draws no arrowheads, so splines should run all the way to the node.
            "  edge [arrowhead=none];",
        ]
        lines.append(
            "  { rank=source; " + g.inputs.indices.map { "i\($0) [shape=circle];" }.joined(separator: " ") + " }")
        for j in g.states.indices { lines.append("  s\(j) [shape=circle];") }
        for k in g.neurons.indices { lines.append("  n\(k) [shape=square];") }
        lines.append(
            "  { rank=sink; " + g.outputs.indices.map { "o\($0) [shape=circle];" }.joined(separator: " ") + " }")
        for e in edges(of: g) {
            // A state's feed goes backwards; `constraint=false` keeps it from pulling the state rightwards.
            lines.append("  \(e.from.id) -> \(e.to.id)\(e.back ? " [constraint=false]" : "");")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func runDot(_ input: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["dot", "-Tplain"]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = stderr
        do { try p.run() } catch {
            throw BonsaiError("--layout dot: cannot start Graphviz dot: \(error.localizedDescription)")
        }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        if p.terminationStatus == 127 {
            throw BonsaiError(
                "--layout dot: Graphviz `dot` is not installed (install graphviz, or use --layout builtin)")
        }
        guard p.terminationStatus == 0 else {
            let msg =
                String(decoding: err, as: UTF8.self).split(separator: "\n").first.map(String.init)
                ?? "exit status \(p.terminationStatus)"
            throw BonsaiError("--layout dot: Graphviz dot failed: \(msg)")
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads `dot -Tplain` (inches, y up) into page pixels (72 per inch, y down).
    static func parsePlain(_ text: String, graph g: Graph) throws -> GraphLayout {
        let scale = 72.0
        var height = 0.0, width = 0.0
        var byID: [String: Node] = [:]
        for i in g.inputs.indices { byID["i\(i)"] = .input(i) }
        for j in g.states.indices { byID["s\(j)"] = .state(j) }
        for k in g.neurons.indices { byID["n\(k)"] = .neuron(k) }
        for m in g.outputs.indices { byID["o\(m)"] = .output(m) }
        var positions: [Node: Point] = [:], routes: [Route] = []
        func bad(_ line: Substring) -> BonsaiError {
            BonsaiError("--layout dot: unexpected dot output line '\(line.prefix(60))'")
        }
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard let kind = f.first else { continue }
            switch kind {
            case "graph":
                guard f.count >= 4, let w = Double(f[2]), let h = Double(f[3]) else { throw bad(line) }
                width = w * scale
                height = h * scale
            case "node":
                guard f.count >= 4, let n = byID[String(f[1])], let x = Double(f[2]), let y = Double(f[3]) else {
                    throw bad(line)
                }
                positions[n] = Point(x * scale, height - y * scale)
            case "edge":
                guard f.count >= 4, let a = byID[String(f[1])], let b = byID[String(f[2])], let n = Int(f[3]),
                    f.count >= 4 + 2 * n
                else { throw bad(line) }
                let pts = (0..<n).compactMap { i -> Point? in
                    guard let x = Double(f[4 + 2 * i]), let y = Double(f[5 + 2 * i]) else { return nil }
                    return Point(x * scale, height - y * scale)
                }
                routes.append(Route(from: a, to: b, points: pts, bezier: true))
            default: continue
            }
        }
        guard positions.count == byID.count else {
            throw BonsaiError("--layout dot: dot placed \(positions.count) of \(byID.count) nodes")
        }
        // Keep the graph's edge order (the page pairs routes with edges by index).
        var remaining = routes, ordered: [Route] = []
        for e in edges(of: g) {
            guard let i = remaining.firstIndex(where: { $0.from == e.from && $0.to == e.to }) else {
                throw BonsaiError("--layout dot: dot dropped the edge \(e.from.id) → \(e.to.id)")
            }
            ordered.append(remaining.remove(at: i))
        }
        // A margin round the drawing, as the built-in layout has.
        let m = margin / 2
        for (n, p) in positions { positions[n] = Point(p.x + m, p.y + m) }
        ordered = ordered.map { r in
            var r = r
            r.points = r.points.map { Point($0.x + m, $0.y + m) }
            return r
        }
        return GraphLayout(
            positions: positions, routes: ordered, width: width + 2 * m, height: height + 2 * m, engine: "dot")
    }
}
