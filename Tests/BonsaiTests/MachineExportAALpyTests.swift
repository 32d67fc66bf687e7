import Foundation
import Testing

@testable import Bonsai

/// machine.dot and machine.dfa.dot loaded by AALpy, the automata-learning library users take them to:
/// each exported machine must give our machine's outputs on 1,000 random sequences. AALpy comes from the
/// Python package index (`.ci/run` installs it into a venv and sets BONSAI_PYTHON); in CI a missing AALpy is
/// a failure, locally the test is skipped with a message.
@Suite("Exported machines in AALpy")
struct MachineExportAALpyTests {
    /// A Python with AALpy importable: $BONSAI_PYTHON, else python3 on PATH.
    static let python: String? = {
        let candidates = [ProcessInfo.processInfo.environment["BONSAI_PYTHON"], ViewFixtures.executable(["python3"])]
            .compactMap { $0 }
        return candidates.first { (try? ViewFixtures.run($0, ["-c", "import aalpy"]))?.0 == 0 }
    }()
    static let ready = python != nil || ViewFixtures.inCI
    static let missing = Comment(
        rawValue:
            "AALpy not importable (set BONSAI_PYTHON to a python with `pip install aalpy`); the exported machines were not loaded in AALpy"
    )

    /// Loads each case's DOT files and runs its sequences; prints one line per case: "CASE name ok" or
    /// "CASE name <what differed>".
    static let script = #"""
        import json, sys
        from aalpy.utils import load_automaton_from_file
        def check(c):
            m = load_automaton_from_file(c['mealy'], automaton_type='mealy')
            d = load_automaton_from_file(c['dfa'], automaton_type='dfa') if c.get('dfa') else None
            for seq in c['sequences']:
                m.reset_to_initial()
                if d: d.reset_to_initial()
                for x, y in zip(seq['inputs'], seq['outputs']):
                    got = m.step(x)
                    if got != y: return f'mealy: {seq["inputs"]} gives {got!r} for {y!r}'
                    if d and d.step(x) != (y == "'1'"): return f'dfa: {seq["inputs"]} disagrees at {x!r}'
            return f"ok {len(c['sequences'])}"
        for c in json.load(open(sys.argv[1])):
            try: print('CASE', c['name'], check(c))
            except Exception as e: print('CASE', c['name'], 'raised', repr(e))
        """#

    struct Case: Encodable {
        struct Sequence: Encodable { var inputs: [String], outputs: [String] }
        var name: String, mealy: String, dfa: String?
        var sequences: [Sequence]
    }

    /// 1,000 sequences of 1 to 40 allowed inputs, drawn uniformly from the inputs each state allows.
    static func sequences(_ m: MealyMachine, seed: UInt64) -> [Case.Sequence] {
        var rng = Rng(seed: seed)
        return (0..<1000).map { _ in
            var s = m.start, inputs: [String] = [], outputs: [String] = []
            for _ in 0..<(1 + Int(rng.next() % 40)) {
                let allowed = (0..<m.alphabetSize).filter { m.transitions[s][$0] != nil }
                guard !allowed.isEmpty else { break }
                let x = allowed[Int(rng.next() % UInt64(allowed.count))], t = m.transitions[s][x]!
                inputs.append(MachineExport.symbol(x, bits: m.inputCount))
                outputs.append(MachineExport.symbol(t.output, bits: m.outputCount))
                s = t.to
            }
            return .init(inputs: inputs, outputs: outputs)
        }
    }

    /// Ends in 1: one Mealy state whose output is its input, so the DFA must split it in two.
    static let endsInOne = MealyMachine(
        inputCount: 1, outputCount: 1, start: 0,
        transitions: [[.init(to: 0, output: 0), .init(to: 0, output: 1)]])

    @Test(
        "AALpy loads our Mealy machines and DFAs, symbols as strings, and they agree with ours on 1,000 sequences each",
        .enabled(if: ready, missing))
    func aalpyAgrees() throws {
        guard let python = Self.python else {
            Issue.record("CI is set but AALpy is not importable (.ci/run installs it)")
            return
        }
        let dir = ViewFixtures.tempDir()
        // The files `bonsai explain` writes for a graph, and the minimal machines of objectives of every
        // kind: several inputs (switcher) and outputs (a random machine), acceptors (Tomita), inputs restricted by state.
        _ = try ExplainStage.run(
            graphFile: {
                let u = dir.appendingPathComponent("g.json")
                try GraphTests.twoAgo().write(u)
                return u
            }(),
            objective: nil, into: dir.appendingPathComponent("explained"))
        let explained = RunDirectory(dir.appendingPathComponent("explained"))
        var machines: [(String, MealyMachine)] = [
            ("explained-two-ago", try MachineExtraction.referenceMachine(TwoAgo()).machine.minimized().machine)
        ]
        for name in ["logic-gate-switcher", "random-6s2i2o-4", "balanced-parentheses", "tomita-3", "tomita-5"] {
            let o = try BuiltinObjectives.named(name)
            machines.append((name, try Self.referenceMachine(o)))
        }
        machines.append(("ends-in-1", Self.endsInOne))
        var cases: [Case] = []
        for (k, (name, m)) in machines.enumerated() {
            var mealy = explained.machineDOT, dfa: URL? = explained.machineDFA
            if k > 0 {
                mealy = dir.appendingPathComponent("\(name).dot")
                try AtomicFile.write(MachineExport.dot(m), to: mealy)
                dfa = try MachineExport.dfaDOT(m).map { text in
                    let u = dir.appendingPathComponent("\(name).dfa.dot")
                    try AtomicFile.write(text, to: u)
                    return u
                }
            }
            #expect((dfa != nil) == (m.outputCount == 1), "\(name): a DFA exactly for one output")
            cases.append(
                Case(name: name, mealy: mealy.path, dfa: dfa?.path, sequences: Self.sequences(m, seed: UInt64(k))))
        }
        let casesURL = dir.appendingPathComponent("cases.json"), scriptURL = dir.appendingPathComponent("check.py")
        try AtomicFile.write(String(decoding: try JSONEncoder().encode(cases), as: UTF8.self), to: casesURL)
        try AtomicFile.write(Self.script, to: scriptURL)
        let (status, out) = try ViewFixtures.run(python, [scriptURL.path, casesURL.path])
        #expect(status == 0, "python exited with \(status): \(out)")
        for c in cases {
            let line =
                out.split(separator: "\n").first { $0.hasPrefix("CASE \(c.name) ") }.map(String.init)
                ?? "missing from the output"
            #expect(line == "CASE \(c.name) ok 1000", "\(line)")
        }
    }

    static func referenceMachine<O: Objective>(_ o: O) throws -> MealyMachine {
        try MachineExtraction.referenceMachine(o).machine.minimized().machine
    }

    @Test("the DFA of a one-output machine: split states, accepting states, and the same names as machine.dot")
    func dfaShape() throws {
        let d = try #require(AcceptorDFA(Self.endsInOne))
        #expect(d.names == ["s0_rej", "s0_acc"] && d.accepting == [false, true] && d.start == 0)
        #expect(d.run([1, 0, 1, 1]) == [true, false, true, true])
        let tomita = try Self.referenceMachine(try BuiltinObjectives.named("tomita-5"))
        let t = try #require(AcceptorDFA(tomita))
        // Tomita 5's states are each entered with one acceptance: no split, machine.dot's names.
        #expect(t.names == (0..<tomita.stateCount).map { "s\($0)" } && t.accepting.filter { $0 }.count == 1)
        #expect(AcceptorDFA(try Self.referenceMachine(try BuiltinObjectives.named("random-6s2i2o-4"))) == nil)
        let dot = try #require(MachineExport.dfaDOT(Self.endsInOne))
        #expect(
            dot.contains("s0_acc [label=\"s0_acc\", shape=doublecircle];")
                && dot.contains("s0_rej -> s0_acc [label=\"'1'\"];"))
    }
}
