/// Adam (β1 0.9, β2 0.999, ε 1e-8) over the flat parameter buffer.
public struct Adam: Codable, Equatable, Sendable {
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    /// First and second moment estimates, one per parameter.
    public var m: [Float]
    public var v: [Float]
    /// Updates taken so far (for bias correction).
    public var t: Int = 0

    public init(count: Int) {
        m = [Float](repeating: 0, count: count)
        v = [Float](repeating: 0, count: count)
    }

    /// θ ← θ − lr · m̂ / (√v̂ + ε)
    public mutating func update(_ params: inout [Float], _ grad: [Float], learningRate lr: Float) {
        t += 1
        let b1 = beta1, b2 = beta2, eps = epsilon
        let c1 = 1 - Float(Double(b1).power(t)), c2 = 1 - Float(Double(b2).power(t))
        let step = lr / c1, c2r = 1 / c2
        for i in params.indices {
            let g = grad[i]
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            params[i] -= step * m[i] / ((v[i] * c2r).squareRoot() + eps)
        }
    }
}

extension Double {
    fileprivate func power(_ n: Int) -> Double {
        var r = 1.0, b = self, e = n
        while e > 0 {
            if e & 1 == 1 { r *= b }
            b *= b
            e >>= 1
        }
        return r
    }
}
