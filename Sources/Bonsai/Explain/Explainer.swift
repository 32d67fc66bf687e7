import Foundation

/// Builds an `Explanation`: explores the graph's reachable states alongside the objective, reads each
/// neuron's logic off the values it took, minimizes the graph's machine and compares it with the
/// objective's minimal machine.
public enum Explainer {
    /// Machine states list at most this many of their graph state vectors.
    public static let maxListedGraphStates = 64

    /// The machines behind an explanation, for exports.
    public struct Machines: Sendable {
        /// The graph's minimized machine; nil when its states never close.
        public var extracted: MealyMachine?
        public var reference: MealyMachine
    }

    /// The default exploration cap. Lower than the Verifier's 200,000: digital graphs close far below it
    /// (the largest seed graph has 358 pairs), and an analog graph yields no machine at any cap, so the
    /// extra pairs would only cost time (about 20 µs per pair on the 15-state switcher graph).
    public static let defaultMaxPairs = 50_000

    /// `maxPairs` caps the exploration of (graph state, objective state) pairs, as in the Verifier.
    public static func explain(
        _ graph: Graph, objective: any Objective, maxPairs: Int = defaultMaxPairs
    ) throws -> (Explanation, Machines) {
        try explain(graph, objective, maxPairs: maxPairs)
    }

    private static func explain<O: Objective>(_ graph: Graph, _ o: O, maxPairs: Int) throws -> (Explanation, Machines) {
        let started = Date()
        guard graph.inputs.count == o.inputCount, graph.outputs.count == o.outputCount else {
            throw BonsaiError(
                "the graph has \(graph.inputs.count) inputs and \(graph.outputs.count) outputs; objective '\(o.name)' has \(o.inputCount) and \(o.outputCount)"
            )
        }
        let objectiveMachine = try ReferenceMachine(o)
        let (reference, referenceClass) = (objectiveMachine.minimal, objectiveMachine.classOf)
        // The objective's states behind each minimal reference state.
        let referenceNames = objectiveMachine.classNames()
        let x = MachineExtraction.explore(graph, o, reference: objectiveMachine.machine, maxPairs: maxPairs)
        let states = NeuronLogic.states(graph, x.observations)
        let neurons = NeuronLogic.neurons(graph, x.observations)
        let exploration = Explanation.Exploration(
            closed: x.closed, pairs: x.pairs, graphStates: x.graphStates.count, depth: x.depth,
            analogStates: states.filter { $0.values == nil }.map(\.name))

        var ranges = [[ClosedRange<Double>?]](
            repeating: Array(repeating: nil, count: graph.states.count), count: reference.stateCount)
        for p in x.visited {
            let r = referenceClass[p.r]
            for (j, v) in x.graphStates[p.g].enumerated() {
                ranges[r][j] = ranges[r][j].map { min($0.lowerBound, v)...max($0.upperBound, v) } ?? v...v
            }
        }
        let readout = StateReadout.make(ranges: ranges, names: referenceNames)

        var machine: Explanation.Machine? = nil
        var extracted: MealyMachine? = nil
        var comparison: MealyMachine.Comparison? = nil
        if x.closed {
            let (m, classOf) = x.machine.minimized()
            extracted = m
            let cmp = m.compare(to: reference)
            comparison = cmp
            var members = [[Int]](repeating: [], count: m.stateCount)
            for (g, c) in classOf.enumerated() where c >= 0 { members[c].append(g) }
            machine = describeMachine(m) { s in
                Explanation.Machine.Encoding(
                    state: s, graphStates: members[s].prefix(maxListedGraphStates).map { x.graphStates[$0] },
                    graphStateCount: members[s].count,
                    reference: cmp.isomorphic ? cmp.correspondence[s].map { referenceNames[$0] } : nil)
            }
        }
        var bounded: Explanation.Bounded? = nil
        if !x.closed, let b = BoundedBehaviour.machine(x.machine, depths: x.depths, explored: x.depth) {
            let cmp = b.machine.compare(to: reference)
            let described = describeMachine(b.machine) { s in
                Explanation.Machine.Encoding(
                    state: s, graphStates: b.members[s].prefix(maxListedGraphStates).map { x.graphStates[$0] },
                    graphStateCount: b.members[s].count,
                    reference: cmp.isomorphic ? cmp.correspondence[s].map { referenceNames[$0] } : nil)
            }
            bounded = .init(
                states: b.machine.stateCount, depth: b.depth, lookahead: b.lookahead,
                equivalent: cmp.equivalent, isomorphic: cmp.isomorphic,
                counterexample: cmp.counterexample.map { $0.map { MealyMachine.label($0, bits: o.inputCount) } },
                machine: described)
        }
        let explanation = Explanation(
            objective: o.name, graphSize: graph.size, neurons: neurons, states: states, machine: machine,
            reference: .init(states: reference.stateCount, reachable: objectiveMachine.machine.stateCount),
            equivalent: comparison?.equivalent, isomorphic: comparison?.isomorphic,
            counterexample: comparison?.counterexample.map { $0.map { MealyMachine.label($0, bits: o.inputCount) } },
            exploration: exploration, readout: readout, bounded: bounded, seconds: Date().timeIntervalSince(started))
        return (explanation, Machines(extracted: extracted, reference: reference))
    }

    static func describeMachine(
        _ m: MealyMachine, encoding: (Int) -> Explanation.Machine.Encoding
    ) -> Explanation.Machine {
        var transitions: [Explanation.Machine.Transition] = []
        for s in 0..<m.stateCount {
            for x in 0..<m.alphabetSize {
                guard let t = m.transitions[s][x] else { continue }
                transitions.append(
                    .init(
                        from: s, input: MealyMachine.label(x, bits: m.inputCount), to: t.to,
                        output: MealyMachine.label(t.output, bits: m.outputCount)))
            }
        }
        return Explanation.Machine(
            states: m.stateCount, start: m.start,
            inputs: (0..<m.alphabetSize).map { MealyMachine.label($0, bits: m.inputCount) },
            outputs: (0..<(1 << m.outputCount)).map { MealyMachine.label($0, bits: m.outputCount) },
            transitions: transitions, encoding: (0..<m.stateCount).map(encoding))
    }
}
