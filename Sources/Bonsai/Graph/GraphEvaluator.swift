/// Steps a graph through sequences in Double, with the same activation functions as training.
/// Deterministic: the same state and input always give bit-identical results, which is what lets exact
/// verification identify graph states by their values.
public struct GraphEvaluator: Sendable {
    public let graph: Graph
    private let wiring: GraphWiring

    public init(_ graph: Graph) {
        self.graph = graph
        wiring = GraphWiring(graph)
    }

    public var initialState: [Double] { graph.states.map(\.initial) }
    public var valueCount: Int { graph.inputs.count + graph.states.count + graph.neurons.count }

    /// One timestep: fills `values` ([inputs | states | neurons]) from the input bits and the state, and
    /// returns the outputs and the next state.
    @inline(__always)
    public func step(state: [Double], inputBits: Int, values: inout [Double]) -> (outputs: [Double], next: [Double]) {
        let ni = graph.inputs.count, ns = graph.states.count
        for i in 0..<ni { values[i] = (inputBits >> i) & 1 == 1 ? 1 : -1 }
        for j in 0..<ns { values[ni + j] = state[j] }
        for (k, n) in graph.neurons.enumerated() {
            var z = n.bias
            for e in wiring.starts[k]..<wiring.starts[k + 1] { z += wiring.weights[e] * values[wiring.sources[e]] }
            values[ni + ns + k] = n.activation.value(z)
        }
        return (wiring.outputSlots.map { values[$0] }, wiring.nextSlots.map { values[$0] })
    }

    /// Every node's value at every step of one input sequence: [step][inputs | states | neurons], plus the
    /// outputs per step. States are the values read at that step (before the commit).
    public func trace(_ inputs: [Int]) -> (values: [[Double]], outputs: [[Double]]) {
        var state = initialState
        var values = [Double](repeating: 0, count: valueCount)
        var all: [[Double]] = [], outs: [[Double]] = []
        for x in inputs {
            let (y, next) = step(state: state, inputBits: x, values: &values)
            all.append(values)
            outs.append(y)
            state = next
        }
        return (all, outs)
    }
}
