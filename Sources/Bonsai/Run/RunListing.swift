import Foundation

/// `bonsai runs DIR`: one row per run directory under DIR (DIR itself when it is one), to pick a run and
/// compare runs: objective, status, graph size, verification, explained machine, time.
///
/// A listing must not stop at the first broken run: a file that cannot be read becomes that row's
/// `problem` (naming the file), and the other rows are still listed.
public struct RunListing: Codable, Equatable, Sendable {
    public struct Row: Codable, Equatable, Sendable {
        /// The directory's path as given (DIR/name).
        public var path: String
        public var objective: String?
        /// grow.json's status (growing, minimal, graph, unsolved), else summary.json's (solved, unsolved,
        /// interrupted), else "graph only" (an imported or bare graph).
        public var status: String
        public var size: Graph.Size?
        /// prune.json's verification of this graph.json (proven, checked, failed); nil when absent or stale.
        public var verification: String?
        /// explanation.json's machine: its state count and whether it is the objective's minimal machine.
        public var machineStates: Int?
        public var minimalMachine: Bool?
        /// Training time, summed over the seeds in summary.json (or grow.json's race time).
        public var seconds: Double?
        public var problem: String?
    }

    public var format = "bonsai-runs"
    public var version = 1
    public var runs: [Row]

    /// A directory is a run when it holds any of these.
    static let markers = ["config.json", "graph.json", "summary.json", "grow.json"]

    public init(_ dir: URL) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw BonsaiError.file(dir.path, "no such directory")
        }
        func isRun(_ u: URL) -> Bool {
            Self.markers.contains { fm.fileExists(atPath: u.appendingPathComponent($0).path) }
        }
        var dirs: [URL] = []
        if isRun(dir) {
            dirs = [dir]
        } else {
            let names: [String]
            do { names = try fm.contentsOfDirectory(atPath: dir.path) } catch {
                throw BonsaiError.file(dir.path, "cannot list: \(AtomicFile.reason(error))")
            }
            dirs = names.sorted().map { dir.appendingPathComponent($0) }.filter(isRun)
        }
        runs = dirs.map(Self.row)
    }

    static func row(_ url: URL) -> Row {
        let dir = RunDirectory(url), fm = FileManager.default
        func has(_ u: URL) -> Bool { fm.fileExists(atPath: u.path) }
        var r = Row(path: url.path, status: "graph only")
        do {
            if has(dir.config) { r.objective = try RunConfig.read(dir.config).objective }
            if has(dir.summary) {
                let s = try AtomicFile.readJSON(RunSummary.self, from: dir.summary)
                r.objective = r.objective ?? s.objective
                r.status = s.status.rawValue
                r.seconds = s.attempts.reduce(0) { $0 + $1.seconds }
            }
            // Only the fields a listing needs, so a grow report of another version still lists.
            struct Grow: Decodable {
                var status: String?
                var seconds: Double?
            }
            let grow = url.appendingPathComponent("grow.json")
            if has(grow) {
                let g = try AtomicFile.readJSON(Grow.self, from: grow)
                r.status = g.status ?? r.status
                r.seconds = g.seconds ?? r.seconds
            }
            if has(dir.graph) {
                let graph = try dir.readGraph()
                r.objective = r.objective ?? graph.objective
                r.size = graph.size
                if has(dir.pruneReport) {
                    let p = try AtomicFile.readJSON(Pruning.Report.self, from: dir.pruneReport)
                    if ResultFreshness(recorded: p.graphHash, graph: graph) == .current {
                        r.verification = p.verification.status.rawValue
                    }
                }
                if has(dir.explanationJSON) {
                    let e = try ExplanationSummary.read(dir.explanationJSON)
                    if ResultFreshness(recorded: e.graphHash, graph: graph) == .current {
                        r.machineStates = e.machine?.states
                        r.minimalMachine = e.isomorphic
                    }
                }
            }
        } catch {
            r.problem = (error as? BonsaiError)?.description ?? "\(error)"
        }
        return r
    }

    /// The listing as a table for a terminal.
    public var table: String {
        let header = ["run", "objective", "status", "states", "neurons", "edges", "verification", "machine", "time"]
        let rows = runs.map { r -> [String] in
            let machine = r.machineStates.map { "\($0)" + (r.minimalMachine == true ? " (minimal)" : "") } ?? "–"
            return [
                URL(fileURLWithPath: r.path).lastPathComponent, r.objective ?? "?", r.status,
                r.size.map { "\($0.states)" } ?? "–", r.size.map { "\($0.neurons)" } ?? "–",
                r.size.map { "\($0.edges)" } ?? "–",
                r.verification ?? "–", machine, r.seconds.map { String(format: "%.1f s", $0) } ?? "–",
            ]
        }
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max()! }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        var s = line(header)
        for (r, cells) in zip(runs, rows) {
            s += line(cells)
            if let p = r.problem { s += "  ! \(p)\n" }
        }
        return s
    }
}
