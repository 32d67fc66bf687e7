import Foundation

/// `bonsai sweep report DIR…`: aggregates seed results from any set of sweep or seed directories (from
/// one machine or many), one table row per objective.
public enum SweepReport {
    /// Every `sweep-result.json` in `dirs`, their seed subdirectories, or one level further down (a
    /// directory of sweeps). The same (objective, seed) found twice counts once.
    public static func results(in dirs: [URL]) throws -> [SeedResult] {
        let fm = FileManager.default
        var files = [URL]()
        func scan(_ d: URL, depth: Int) {
            let own = d.appendingPathComponent(SeedResult.fileName)
            if fm.fileExists(atPath: own.path) {
                files.append(own)
                return
            }
            guard depth > 0, let items = try? fm.contentsOfDirectory(atPath: d.path) else { return }
            for i in items.sorted() {
                var isDir: ObjCBool = false
                let u = d.appendingPathComponent(i)
                if fm.fileExists(atPath: u.path, isDirectory: &isDir), isDir.boolValue { scan(u, depth: depth - 1) }
            }
        }
        for d in dirs {
            guard fm.fileExists(atPath: d.path) else { throw BonsaiError.file(d.path, "no such directory") }
            scan(d, depth: 2)
        }
        var seen = Set<String>(), out = [SeedResult]()
        for f in files {
            var r = try AtomicFile.readJSON(SeedResult.self, from: f)
            // Results written before machineStates existed: the run directory's prune.json has it.
            if r.machineStates == nil, r.verification == Verification.Status.proven.rawValue,
                let p = try? AtomicFile.readJSON(
                    Pruning.Report.self, from: RunDirectory(f.deletingLastPathComponent()).pruneReport),
                p.verification.method != .invariantRegions
            {
                r.machineStates = p.verification.exploredPairs
            }
            if seen.insert("\(r.objective)#\(r.seed)").inserted { out.append(r) }
        }
        return out.sorted { ($0.objective, $0.seed) < ($1.objective, $1.seed) }
    }

    public static func csv(_ results: [SeedResult]) -> String {
        ([SeedResult.csvHeader] + results.map(\.csv)).joined(separator: "\n") + "\n"
    }

    /// One objective's aggregate.
    public struct Row: Codable, Sendable, Equatable {
        public var objective: String
        public var seeds: Int
        public var solved: Int
        public var proven: Int
        public var minimal: Int
        public var referenceMinimalStates: Int?
        public var neurons: [Int]
        public var edges: [Int]
        public var meanSeconds: Double
        /// Trainings run over all seeds (`Sweep.attempts`), and seeds that succeeded at their first
        /// (`SweepAttempts.succeeded`: the minimal machine, or a proof without a reference).
        public var trainings: Int
        public var succeededAtFirst: Int
        /// Minimal machines whose neurons were all fitted anew on states cut to bits.
        public var minimalFittedAnew: Int
    }

    public static func rows(_ results: [SeedResult]) -> [Row] {
        Dictionary(grouping: results, by: \.objective).keys.sorted().map { name in
            let rs = results.filter { $0.objective == name }
            let ok = rs.filter { $0.status == .solved }
            return Row(
                objective: name, seeds: rs.count, solved: ok.count,
                proven: ok.filter { $0.verification == Verification.Status.proven.rawValue }.count,
                minimal: ok.filter { $0.minimalMachine == true }.count,
                referenceMinimalStates: rs.first?.referenceMinimalStates,
                neurons: ok.compactMap(\.neurons).sorted(), edges: ok.compactMap(\.edges).sorted(),
                meanSeconds: rs.map(\.seconds).reduce(0, +) / Double(rs.count),
                trainings: rs.map(\.attemptsRun).reduce(0, +),
                succeededAtFirst: rs.filter { SweepAttempts.succeeded($0) && ($0.attempt ?? 1) == 1 }.count,
                minimalFittedAnew: ok.filter { $0.minimalMachine == true && $0.fittedAnew == true }.count)
        }
    }

    /// The aggregate as a Markdown table.
    public static func table(_ results: [SeedResult]) -> String {
        func dist(_ v: [Int]) -> String {
            guard !v.isEmpty else { return "–" }
            return "\(v[v.count / 2]) (\(v.first!)–\(v.last!))"
        }
        func pct(_ a: Int, _ b: Int) -> String {
            b == 0 ? "–" : String(format: "%d/%d (%.0f %%)", a, b, 100 * Double(a) / Double(b))
        }
        var s =
            "| objective | seeds | solved + verified | proven | minimal machine | states of the minimal machine | neurons median (range) | edges median (range) | s / seed |\n"
        s += "|---|---|---|---|---|---|---|---|---|\n"
        let rows = rows(results)
        for r in rows {
            s +=
                "| \(r.objective) | \(r.seeds) | \(pct(r.solved, r.seeds)) | \(pct(r.proven, r.seeds)) | \(r.referenceMinimalStates == nil ? "–" : pct(r.minimal, r.seeds)) | \(r.referenceMinimalStates.map(String.init) ?? "–") | \(dist(r.neurons)) | \(dist(r.edges)) | \(String(format: "%.1f", r.meanSeconds)) |\n"
        }
        // With several trainings per seed, the single-training rate beside the per-seed one; and how many
        // minimal machines are the network's code with every neuron fitted anew.
        let retried = rows.filter { $0.trainings > $0.seeds }, anew = rows.filter { $0.minimalFittedAnew > 0 }
        if !retried.isEmpty || !anew.isEmpty { s += "\n" }
        for r in retried {
            let what = r.referenceMinimalStates == nil ? "proven" : "minimal machine"
            s +=
                "\(r.objective): \(r.trainings) trainings for \(r.seeds) seeds; \(what) at the first attempt \(pct(r.succeededAtFirst, r.seeds))\n"
        }
        for r in anew {
            s +=
                "\(r.objective): \(r.minimalFittedAnew) of the \(r.minimal) minimal machines have states cut to one bit each and every neuron fitted anew\n"
        }
        return s
    }
}
