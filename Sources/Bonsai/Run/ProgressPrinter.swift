import Foundation

/// Progress on the terminal: one line rewritten in place on a TTY, plain lines every few seconds
/// otherwise (logs, CI). Messages always get their own line.
public final class ProgressPrinter: @unchecked Sendable {
    public enum Mode: Sendable { case auto, quiet }
    private let interactive: Bool
    private let quiet: Bool
    private var lastPrint = Date.distantPast
    /// The step and time of the previous rate sample (nil until the first status: a resumed run starts
    /// at its checkpoint's step, not 0).
    private var lastStep: Int?
    private var lastTime = Date()
    private var rate = 0.0
    private var lineOpen = false
    public var prefix = ""

    public init(mode: Mode = .auto) {
        quiet = mode == .quiet
        interactive = isatty(STDERR_FILENO) != 0
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }

    public func message(_ text: String) {
        guard !quiet else { return }
        if lineOpen {
            write("\r\u{1B}[2K")
            lineOpen = false
        }
        write(prefix + text + "\n")
    }

    public func status(_ s: TrainingStatus) {
        guard !quiet else { return }
        let now = Date()
        let interval = interactive ? 0.2 : 5.0
        guard now.timeIntervalSince(lastPrint) >= interval || s.step == s.maxSteps else { return }
        let dt = now.timeIntervalSince(lastTime)
        if let last = lastStep, dt > 0, s.step > last {
            let r = Double(s.step - last) / dt
            rate = rate == 0 ? r : 0.7 * rate + 0.3 * r
        }
        lastStep = s.step
        lastTime = now
        lastPrint = now
        let line = Self.format(s, stepsPerSecond: rate)
        if interactive {
            write("\r\u{1B}[2K" + prefix + line)
            lineOpen = true
        } else {
            write(prefix + line + "\n")
        }
    }

    /// A free-form status line (the grower's race), shown like `status`: in place on a terminal, every
    /// 5 s elsewhere.
    public func line(_ text: String) {
        guard !quiet else { return }
        let now = Date()
        guard now.timeIntervalSince(lastPrint) >= (interactive ? 0.2 : 5.0) else { return }
        lastPrint = now
        if interactive {
            // A line wider than the terminal wraps, and the next rewrite would only clear its last row.
            var size = winsize()
            let columns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 120
            let line = prefix + text
            write("\r\u{1B}[2K" + (line.count < columns ? line : String(line.prefix(columns - 2)) + "…"))
            lineOpen = true
        } else {
            write(prefix + text + "\n")
        }
    }

    /// Ends an open in-place line.
    public func finish() {
        if lineOpen {
            write("\n")
            lineOpen = false
        }
    }

    /// "step 1200/5000 · 850 steps/s · loss 1.2e-03 · reg 4.1e-02 · w>t 18/22 · val ✓@900 best 15 · ETA 4s"
    public static func format(_ s: TrainingStatus, stepsPerSecond rate: Double) -> String {
        var parts = ["step \(s.step)/\(s.maxSteps)"]
        parts.append(String(format: "%.0f steps/s", rate))
        parts.append(String(format: "loss %.2e", s.baseLoss))
        parts.append(String(format: "reg %.2e", s.regLoss))
        parts.append("weights>t \(s.weightsAbove)/\(s.weightCount)")
        if let solved = s.solvedAtStep {
            parts.append("val ✓@\(solved) best \(s.bestWeightsAbove.map(String.init) ?? "-")")
        } else {
            parts.append("val –")
        }
        // ETA: to the step budget, or to the end of the patience window in the shrinking phase.
        var end = s.maxSteps
        if let best = s.bestStep { end = min(end, best + s.patience) }
        if rate > 0 { parts.append("ETA \(Self.duration(Double(max(0, end - s.step)) / rate))") }
        return parts.joined(separator: " · ")
    }

    public static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.0fs", seconds) }
        if seconds < 3600 { return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) }
        return String(format: "%dh%02dm", Int(seconds) / 3600, (Int(seconds) % 3600) / 60)
    }
}
