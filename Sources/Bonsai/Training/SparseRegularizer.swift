import Foundation

/// The sparse regularizer of the post (docs/design.md §5, A.4):
///
///     P(W) = λ · N⁻¹ Σ [tanh(k(|w| − t)) − tanh(−kt)] + λ₁ · N⁻¹ Σ |w|
///
/// It is 0 at w = 0, rises like a step around |w| = t and is almost flat for large weights, so it counts
/// "how many weights are non-negligible" rather than how large they are. The small L1 term gives the
/// gradient that pulls unneeded weights all the way to zero.
///
/// `normalization = .mean` divides by the tensor's size N as the original did (large tensors are then
/// regularized more weakly per weight); `.sum` drops the 1/N so every weight feels the same pressure.
public struct SparseRegularizer: Codable, Hashable, Sendable {
    public enum Normalization: String, Codable, Sendable, CaseIterable { case mean, sum }

    public var lambda: Float
    public var threshold: Float
    public var steepness: Float
    public var l1: Float
    public var normalization: Normalization
    /// Also regularize biases / initial states (the original regularized kernels only).
    public var biases: Bool
    public var initialStates: Bool

    public init(
        lambda: Float = 0.05, threshold: Float = 0.025, steepness: Float = 10, l1: Float = 0.001,
        normalization: Normalization = .mean, biases: Bool = false, initialStates: Bool = false
    ) {
        self.lambda = lambda
        self.threshold = threshold
        self.steepness = steepness
        self.l1 = l1
        self.normalization = normalization
        self.biases = biases
        self.initialStates = initialStates
    }

    func validate() throws {
        guard lambda >= 0, threshold >= 0, steepness >= 0, l1 >= 0,
            [lambda, threshold, steepness, l1].allSatisfy(\.isFinite)
        else {
            throw BonsaiError("regularizer: λ, threshold, steepness and L1 must be finite and ≥ 0")
        }
    }

    /// Adds ∂P/∂w (with λ scaled by `lambdaScale`) to `grad` for the n weights at `w`, and returns P.
    /// Accumulates in Double so the value does not depend on tensor size rounding.
    func accumulate(
        _ w: UnsafePointer<Float>, _ grad: UnsafeMutablePointer<Float>, count n: Int,
        lambdaScale: Float
    ) -> Double {
        guard n > 0 else { return 0 }
        let lam = Double(lambda * lambdaScale), k = Double(steepness), t = Double(threshold), l1 = Double(l1)
        let scale = normalization == .mean ? 1 / Double(n) : 1
        let shift = Foundation.tanh(-k * t)
        var sum = 0.0
        for i in 0..<n {
            let x = Double(w[i]), a = abs(x)
            let th = Foundation.tanh(k * (a - t))
            sum += lam * (th - shift) + l1 * a
            let sign: Double = x > 0 ? 1 : (x < 0 ? -1 : 0)
            grad[i] += Float(scale * sign * (lam * k * (1 - th * th) + l1))
        }
        return sum * scale
    }
}
