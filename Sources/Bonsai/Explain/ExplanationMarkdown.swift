import Foundation

extension Explanation {
    /// Truth tables with more inputs than this are left out of the report (the JSON has them all).
    static let maxPrintedTableInputs = 5

    /// Text for a Markdown table cell: a `|` would end the cell (even inside a code span, in GitHub's
    /// tables), and a line break would end the row. Names and functions come from files.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(
            of: "\n", with: " "
        ).replacingOccurrences(of: "\r", with: " ")
    }

    /// A Markdown table row.
    static func row(_ cells: [String]) -> String { "| " + cells.map(cell).joined(separator: " | ") + " |\n" }

    /// A machine's transitions and encoding as a Markdown table.
    func table(_ m: Machine) -> String {
        let f = NeuronLogic.format
        var s =
            "Symbols are bit strings, one character per input in order, 1 = true. A cell reads `next state / output`.\n\n"
        let inputs = m.inputs.filter { x in m.transitions.contains { $0.input == x } }
        s += Self.row(
            ["state"] + inputs.map { "input \($0)" } + [
                "graph states (" + states.map(\.name).joined(separator: ", ") + ")", "objective state",
            ])
        s += "|---|" + String(repeating: "---|", count: inputs.count + 2) + "\n"
        for e in m.encoding {
            let start = e.state == m.start ? " (start)" : ""
            let cells = inputs.map { x in
                m.transitions.first { $0.from == e.state && $0.input == x }.map { "s\($0.to) / \($0.output)" } ?? "—"
            }
            let shown = e.graphStates.prefix(4).map { "(" + $0.map(f).joined(separator: ", ") + ")" }.joined(
                separator: " ")
            let more = e.graphStateCount > 4 ? " … \(e.graphStateCount) in all" : ""
            s += Self.row(["s\(e.state)\(start)"] + cells + ["\(shown)\(more)", e.reference ?? ""])
        }
        return s
    }

    /// The invariant-region proof of an analog graph: which value ranges mean which machine state.
    var invariantSection: String {
        guard let inv = invariant else { return "" }
        let f = NeuronLogic.format
        var s = "### Invariant regions\n\n"
        if inv.proven {
            s +=
                "**Proven for every length** by invariant regions (invariant.json; margin \(f(inv.margin ?? 0))): for each state of the objective's minimal machine a region of graph-state space (a union of boxes) that holds the initial state for the start, that one step on any allowed input maps into the next state's region (sound interval arithmetic), and on which every output has the machine's sign. So the graph's states mean:\n\n"
            for r in inv.rows {
                let cond = zip(states, r.ranges).map { "\($0.name) ∈ [\(f($1[0])), \(f($1[1]))]" }.joined(
                    separator: ", ")
                s +=
                    "- \(cond.isEmpty ? "(no states)" : cond) ⇔ machine state \(r.state) (objective: \(r.reference))"
                    + (r.boxes > 1 ? " (\(r.boxes) boxes; ranges are their hull)" : "") + "\n"
            }
            s += "\n"
        } else {
            s += "No invariant regions were found, so the graph is not proven for every length: \(inv.problem ?? "?")."
            if let ce = inv.counterexample {
                s +=
                    " The graph gives a **wrong output** at step \(ce.count) of `\(ce.count <= 40 ? ce.joined(separator: " ") : (ce.prefix(20) + ["…"] + ce.suffix(10)).joined(separator: " "))`."
            }
            s += "\n\n"
        }
        return s
    }

    /// explanation.md: the machine, the state encoding, every neuron's function and truth table.
    public var markdown: String {
        let f = NeuronLogic.format
        var s = "# What the \(objective) graph computes\n\n"
        s += "**\(summary)**\n\n"
        let z = graphSize
        s += "Graph: \(plural(z.states, "state")), \(plural(z.neurons, "neuron")), \(plural(z.edges, "edge")). "
        if exploration.closed {
            s +=
                "Every reachable state was explored: \(exploration.graphStates) distinct graph states (\(exploration.pairs) pairs with the objective's states), so what follows holds for every input sequence. "
        } else {
            s +=
                "The graph's states did not close: \(exploration.graphStates) distinct graph states by \(exploration.pairs) pairs, every input sequence up to length \(exploration.depth). The neuron functions below hold on those states only. "
        }
        s += String(format: "Explained in %.3f s.\n\n", seconds)

        s += "## State machine\n\n"
        if let m = machine {
            s +=
                "The graph's \(exploration.graphStates) reachable states minimize (partition refinement) to a Mealy machine of **\(plural(m.states, "state"))**. "
            s +=
                "The objective's machine has \(reference.reachable) reachable states and minimizes to **\(reference.states)**. "
            if isomorphic == true {
                s +=
                    "The two minimal machines are **isomorphic**: the graph implements exactly the objective's minimal machine.\n\n"
            } else if equivalent == true {
                s += "They are equivalent (same outputs on every sequence) but not isomorphic.\n\n"
            } else {
                s +=
                    "They are **not equivalent**: the shortest input sequence that shows the difference is `\(counterexample?.joined(separator: " ") ?? "?")` (one symbol per step).\n\n"
            }
            s += table(m)
            s +=
                "\nThe machine is also in machine.dot (`'input'/'output'` edge labels in quotes, as AALpy and LearnLib read them: `load_automaton_from_file('machine.dot', 'mealy')`)"
            s +=
                m.outputs.allSatisfy({ $0.count == 1 })
                ? ", machine.dfa.dot (the output read as acceptance: `load_automaton_from_file('machine.dfa.dot', 'dfa')`)"
                : ""
            s += " and machine.json.\n\n"
        } else {
            s +=
                "No finite machine: the states \(exploration.analogStates.joined(separator: ", ")) take ever new values, so the graph's states never repeat exactly within the exploration cap. The objective's minimal machine has \(plural(reference.states, "state")).\n\n"
            if let b = bounded {
                s +=
                    "On every input sequence up to length \(b.depth), though, the graph **behaves as a \(b.states)-state machine**: the states it reaches within \(b.depth - b.lookahead - 1) steps fall into \(b.states) groups by their outputs over the next \(b.lookahead) steps, each group moves to one group on each input, \(b.lookahead - 1) steps of lookahead already give the same groups, and run alongside the graph the machine gives its output on every explored step. "
                s +=
                    b.isomorphic
                    ? "That machine is isomorphic to the objective's minimal machine. "
                    : b.equivalent
                        ? "That machine is equivalent to the objective's. "
                        : "That machine differs from the objective's on `\(b.counterexample?.joined(separator: " ") ?? "?")`. "
                s +=
                    "This is evidence from the explored sequences, not a proof: an analog state could still drift on longer ones.\n\n"
                s += table(b.machine)
                s += "\n"
            }
            s += "### Where the objective's state is\n\n"
            s +=
                "The range of each graph state seen alongside each state of the objective's minimal machine (explored pairs only). "
            s +=
                readout.separable
                ? "Every two objective states are told apart by some graph state whose ranges do not overlap: the graph's values encode the objective's state.\n\n"
                : "Some objective states overlap in every graph state: these ranges alone do not tell them apart.\n\n"
            s +=
                Self.row(["objective state"] + states.map(\.name)) + "|---|"
                + String(repeating: "---|", count: states.count) + "\n"
            for row in readout.rows {
                s += Self.row(
                    [row.reference] + row.ranges.map { $0[0] == $0[1] ? f($0[0]) : "\(f($0[0]))…\(f($0[1]))" })
            }
            s += "\n"
            s += invariantSection
        }

        s += "## Neurons\n\n| neuron | kind | function |\n|---|---|---|\n"
        for n in neurons { s += Self.row([n.name, n.kind.rawValue, "`\(n.function)`"]) }
        s += "\nLevels: low = 0, high = 1 below; the values are listed per neuron. — = never happens.\n"
        for n in neurons where n.kind == .boolean {
            guard let rows = n.truthTable, let levels = n.levels, let out = n.outputLevels else { continue }
            s += "\n### \(n.name) = `\(n.function)`\n\n"
            if n.inputs.count > Self.maxPrintedTableInputs {
                s += "\(n.inputs.count) inputs: the truth table is in explanation.json.\n"
                continue
            }
            let lv = zip(n.inputs, levels).map { "\($0) ∈ {\($1.map(f).joined(separator: ", "))}" }
            s +=
                "Levels: " + (lv + ["output ∈ {\(out.map(f).joined(separator: ", "))}"]).joined(separator: ", ")
                + ".\n\n"
            s += Self.row(n.inputs + [n.name]) + "|" + String(repeating: "---|", count: n.inputs.count + 1) + "\n"
            for r in rows {
                s += Self.row(r.inputs.map(String.init) + [r.output.map(String.init) ?? "—"])
            }
        }

        for n in neurons where n.kind == .analog {
            guard let rows = n.valueTable else { continue }
            s += "\n### \(n.name): every input combination that occurs\n\n"
            s += Self.row(n.inputs + [n.name]) + "|" + String(repeating: "---|", count: n.inputs.count + 1) + "\n"
            var printed = Set<String>()
            for r in rows {
                let line = Self.row(r.inputs.map(f) + [f(r.output)])
                if printed.insert(line).inserted { s += line }
            }
        }

        s += "\n## States\n\n| state | next value from | reachable values |\n|---|---|---|\n"
        for st in states {
            let v =
                st.values.map { $0.map(f).joined(separator: ", ") }
                ?? "analog, in [\(f(st.range[0])), \(f(st.range[1]))]"
            s += Self.row([st.name, st.next, v])
        }
        return s
    }
}
