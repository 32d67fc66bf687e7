import Foundation

/// The random-program benchmark: random minimal Mealy machines (`RandomMachines`) grown on the defaults,
/// one sweep directory per machine, and the scaling curve of success and time against machine size.
///
///     <dir>/<machine>/seed-1/   the machine's grown run (a sweep of one seed)
///     <dir>/results.csv         every machine's row (as `bonsai sweep report`)
///     <dir>/results.md          the table by number of states
///     <dir>/scaling.svg         success and median time against the number of states
public enum RandomBenchmark {
    /// `count` machines; the states cycle through `states`, and machine k draws its input and output bits
    /// from the ranges with seed k, so the set is the same on every machine and grows by appending.
    public static func machines(
        count: Int, states: [Int], inputs: ClosedRange<Int>, outputs: ClosedRange<Int>
    ) -> [RandomMachines.Parameters] {
        (1...max(1, count)).map { k in
            var rng = Rng(seed: UInt64(k), stream: 0x62656E6368)
            let i = inputs.lowerBound + Int(rng.next() % UInt64(inputs.count))
            let o = outputs.lowerBound + Int(rng.next() % UInt64(outputs.count))
            return .init(states: states[(k - 1) % states.count], inputs: i, outputs: o, seed: UInt64(k))
        }
    }

    /// Grows every machine without a result, one after the other (each race uses `workers` cores);
    /// `report` gets each result with the number done and to do. False when interrupted.
    public static func run(
        _ machines: [RandomMachines.Parameters], dir: URL, timeLimit: Double, workers: Int,
        stop: @escaping @Sendable () -> Bool = { Interrupt.isRequested },
        report: @escaping @Sendable (SeedResult, Int, Int) -> Void
    ) throws -> Bool {
        for p in machines { _ = try RandomMachines.objective(p) }
        for (k, p) in machines.enumerated() {
            let preset = try BuiltinObjectives.named(p.name).preset
            var sweep = Sweep(
                dir: dir.appendingPathComponent(p.name),
                config: RunConfig(
                    objective: p.name, seed: 1, restarts: 0, threads: workers, training: preset,
                    timeLimit: timeLimit))
            sweep.jobs = 1
            let finished = try sweep.run(seeds: [1], stop: stop) { r, _, _ in report(r, k + 1, machines.count) }
            if !finished { return false }
        }
        let results = try SweepReport.results(in: [dir])
        try AtomicFile.write(SweepReport.csv(results), to: dir.appendingPathComponent("results.csv"))
        try AtomicFile.write(table(results), to: dir.appendingPathComponent("results.md"))
        try AtomicFile.write(plot(results), to: dir.appendingPathComponent("scaling.svg"))
        return true
    }

    /// One size class of the table and the plot.
    struct Row {
        var states: Int
        var machines = 0, minimal = 0, ownWeights = 0, proven = 0, checked = 0, unsolved = 0
        var seconds: [Double] = [], edges: [Int] = [], neurons: [Int] = []
        var minimalRate: Double { machines == 0 ? 0 : Double(minimal) / Double(machines) }
    }

    static func rows(_ results: [SeedResult]) -> [Row] {
        var byStates: [Int: Row] = [:]
        for r in results {
            let n = r.referenceMinimalStates ?? 0
            var row = byStates[n] ?? Row(states: n)
            row.machines += 1
            row.seconds.append(r.seconds)
            if r.status != .solved { row.unsolved += 1 }
            if r.verification == Verification.Status.proven.rawValue { row.proven += 1 }
            if r.verification == Verification.Status.checked.rawValue { row.checked += 1 }
            if r.minimalMachine == true && r.verification == Verification.Status.proven.rawValue {
                row.minimal += 1
                if r.fittedAnew != true { row.ownWeights += 1 }
                row.edges.append(r.edges ?? 0)
                row.neurons.append(r.neurons ?? 0)
            }
            byStates[n] = row
        }
        return byStates.values.sorted { $0.states < $1.states }
    }

    static func median<T: Comparable>(_ xs: [T]) -> T? { xs.isEmpty ? nil : xs.sorted()[xs.count / 2] }

    /// The table by number of states, with a total row.
    public static func table(_ results: [SeedResult]) -> String {
        var s =
            "| states | machines | proven minimal | network's own weights | neurons fitted anew | proven, not minimal | checked | no graph | median time | median neurons / edges (minimal) |\n"
        s += "|---|---|---|---|---|---|---|---|---|---|\n"
        var total = Row(states: 0)
        for r in rows(results) {
            s += line(r, label: "\(r.states)")
            total.machines += r.machines
            total.minimal += r.minimal
            total.ownWeights += r.ownWeights
            total.proven += r.proven
            total.checked += r.checked
            total.unsolved += r.unsolved
            total.seconds += r.seconds
            total.edges += r.edges
            total.neurons += r.neurons
        }
        return s + line(total, label: "all")
    }

    private static func line(_ r: Row, label: String) -> String {
        func pct(_ k: Int) -> String {
            String(format: "%d (%.0f %%)", k, r.machines == 0 ? 0 : 100 * Double(k) / Double(r.machines))
        }
        let time = median(r.seconds).map { String(format: "%.0f s", $0) } ?? "–"
        let size = median(r.neurons).map { "\($0) / \(median(r.edges)!)" } ?? "–"
        return
            "| \(label) | \(r.machines) | \(pct(r.minimal)) | \(pct(r.ownWeights)) | \(pct(r.minimal - r.ownWeights)) | "
            + "\(pct(r.proven - r.minimal)) | \(pct(r.checked)) | \(pct(r.unsolved)) | \(time) | \(size) |\n"
    }

    /// Two panels against the number of states (log scale): the share proven minimal (and with the
    /// network's own weights), and the median and slowest time per machine.
    public static func plot(_ results: [SeedResult]) -> String {
        let rows = rows(results).filter { $0.states > 0 }
        let w = 360.0, h = 220.0, left = 50.0, top = 30.0, gap = 90.0, right = 30.0
        // Log scale over the sizes measured, with a little room at both ends.
        let lo = log2(Double(max(1, rows.map(\.states).min() ?? 1))),
            hi = log2(Double(max(2, rows.map(\.states).max() ?? 2)))
        let span = max(hi - lo, 1)
        func x(_ n: Int) -> Double { left + w * (0.05 + 0.9 * (log2(Double(max(n, 1))) - lo) / span) }
        // Whole minutes above two minutes, else whole 30 s.
        let slowest = rows.flatMap(\.seconds).max() ?? 1, unit = slowest > 120 ? 60.0 : 30.0
        let maxTime = unit * (slowest / unit).rounded(.up)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(2 * w + gap + 2 * left + right))" height="\(Int(h + top + 60))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>

            """
        func panel(
            _ dx: Double, title: String, yMax: Double, yLabel: (Double) -> String,
            series: [(String, String, (Row) -> Double?)]
        ) {
            let ox = dx
            svg += "<text x=\"\(ox + left)\" y=\"18\" font-weight=\"bold\">\(title)</text>\n"
            svg +=
                "<line x1=\"\(ox + left)\" y1=\"\(top + h)\" x2=\"\(ox + left + w)\" y2=\"\(top + h)\" stroke=\"black\"/>\n"
            svg += "<line x1=\"\(ox + left)\" y1=\"\(top)\" x2=\"\(ox + left)\" y2=\"\(top + h)\" stroke=\"black\"/>\n"
            for k in 0...4 {
                let v = yMax * Double(k) / 4, y = top + h - h * Double(k) / 4
                svg += "<line x1=\"\(ox + left - 4)\" y1=\"\(y)\" x2=\"\(ox + left + w)\" y2=\"\(y)\" stroke=\"#ddd\"/>"
                svg += "<text x=\"\(ox + left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\">\(yLabel(v))</text>\n"
            }
            for r in rows {
                svg +=
                    "<text x=\"\(ox + x(r.states))\" y=\"\(top + h + 16)\" text-anchor=\"middle\">\(r.states)</text>\n"
            }
            svg +=
                "<text x=\"\(ox + left + w / 2)\" y=\"\(top + h + 34)\" text-anchor=\"middle\">states of the minimal machine</text>\n"
            for (k, (name, color, value)) in series.enumerated() {
                let points = rows.compactMap { r in
                    value(r).map { (ox + x(r.states), top + h - h * min($0, yMax) / yMax) }
                }
                svg +=
                    "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\""
                    + points.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ") + "\"/>\n"
                for p in points {
                    svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%@\"/>\n", p.0, p.1, color)
                }
                let ly = top + h + 50
                svg +=
                    "<rect x=\"\(ox + left + Double(k) * 170)\" y=\"\(ly - 9)\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
                svg += "<text x=\"\(ox + left + Double(k) * 170 + 14)\" y=\"\(ly)\">\(name)</text>\n"
            }
        }
        panel(
            0, title: "Proven minimal machine", yMax: 100, yLabel: { String(format: "%.0f%%", $0) },
            series: [
                ("proven minimal", "#1b7837", { 100 * $0.minimalRate }),
                (
                    "network's own weights", "#5aae61",
                    { $0.machines == 0 ? nil : 100 * Double($0.ownWeights) / Double($0.machines) }
                ),
            ])
        panel(
            w + gap + left, title: "Time per machine", yMax: maxTime, yLabel: { String(format: "%.0f s", $0) },
            series: [
                ("median", "#2166ac", { median($0.seconds) }),
                ("slowest", "#92c5de", { $0.seconds.max() }),
            ])
        return svg + "</svg>\n"
    }
}
