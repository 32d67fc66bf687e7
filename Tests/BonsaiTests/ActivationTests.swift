import Foundation
import Testing

@testable import Bonsai

@Suite("Activations")
struct ActivationTests {
    /// The golden table of docs/design.md A.1: x, hard, soft leaky (L .1), interpolated tinygrad (F .5, L .1),
    /// its derivative.
    static let golden: [(x: Double, hard: Double, softLeaky: Double, interp: Double, dInterp: Double)] = [
        (-5, -1, -1.2, -1.2, 0.1), (-3, -1, -1, -1, 0.1), (-2.5, -0.5, -0.9375, -0.71875, 0.75),
        (-2, 0, 0, 0, 2.5), (-1, 1, 1, 1, 0.5), (0, 0, 0, 0, -2.5), (0.25, -0.25, -0.68359, -0.4668, -1.34375),
        (1, -1, -1, -1, -0.5), (3, 1, 1, 1, 0.55), (5, 1, 1.2, 1.2, 0.1),
    ]

    @Test("golden values of the original implementation (docs/design.md A.1)")
    func goldenTable() {
        for g in Self.golden {
            #expect(abs(Activation.hardAmeo.value(g.x) - g.hard) < 1e-4, "hard at \(g.x)")
            #expect(abs(Activation.softLeakyAmeo(0.1).value(g.x) - g.softLeaky) < 1e-4, "soft leaky at \(g.x)")
            #expect(abs(Activation.interpolatedAmeo.value(g.x) - g.interp) < 1e-4, "interpolated at \(g.x)")
            #expect(abs(Activation.interpolatedAmeo.derivative(g.x) - g.dInterp) < 1e-6, "derivative at \(g.x)")
        }
    }

    @Test("hard Ameo key values and negation on [−1, 1]")
    func hardAmeoShape() {
        let a = Activation.hardAmeo
        for (x, y) in [(-3.0, -1.0), (-2, 0), (-1, 1), (0, 0), (1, -1), (2, 0), (3, 1)] { #expect(a.value(x) == y) }
        for x in stride(from: -1.0, through: 1.0, by: 0.125) { #expect(abs(a.value(x) + x) < 1e-12) }
        #expect(abs(Activation.leakyHardAmeo(0.1).value(-5) - -1.2) < 1e-7)  // L is a Float
    }

    static let all: [Activation] = [
        .hardAmeo, .leakyHardAmeo(0.1), .softAmeo, .softLeakyAmeo(0.05), .interpolatedAmeo,
        .ameo(factor: 0.5, leakyness: 0.01), .tanh, .sigmoid, .relu, .linear,
    ]
    static let knots: [Double] = [-3, -2, -1, 0, 1, 2, 3]

    @Test("derivative matches central differences away from the knots", arguments: all)
    func finiteDifferences(_ a: Activation) {
        let h = 1e-6
        for i in 0..<400 {
            let x = -6 + 12 * (Double(i) + 0.37) / 400
            if Self.knots.contains(where: { abs($0 - x) < 1e-3 }) { continue }
            let fd = (a.value(x + h) - a.value(x - h)) / (2 * h)
            #expect(abs(fd - a.derivative(x)) < 1e-5, "\(a.name) at \(x): fd \(fd) vs \(a.derivative(x))")
        }
    }

    @Test("the SIMD kernel computes the same function and derivative", arguments: all)
    func lanesMatchScalar(_ a: Activation) {
        var rng = Rng(seed: 7)
        for _ in 0..<50 {
            var x = Lanes()
            for i in 0..<laneCount { x[i] = Float(rng.uniform() * 12 - 6) }
            // Include the knots themselves: ties must be broken the same way.
            x[0] = -3
            x[1] = 3
            x[2] = 1
            x[3] = -1
            let (y, d) = a.apply(x)
            for i in 0..<laneCount {
                let (ry, rd) = a.valueAndDerivative(Double(x[i]))
                #expect(abs(Double(y[i]) - ry) < 2e-6 * max(1, abs(ry)), "\(a.name) value at \(x[i])")
                #expect(abs(Double(d[i]) - rd) < 2e-5 * max(1, abs(rd)), "\(a.name) derivative at \(x[i])")
            }
        }
    }

    @Test("JSON and command-line names round-trip")
    func coding() throws {
        for a in Self.all {
            let data = try JSONEncoder().encode(a)
            #expect(try JSONDecoder().decode(Activation.self, from: data) == a)
        }
        #expect(Activation(named: "ameo:0.5:0.01") == .ameo(factor: 0.5, leakyness: 0.01))
        #expect(Activation(named: "ameo:2:0") == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Activation.self, from: Data(#"{"type":"gelu"}"#.utf8))
        }
    }
}
