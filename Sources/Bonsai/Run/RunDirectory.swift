import Foundation

/// A run directory (docs/design.md §7):
///
///     runs/<name>/
///       config.json        the resolved RunConfig
///       summary.json       RunSummary: every seed tried, which one solved
///       network.json       the smallest validated network of the solved seed (input of later stages)
///       seed-<s>/
///         metrics.csv      one row per step (MetricsRow)
///         checkpoint.json  latest state, with optimizer state, to resume from
///         best.json        smallest validated network of this seed
///
/// Every JSON file is written atomically. The metrics log is appended; on resume it is cut back to the
/// checkpoint's step so it always matches the state it continues from.
public struct RunDirectory: Sendable {
    public let url: URL

    public init(_ url: URL) { self.url = url }

    public var config: URL { url.appendingPathComponent("config.json") }
    public var summary: URL { url.appendingPathComponent("summary.json") }
    public var network: URL { url.appendingPathComponent("network.json") }
    public func seedDirectory(_ seed: UInt64) -> URL { url.appendingPathComponent("seed-\(seed)") }
    public func metrics(_ seed: UInt64) -> URL { seedDirectory(seed).appendingPathComponent("metrics.csv") }
    public func checkpoint(_ seed: UInt64) -> URL { seedDirectory(seed).appendingPathComponent("checkpoint.json") }
    public func best(_ seed: UInt64) -> URL { seedDirectory(seed).appendingPathComponent("best.json") }

    /// Creates a new run directory; refuses to touch an existing one (nothing saved is lost).
    public static func create(_ url: URL) throws -> RunDirectory {
        let fm = FileManager.default
        if fm.fileExists(atPath: url.path) {
            let contents = (try? fm.contentsOfDirectory(atPath: url.path)) ?? ["?"]
            if !contents.isEmpty {
                throw BonsaiError.file(
                    url.path, "already exists; use `bonsai train --resume \(url.path)` or choose another --run-dir")
            }
        }
        do { try fm.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw BonsaiError.file(url.path, "cannot create run directory: \(AtomicFile.reason(error))")
        }
        guard fm.isWritableFile(atPath: url.path) else {
            throw BonsaiError.file(url.path, "run directory is not writable")
        }
        return RunDirectory(url)
    }

    /// A fresh directory name under `parent`: `<base>`, else `<base>-2`, `<base>-3`, …
    public static func freshURL(in parent: URL, base: String) -> URL {
        let fm = FileManager.default
        var candidate = parent.appendingPathComponent(base)
        var n = 2
        while fm.fileExists(atPath: candidate.path) {
            candidate = parent.appendingPathComponent("\(base)-\(n)")
            n += 1
        }
        return candidate
    }
}

/// Writes one seed's training into the run directory and forwards progress to the printer.
final class SeedSink: TrainingSink {
    let dir: RunDirectory
    let seed: UInt64
    let printer: ProgressPrinter
    let stop: () -> Bool
    private let handle: FileHandle
    private var pending = ""

    init(dir: RunDirectory, seed: UInt64, printer: ProgressPrinter, resumeStep: Int?, stop: @escaping () -> Bool) throws
    {
        self.dir = dir
        self.stop = stop
        self.seed = seed
        self.printer = printer
        let fm = FileManager.default
        let metrics = dir.metrics(seed)
        do { try fm.createDirectory(at: dir.seedDirectory(seed), withIntermediateDirectories: true) } catch {
            throw BonsaiError.file(dir.seedDirectory(seed).path, "cannot create: \(AtomicFile.reason(error))")
        }
        // Keep the header and the rows of steps the checkpoint has completed.
        var text = MetricsRow.csvHeader + "\n"
        if let resumeStep, let old = try? InputFile.text(metrics, what: "metrics log") {
            for line in old.split(separator: "\n").dropFirst() {
                guard let step = Int(line.prefix { $0 != "," }), step < resumeStep,
                    line.split(separator: ",", omittingEmptySubsequences: false).count == 8
                else { continue }
                text += line + "\n"
            }
        }
        try AtomicFile.write(text, to: metrics)
        do { handle = try FileHandle(forWritingTo: metrics) } catch {
            throw BonsaiError.file(metrics.path, "cannot open for writing: \(AtomicFile.reason(error))")
        }
        handle.seekToEndOfFile()
    }

    deinit {
        flush()
        try? handle.close()
    }

    func flush() {
        guard !pending.isEmpty else { return }
        handle.write(Data(pending.utf8))
        pending = ""
    }

    func shouldStop() -> Bool { stop() }
    func record(_ row: MetricsRow) {
        pending += row.csv + "\n"
        if pending.utf8.count > 1 << 16 { flush() }
    }
    func status(_ status: TrainingStatus) { printer.status(status) }
    func message(_ text: String) { printer.message(text) }
    func saveCheckpoint(_ checkpoint: Checkpoint) throws {
        flush()
        try checkpoint.write(dir.checkpoint(seed))
    }
    func saveBest(_ checkpoint: Checkpoint) throws { try checkpoint.write(dir.best(seed)) }
}
