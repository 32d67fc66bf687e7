/// Which values every node of a graph takes over *all* input sequences.
///
/// Breadth-first exploration of the graph's reachable states under every input symbol (`ReachableStates`,
/// with a one-state reference), evaluated with `GraphEvaluator` (Double, deterministic), states identified
/// by their exact key. When it closes, the
/// value sets are exact for every sequence of every length. When moreover every node takes few values,
/// each neuron is a finite function of its sources' values — what the bit-parallel evaluator compiles. A
/// graph whose every node takes at most two values is *boolean*; a node with three or four values is coded
/// on two bits, and so on.
public enum FiniteValueAnalysis {
    /// Per slot of [inputs | states | neurons], its values in increasing order. Throws a one-line reason
    /// when a node takes more than `maxValues` values or the states do not close within `maxStates`.
    public static func values(_ graph: Graph, maxValues: Int = 16, maxStates: Int = 1 << 16) throws -> [[Double]] {
        let ni = graph.inputs.count, nsCount = graph.states.count
        guard ni <= 12 else { throw BonsaiError("\(ni) inputs: too many input symbols to explore") }
        let sets = ValueSets(count: ni + nsCount + graph.neurons.count, maxDistinct: maxValues)
        func name(_ slot: Int) -> String {
            slot < ni
                ? "input '\(graph.inputs[slot])'"
                : slot < ni + nsCount
                    ? "state '\(graph.states[slot - ni].name)'"
                    : "neuron '\(graph.neurons[slot - ni - nsCount].name)'"
        }
        // The graph's states alone: a reference of one state that allows every input symbol.
        var states = ReachableStates<Int>(graph, start: 0, cachingSteps: false)
        let every = Array(0..<(1 << ni))
        try states.run(
            maxPairs: .max, inputs: { _ in every }, reference: { _, _ in (0, 0) },
            observe: { values in
                if let slot = sets.record(values) {
                    throw BonsaiError("\(name(slot)) takes more than \(maxValues) values")
                }
            },
            check: { _, _, _, _, _ in true },
            reached: { _, _, count in
                guard count <= maxStates else {
                    throw BonsaiError("the states did not close within \(maxStates) reachable states")
                }
                return true
            })
        // None went over: every slot still has its values.
        return (0..<ni + nsCount + graph.neurons.count).map { sets.sorted($0)! }
    }
}
