import Foundation
import Testing

@testable import Bonsai

/// Quantized states (`CellShape.quantizedStates`): the network feeds back exactly ±1, its graph computes
/// the same thing with one sign neuron per state, and validation counts a state too close to 0 for that
/// neuron as an error.
@Suite("Quantized states")
struct QuantizedStatesTests {
    static func network(seed: UInt64) -> Network {
        let shape = NetworkShape(
            inputSize: 2,
            cells: [
                CellShape(
                    outputSize: 6, stateSize: 3, outputActivation: .hardAmeo, stateActivation: .hardAmeo,
                    quantizedStates: true)
            ], outputSize: 2)
        return try! Network(shape: shape, seed: seed)
    }

    @Test("the graph of a quantized network computes its outputs, and its states are ±1")
    func graphMatchesNetwork() throws {
        var rng = Rng(seed: 5)
        var compared = 0
        for seed in 1...4 as ClosedRange<UInt64> {
            let net = Self.network(seed: seed)
            let graph = Graph(network: net, objective: "two-ago")
            try graph.validate()
            #expect(graph.states.allSatisfy { abs($0.initial) == 1 })
            let reference = ReferenceNetwork(net)
            for _ in 0..<20 {
                let bits = (0..<12).map { _ in Int(rng.next() % 4) }
                let (values, outputs) = GraphEvaluator(graph).trace(bits)
                let ys = reference.forward(bits.map { b in (0..<2).map { (b >> $0) & 1 == 1 ? 1.0 : -1.0 } })
                for t in bits.indices {
                    // Every state value is exactly ±1 (the sign neuron saturates), unless the state tree's
                    // value fell within the margin, which validation counts as an error.
                    let states = values[t][2..<(2 + graph.states.count)]
                    guard states.allSatisfy({ abs($0) == 1 }) else { continue }
                    for m in 0..<2 { #expect(abs(outputs[t][m] - ys[t][m]) < 1e-4, "seed \(seed) step \(t)") }
                    compared += 1
                }
            }
        }
        // Nearly every step is compared: a state tree's value rarely falls within 3/1024 of 0.
        #expect(compared > 900)
    }

    @Test("a state value within the sign neuron's margin counts as a sign error")
    func marginCountsAsError() {
        var net = Self.network(seed: 1)
        let t = net.layout.cells[0]
        // All state-tree weights 0 and the bias at the margin's edge: the state value is f(bias) ≈ margin/2.
        let kernel = net.layout.tensors[t.stateKernel]
        for i in kernel.offset..<kernel.offset + kernel.count { net.parameters[i] = 0 }
        let bias = net.layout.tensors[t.stateBias!]
        // Hard Ameo: f(x) = −x on (−1, 1], so a bias of −margin/2 gives the value margin/2.
        for i in bias.offset..<bias.offset + bias.count { net.parameters[i] = -quantizerMargin / 2 }
        let ws = TileWorkspace(shape: net.shape, steps: 3)
        for i in 0..<6 { ws.inputs[i] = Lanes(repeating: 1) }
        for i in 0..<6 { ws.targets[i] = Lanes(repeating: 1) }
        let near = ws.forward(PackedNetwork(net), steps: 3, lossScale: nil).errors
        for i in bias.offset..<bias.offset + bias.count { net.parameters[i] = -0.5 }
        let far = ws.forward(PackedNetwork(net), steps: 3, lossScale: nil).errors
        // 3 steps × 3 states × 16 lanes near the threshold, on top of whatever output errors both have.
        #expect(near - far == 3 * 3 * laneCount)
    }
}
