import Foundation
import Testing

@testable import Bonsai

/// Names a person reads: a spec's own input and output names on the page, in explanation.md and in
/// machine.json; counts with the noun's number.
@Suite("Names for people")
struct NamesForPeopleTests {
    /// Two-ago as a spec with its own names: input `bit`, output `late`.
    static func namedTwoAgo() throws -> TableObjective {
        try ObjectiveSpec.parse(
            """
            name: two-ago-named
            kind: mealy
            inputs: [bit]
            outputs: [late]
            states: [s00, s01, s10, s11]
            start: s00
            transitions:
              - [s00, "0", s00, "0"]
              - [s00, "1", s01, "0"]
              - [s01, "0", s10, "0"]
              - [s01, "1", s11, "0"]
              - [s10, "0", s00, "1"]
              - [s10, "1", s01, "1"]
              - [s11, "0", s10, "1"]
              - [s11, "1", s11, "1"]
            """, file: "named.yaml")
    }

    @Test(
        "a spec's input and output names replace x0 and y0 on the page, in explanation.md and machine.json; graph.json's hash is kept"
    )
    func specNames() throws {
        let o = try Self.namedTwoAgo()
        let g = GraphTests.twoAgo()
        #expect(g.inputs == ["x0"] && g.outputs.map(\.name) == ["y0"])
        let page = try PageBuilder(graph: g, objective: o).data()
        #expect(page.graph.nodes.filter { $0.kind == "input" }.map(\.name) == ["bit"])
        #expect(page.graph.nodes.filter { $0.kind == "output" }.map(\.name) == ["late"])
        let dir = RunDirectory(ViewFixtures.tempDir())
        let e = try ExplainStage.explain(g, source: URL(fileURLWithPath: "g.json"), objective: o, into: dir)
        #expect(e.graphHash == g.contentHash, "the page checks the explanation against graph.json, which keeps x0")
        #expect(e.markdown.contains("| r1 | boolean | `bit` |"))
        let machine = try AtomicFile.readJSON(MachineExport.File.self, from: dir.machineJSON)
        #expect(machine.inputNames == ["bit"] && machine.outputNames == ["late"])
        // Built-in objectives have no names of their own; a name that would clash is not applied.
        #expect(g.named(for: TwoAgo()) == g)
        var clash = g
        clash.neurons[0].name = "bit"
        #expect(clash.named(for: o) == clash)
    }

    @Test("counts take the noun's number: 1 state, 2 states")
    func plurals() {
        #expect(plural(1, "state") == "1 state" && plural(0, "edge") == "0 edges" && plural(2, "neuron") == "2 neurons")
        let z = Graph.Size(inputs: 1, states: 1, neurons: 1, edges: 2, parameters: 1)
        #expect(z.description == "1 input, 1 state, 1 neuron, 2 edges, 1 nonzero parameter")
    }
}
