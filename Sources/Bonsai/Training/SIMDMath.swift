/// The kernel's vector: one value for each of 16 sequences of a tile. The batch is laid innermost, so
/// every matrix–vector product of the network is a broadcast FMA over 16 sequences at once.
typealias Lanes = SIMD16<Float>
let laneCount = 16

/// Vectorised activations: value and derivative for 16 pre-activations, the same function as
/// `Activation.valueAndDerivative` (tested lane by lane against it).
extension Activation {
    @inline(__always)
    func apply(_ x: Lanes) -> (value: Lanes, derivative: Lanes) {
        switch self {
        case .ameo(let f, let l): return ameoLanes(x, f, l)
        case .linear: return (x, Lanes(repeating: 1))
        case .relu:
            var y = x, d = Lanes(repeating: 1)
            y.replace(with: 0, where: x .<= 0)
            d.replace(with: 0, where: x .<= 0)
            return (y, d)
        case .tanh, .sigmoid, .graphTSAmeo:
            var y = Lanes(), d = Lanes()
            for i in 0..<laneCount {
                let (v, g) = valueAndDerivative(Double(x[i]))
                y[i] = Float(v)
                d[i] = Float(g)
            }
            return (y, d)
        }
    }
}

/// Interpolated Ameo without branches. On the clamped core u_c = clamp(u, −2, 1), the hard core is the
/// distance d to the nearest even integer, with slope s = ±1. The soft core is the quartic spline of d:
/// 8e⁴ below d = ½ and 1 − 8e⁴ above, where e = min(d, 1 − d). Both write as soft = d + σ(8e⁴ − e), with
/// σ = +1 below ½ and −1 above, so the interpolation F·hard + (1−F)·soft collapses to
///     h = d + (1−F)·σ·(8e⁴ − e) + L·(u − u_c),    h' = s·(F + 32(1−F)e³)  (L in the tails).
/// Knot ties follow the scalar definition: the hard part is not in its tail at exactly u = 1, the soft
/// part is, so h'(1) = F + (1−F)L.
@inline(__always)
func ameoLanes(_ x: Lanes, _ f: Float, _ l: Float) -> (Lanes, Lanes) {
    let u = x * 0.5 - 0.5
    // Masked selects, not pointwiseMin/Max: those are NaN-aware scalar loops (16× slower here).
    let low = u .<= -2, high = u .> 1
    var uc = u
    uc.replace(with: -2, where: low)
    uc.replace(with: 1, where: high)
    let midLeft = uc .> -1, right = uc .> 0
    var d = uc + 2
    d.replace(with: abs(uc), where: midLeft)
    var s = Lanes(repeating: 1)
    s.replace(with: -1, where: midLeft .& .!right)
    let upper = d .> 0.5
    var e = d
    e.replace(with: 1 - d, where: upper)
    // Trained networks sit on the knots (d ≈ 0 or 1), where e⁴ would be a subnormal float and x86 would
    // slow down ~100×; below 1e-9 the spline term is < 1e-35, so it is set to exactly 0.
    e.replace(with: 0, where: e .< 1e-9)
    let e2 = e * e
    var w = 8 * e2 * e2 - e
    w.replace(with: -w, where: upper)
    let h = d + (1 - f) * w + l * (u - uc)
    var dh = s * (f + (32 * (1 - f)) * (e2 * e))
    dh.replace(with: l, where: low .| high)
    dh.replace(with: f + (1 - f) * l, where: u .== 1)
    return (2 * h - 1, dh)
}

/// |x| by clearing the sign bits.
@inline(__always)
private func abs(_ x: Lanes) -> Lanes {
    unsafeBitCast(unsafeBitCast(x, to: SIMD16<UInt32>.self) & 0x7FFF_FFFF, to: Lanes.self)
}

/// out[r] = bias[r] + Σ_q in[q] · w[q·inStride + r·outStride] for r < m: a matrix–vector product over
/// 16 sequences, four outputs at a time so the accumulators stay in registers.
@inline(__always)
func laneGemv(
    _ input: UnsafePointer<Lanes>, _ n: Int, _ w: UnsafePointer<Float>, inStride: Int, outStride: Int,
    _ m: Int, bias: UnsafePointer<Float>?, _ out: UnsafeMutablePointer<Lanes>
) {
    var r = 0
    while r + 4 <= m {
        var a0 = Lanes(repeating: bias?[r] ?? 0), a1 = Lanes(repeating: bias?[r + 1] ?? 0)
        var a2 = Lanes(repeating: bias?[r + 2] ?? 0), a3 = Lanes(repeating: bias?[r + 3] ?? 0)
        var wp = w + r * outStride
        for q in 0..<n {
            let x = input[q]
            a0.addProduct(x, wp[0])
            a1.addProduct(x, wp[outStride])
            a2.addProduct(x, wp[2 * outStride])
            a3.addProduct(x, wp[3 * outStride])
            wp += inStride
        }
        out[r] = a0
        out[r + 1] = a1
        out[r + 2] = a2
        out[r + 3] = a3
        r += 4
    }
    // Leftover rows: four partial sums over q, so the FMAs are not one long dependency chain (a single
    // accumulator runs at a quarter of the FMA throughput).
    while r < m {
        var a0 = Lanes(repeating: bias?[r] ?? 0), a1 = Lanes(), a2 = Lanes(), a3 = Lanes()
        let wp = w + r * outStride
        var q = 0
        while q + 4 <= n {
            a0.addProduct(input[q], wp[q * inStride])
            a1.addProduct(input[q + 1], wp[(q + 1) * inStride])
            a2.addProduct(input[q + 2], wp[(q + 2) * inStride])
            a3.addProduct(input[q + 3], wp[(q + 3) * inStride])
            q += 4
        }
        while q < n {
            a0.addProduct(input[q], wp[q * inStride])
            q += 1
        }
        out[r] = (a0 + a1) + (a2 + a3)
        r += 1
    }
}

/// out[i·nb + j] += Σ_t a[t·aStride + i] · b[t·bStride + j]: the weight-gradient outer products of a
/// whole tile, summed over time with 2×2 register blocks. The sum over the 16 lanes is left to the caller,
/// once per chunk of tiles: horizontal sums are slow, and doing them per tile cost a fifth of the step.
@inline(__always)
func laneOuterSum(
    _ a: UnsafePointer<Lanes>, aStride: Int, _ na: Int, _ b: UnsafePointer<Lanes>, bStride: Int, _ nb: Int,
    steps: Int, _ out: UnsafeMutablePointer<Lanes>
) {
    var i = 0
    while i < na {
        let i1 = min(i + 1, na - 1)
        var j = 0
        while j < nb {
            let j1 = min(j + 1, nb - 1)
            var s00 = Lanes(), s01 = Lanes(), s10 = Lanes(), s11 = Lanes()
            var pa = a, pb = b
            for _ in 0..<steps {
                let x0 = pa[i], x1 = pa[i1], y0 = pb[j], y1 = pb[j1]
                s00.addProduct(x0, y0)
                s01.addProduct(x0, y1)
                s10.addProduct(x1, y0)
                s11.addProduct(x1, y1)
                pa += aStride
                pb += bStride
            }
            out[i * nb + j] += s00
            if j1 > j { out[i * nb + j1] += s01 }
            if i1 > i {
                out[i1 * nb + j] += s10
                if j1 > j { out[i1 * nb + j1] += s11 }
            }
            j += 2
        }
        i += 2
    }
}

/// out[i] += Σ_t a[t·stride + i] for i < n (lanes kept apart, as above).
@inline(__always)
func laneColumnSum(_ a: UnsafePointer<Lanes>, stride: Int, _ n: Int, steps: Int, _ out: UnsafeMutablePointer<Lanes>) {
    for i in 0..<n {
        var s = Lanes()
        var p = a + i
        for _ in 0..<steps {
            s += p[0]
            p += stride
        }
        out[i] += s
    }
}
