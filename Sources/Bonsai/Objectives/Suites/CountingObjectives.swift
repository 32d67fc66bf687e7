/// Counting languages: `ones-mod-N` is true when the number of 1s so far is divisible by N (N states).
/// Parity is `running-parity` (alias `parity`); it outputs the odd case, as in the original implementation
/// (docs/design.md A.6, #14).
public enum CountingObjectives {
    public static let moduli = [3, 4, 5]
    public static let all: [TableObjective] = moduli.map(onesMod)

    public static func onesMod(_ n: Int) -> TableObjective {
        // A total step over 0..<n: construction cannot fail.
        try! TableObjective(
            name: "ones-mod-\(n)", summary: "true when the number of 1s so far is divisible by \(n)",
            inputCount: 1, outputCount: 1, distribution: .bits([0.5]), start: 0
        ) { c, x in
            let k = (c + x) % n
            return (k, k == 0 ? 1 : 0)
        }
    }
}
