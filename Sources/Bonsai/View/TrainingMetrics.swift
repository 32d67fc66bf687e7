import Foundation

/// The training story for the page: the metrics log thinned to at most `maxPoints` rows (every row is
/// too many for a 25k-step run), every validation, and the landmarks of the run.
public struct TrainingMetrics: Codable, Equatable, Sendable {
    public var step: [Int] = []
    public var baseLoss: [Double] = []
    public var regLoss: [Double] = []
    public var weightsAbove: [Int] = []
    /// (step, accuracy) of every validation.
    public var validations: [[Double]] = []
    public var solvedAtStep: Int?
    public var bestStep: Int?
    public var seed: UInt64?
    public var totalWeights: Int?

    public init() {}

    /// Reads `metrics.csv` (MetricsRow.csvHeader). A malformed row is an error naming the file and line.
    public static func read(_ url: URL, maxPoints: Int = 1500) throws -> TrainingMetrics {
        let text = try InputFile.text(url, what: "metrics log")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first, header.hasPrefix("step,base_loss,reg_loss,weights_above,val_accuracy") else {
            throw BonsaiError.file(url.path, "not a metrics log (expected the header '\(MetricsRow.csvHeader)')")
        }
        var all: [(Int, Double, Double, Int)] = []
        var m = TrainingMetrics()
        for (n, line) in lines.enumerated().dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 5, let step = Int(f[0]), let base = Double(f[1]), let reg = Double(f[2]), let w = Int(f[3])
            else {
                throw BonsaiError.file(
                    url.path, "line \(n + 1): malformed row '\(line.prefix(60))' (expected \(MetricsRow.csvHeader))")
            }
            if !f[4].isEmpty {
                guard let acc = Double(f[4]) else {
                    throw BonsaiError.file(url.path, "line \(n + 1): malformed val_accuracy '\(f[4])'")
                }
                m.validations.append([Double(step), acc])
            }
            all.append((step, base, reg, w))
        }
        guard !all.isEmpty else { throw BonsaiError.file(url.path, "no rows") }
        let stride = max(1, (all.count + maxPoints - 1) / maxPoints)
        for (i, r) in all.enumerated() where i % stride == 0 || i == all.count - 1 {
            // A log scale cannot show 0 or NaN; such points are dropped from the loss curves only.
            m.step.append(r.0)
            m.baseLoss.append(r.1.isFinite ? r.1 : 0)
            m.regLoss.append(r.2.isFinite ? r.2 : 0)
            m.weightsAbove.append(r.3)
        }
        return m
    }
}
