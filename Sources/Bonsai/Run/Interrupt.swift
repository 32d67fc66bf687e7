import Foundation
import Synchronization

/// Ctrl-C handling: the first SIGINT asks the running trainer to save a checkpoint and stop; a second one
/// exits at once (nothing is lost: all files are written atomically).
public enum Interrupt {
    private static let requested = Atomic<Bool>(false)

    public static var isRequested: Bool { requested.load(ordering: .relaxed) }

    nonisolated(unsafe) private static var source: DispatchSourceSignal?

    /// Installs the handler (idempotent).
    public static func install() {
        guard source == nil else { return }
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        s.setEventHandler {
            if requested.exchange(true, ordering: .relaxed) { exit(130) }
            FileHandle.standardError.write(
                Data("\ninterrupt: saving a checkpoint and stopping (Ctrl-C again to quit now)\n".utf8))
        }
        s.resume()
        source = s
    }
}
