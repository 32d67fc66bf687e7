import Foundation

/// The activation functions of a cell: one definition, used by training and by graph evaluation
/// (docs/design.md §3). Every case gives a value and a derivative; nothing assumes f(0) = 0.
///
/// The Ameo family is parameterised by the interpolation factor F and the leakyness L:
///   - hard Ameo = ameo(F: 1, L: 0); leaky hard = ameo(1, L)
///   - soft Ameo = ameo(0, 0);       soft leaky = ameo(0, L)
///   - interpolated Ameo(F, L) = F·leakyHard + (1−F)·leakySoft (the leaky hard part is the convention of
///     the original training kernels; docs/design.md A.1).
public enum Activation: Hashable, Sendable {
    case ameo(factor: Float, leakyness: Float)
    /// The original viewer's evaluation (graph.ts, docs/design.md A.1): interpolated Ameo whose hard part does
    /// *not* leak. Only for reproducing the original demo graphs exactly; never used for training.
    case graphTSAmeo(factor: Float, leakyness: Float)
    case tanh
    case sigmoid
    case relu
    case linear

    public static let hardAmeo = Activation.ameo(factor: 1, leakyness: 0)
    public static let softAmeo = Activation.ameo(factor: 0, leakyness: 0)
    public static func leakyHardAmeo(_ l: Float) -> Activation { .ameo(factor: 1, leakyness: l) }
    public static func softLeakyAmeo(_ l: Float) -> Activation { .ameo(factor: 0, leakyness: l) }
    /// The default of the original training driver: interpolated Ameo, F = 0.5, L = 0.1.
    public static let interpolatedAmeo = Activation.ameo(factor: 0.5, leakyness: 0.1)

    /// y = f(x).
    @inlinable public func value(_ x: Double) -> Double { valueAndDerivative(x).value }

    /// dy/dx.
    @inlinable public func derivative(_ x: Double) -> Double { valueAndDerivative(x).derivative }

    /// Both at once, in Double: the scalar reference that the SIMD kernel is tested against.
    public func valueAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
        switch self {
        case .ameo(let f, let l):
            let (h, dh) = Ameo.core(u: x / 2 - 0.5, factor: Double(f), leakyness: Double(l))
            return (2 * h - 1, dh)
        case .graphTSAmeo(let f, let l):
            let u = x / 2 - 0.5
            let (hh, dhh) = Ameo.hard(u, leakyness: 0)
            let (hs, dhs) = Ameo.soft(u, leakyness: Double(l))
            return (2 * (Double(f) * hh + (1 - Double(f)) * hs) - 1, Double(f) * dhh + (1 - Double(f)) * dhs)
        case .tanh:
            let y = Foundation.tanh(x)
            return (y, 1 - y * y)
        case .sigmoid:
            let y = 1 / (1 + Foundation.exp(-x))
            return (y, y * (1 - y))
        case .relu:
            return x > 0 ? (x, 1) : (0, 0)
        case .linear:
            return (x, 1)
        }
    }

    /// Exactly −1 for x ≤ −3 and +1 for x ≥ 3, with kinks at odd integers: a leak-free Ameo.
    public var hasExactFlatEnds: Bool {
        if case .ameo(_, let l) = self { return l == 0 }
        return false
    }

    /// A short human name, as printed in help and reports.
    public var name: String {
        switch self {
        case .ameo(let f, let l):
            switch (f, l) {
            case (1, 0): return "hard-ameo"
            case (0, 0): return "soft-ameo"
            case (1, _): return "leaky-hard-ameo(L=\(l))"
            case (0, _): return "soft-leaky-ameo(L=\(l))"
            default: return "interpolated-ameo(F=\(f), L=\(l))"
            }
        case .graphTSAmeo(let f, let l): return "graphts-ameo(F=\(f), L=\(l))"
        case .tanh: return "tanh"
        case .sigmoid: return "sigmoid"
        case .relu: return "relu"
        case .linear: return "linear"
        }
    }
}

/// The Ameo core functions on the shifted variable u = x/2 − 1/2, with values h(u) in [0, 1] apart from
/// the leaky tails; the activation is y = 2h(u) − 1 and dy/dx = h'(u).
enum Ameo {
    /// Hard core: 0 (u ≤ −2), u+2 on (−2, −1], −u on (−1, 0], u on (0, 1], 1 (u > 1); leaky tails
    /// L(u+2) and 1 + L(u−1).
    static func hard(_ u: Double, leakyness l: Double) -> (Double, Double) {
        if u <= -2 { return (l * (u + 2), l) }
        if u <= -1 { return (u + 2, 1) }
        if u <= 0 { return (-u, -1) }
        if u <= 1 { return (u, 1) }
        return (1 + l * (u - 1), l)
    }

    /// Soft core (C¹ quartic spline): 8(u+2)⁴ on (−2, −1.5], 1−8(u+1)⁴ on (−1.5, −0.5], 8u⁴ on
    /// (−0.5, 0.5], 1−8(u−1)⁴ on (0.5, 1), same tails. At exactly u = 1 the right tail's slope L is used,
    /// as in the original OpenCL kernel (the golden table of docs/design.md A.1, depends on that tie).
    static func soft(_ u: Double, leakyness l: Double) -> (Double, Double) {
        if u <= -2 { return (l * (u + 2), l) }
        if u <= -1.5 {
            let v = u + 2
            return (8 * v * v * v * v, 32 * v * v * v)
        }
        if u <= -0.5 {
            let v = u + 1
            return (1 - 8 * v * v * v * v, -32 * v * v * v)
        }
        if u <= 0.5 { return (8 * u * u * u * u, 32 * u * u * u) }
        if u < 1 {
            let v = u - 1
            return (1 - 8 * v * v * v * v, -32 * v * v * v)
        }
        return (1 + l * (u - 1), l)
    }

    static func core(u: Double, factor f: Double, leakyness l: Double) -> (Double, Double) {
        let (hh, dh) = hard(u, leakyness: l)
        let (hs, ds) = soft(u, leakyness: l)
        return (f * hh + (1 - f) * hs, f * dh + (1 - f) * ds)
    }
}

extension Activation: Codable {
    private enum CodingKeys: String, CodingKey { case type, factor, leakyness }

    /// JSON: `{"type": "ameo", "factor": F, "leakyness": L}` or `{"type": "tanh"}` (also a bare string).
    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            guard let a = Activation(named: name) else {
                throw DecodingError.dataCorruptedError(in: single, debugDescription: "unknown activation '\(name)'")
            }
            self = a
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        if type == "ameo-graphts" {
            self = .graphTSAmeo(
                factor: try c.decode(Float.self, forKey: .factor),
                leakyness: try c.decode(Float.self, forKey: .leakyness))
        } else if type == "ameo" {
            let f = try c.decode(Float.self, forKey: .factor)
            let l = try c.decode(Float.self, forKey: .leakyness)
            guard (0...1).contains(f), l >= 0, l.isFinite else {
                throw DecodingError.dataCorruptedError(
                    forKey: .factor, in: c,
                    debugDescription: "ameo needs factor in [0, 1] and leakyness ≥ 0")
            }
            self = .ameo(factor: f, leakyness: l)
        } else if let a = Activation(named: type) {
            self = a
        } else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown activation '\(type)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .ameo(let f, let l):
            try c.encode("ameo", forKey: .type)
            try c.encode(f, forKey: .factor)
            try c.encode(l, forKey: .leakyness)
        case .graphTSAmeo(let f, let l):
            try c.encode("ameo-graphts", forKey: .type)
            try c.encode(f, forKey: .factor)
            try c.encode(l, forKey: .leakyness)
        case .tanh: try c.encode("tanh", forKey: .type)
        case .sigmoid: try c.encode("sigmoid", forKey: .type)
        case .relu: try c.encode("relu", forKey: .type)
        case .linear: try c.encode("linear", forKey: .type)
        }
    }

    /// Names accepted on the command line and in JSON: tanh, sigmoid, relu, linear, hard-ameo, soft-ameo,
    /// ameo (the default interpolated one), and `ameo:F:L`.
    public init?(named name: String) {
        switch name {
        case "tanh": self = .tanh
        case "sigmoid": self = .sigmoid
        case "relu": self = .relu
        case "linear", "none": self = .linear
        case "hard-ameo": self = .hardAmeo
        case "soft-ameo": self = .softAmeo
        case "ameo", "interpolated-ameo": self = .interpolatedAmeo
        default:
            let parts = name.split(separator: ":")
            guard parts.count == 3, parts[0] == "ameo", let f = Float(parts[1]), let l = Float(parts[2]),
                (0...1).contains(f), l >= 0
            else { return nil }
            self = .ameo(factor: f, leakyness: l)
        }
    }
}
