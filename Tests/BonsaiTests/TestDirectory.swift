import Foundation

/// Scratch files of the tests: every directory lives under one root per test process, which is removed
/// when the process exits, so a run of the suite leaves nothing in the temporary directory (the tests
/// used to leave hundreds of directories behind per run).
enum TestDirectory {
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bonsai-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestDirectory.root) }
        return url
    }()

    /// A fresh path under the root named `prefix`-<unique>; created as a directory unless `create` is false.
    static func make(_ prefix: String, create: Bool = true) -> URL {
        let url = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        if create { try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        return url
    }
}
