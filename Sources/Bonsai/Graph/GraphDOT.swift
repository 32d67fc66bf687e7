import Foundation

extension Graph {
    /// The graph in Graphviz DOT, laid out left to right (the original viewer's export, docs/design.md A.7, without
    /// its clusters).
    ///
    /// - Inputs, states and outputs are circles; neurons are squares.
    /// - Node ids are the node names, quoted and escaped (see `DOT.quoted`); a name used twice gets a `#2`,
    ///   `#3`, … suffix in its id so ids stay unique. Labels show the name; a neuron's second line is its
    ///   activation and bias, a state's its initial value: without them a weight-1 edge into a NOT neuron
    ///   would read as a copy.
    /// - A neuron's edges are labelled with their weight, printed as the original did: 3 decimals, trailing
    ///   zeros (and a bare point) stripped. The edge into a state (from its `next` node) is dashed and
    ///   unlabelled, since its value is consumed only at the next timestep; the edge into an output is plain.
    public func dot(title: String? = nil) -> String {
        var ids = DOT.IDs()
        let inputIDs = inputs.map { ids.make($0) }
        let stateIDs = states.map { ids.make($0.name) }
        let neuronIDs = neurons.map { ids.make($0.name) }
        let outputIDs = outputs.map { ids.make($0.name) }
        func id(_ r: Ref) -> String {
            switch r {
            case .input(let i): inputIDs[i]
            case .state(let j): stateIDs[j]
            case .neuron(let k): neuronIDs[k]
            }
        }

        var lines = ["digraph \(DOT.quoted(title ?? objective)) {"]
        lines.append(
            "  graph [rankdir=LR, charset=\"UTF-8\"\(title.map { ", label=\(DOT.quoted($0)), labelloc=t" } ?? "")];")
        lines.append("  node [shape=square];")
        // Inputs on the left edge and outputs on the right, as in the original (rank source / sink).
        lines.append("  { rank=source;")
        for (i, name) in inputs.enumerated() {
            lines.append("    \(inputIDs[i]) [shape=circle, label=\(DOT.quoted(name))];")
        }
        lines.append("  }")
        for (j, s) in states.enumerated() {
            lines.append(
                "  \(stateIDs[j]) [shape=circle, label=\(DOT.quoted("\(s.name)\ninitial \(DOT.number(s.initial))"))];")
        }
        for (k, n) in neurons.enumerated() {
            let label = "\(n.name)\n\(n.activation.name), bias \(DOT.number(n.bias))"
            lines.append("  \(neuronIDs[k]) [label=\(DOT.quoted(label))];")
        }
        lines.append("  { rank=sink;")
        for (m, o) in outputs.enumerated() {
            lines.append("    \(outputIDs[m]) [shape=circle, label=\(DOT.quoted(o.name))];")
        }
        lines.append("  }")
        for (k, n) in neurons.enumerated() {
            for e in n.edges {
                lines.append("  \(id(e.from)) -> \(neuronIDs[k]) [label=\(DOT.quoted(DOT.number(e.weight)))];")
            }
        }
        for (j, s) in states.enumerated() { lines.append("  \(id(s.next)) -> \(stateIDs[j]) [style=dashed];") }
        for (m, o) in outputs.enumerated() { lines.append("  \(id(o.from)) -> \(outputIDs[m]);") }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// DOT text helpers.
enum DOT {
    /// A DOT quoted string for any text. Escaped: `"` (the only escape DOT ids know), `\` (so that a
    /// trailing backslash cannot swallow the closing quote, and labels show it literally), and line breaks
    /// as `\n` (a centred line break in labels). Other control characters become U+FFFD: they have no
    /// meaning in a label and some tools choke on them. Non-ASCII text stays UTF-8, the graph's declared
    /// charset.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\r\n", "\n", "\r", "\u{2028}", "\u{2029}": out += "\\n"
            case _ where c.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }:
                out += "\u{FFFD}"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// A weight as the original labelled edges: JavaScript `toFixed(3)` with trailing zeros and a bare
    /// point stripped (`-1`, `0.045`, `2.638`). toFixed rounds exact ties away from zero where `%.3f`
    /// rounds them to even; an exact tie at 3 decimals is an odd multiple of 1/16, handled separately.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        let a = abs(x)
        let isTie = (a * 16).truncatingRemainder(dividingBy: 2) == 1
        var s = String(format: "%.3f", isTie ? (a * 1000).rounded(.up) / 1000 : a)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        // toFixed keeps the sign of a negative number that rounds to zero ("-0"), which tells a reader the
        // tiny weight is negative; -0.0 itself prints as "0".
        return x < 0 ? "-" + s : s
    }

    /// Unique, quoted node ids derived from names.
    struct IDs {
        private var used: Set<String> = []
        mutating func make(_ name: String) -> String {
            var id = quoted(name), n = 2
            while used.contains(id) {
                id = quoted("\(name)#\(n)")
                n += 1
            }
            used.insert(id)
            return id
        }
    }
}
