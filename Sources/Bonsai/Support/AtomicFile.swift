import Foundation

/// Atomic file writes: write a temporary file beside the target, then rename it over the target, so a
/// killed run never leaves a half-written file (docs/design.md §7). The temporary name is unique per write,
/// not per process: threads of one process, and processes with the same id on two nodes of a cluster
/// sharing a directory, may write the same target at once (a sweep's results.csv), and must not write
/// into each other's temporary file.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        do {
            try data.write(to: tmp)
            if rename(tmp.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: tmp)
                throw BonsaiError.file(url.path, "cannot write: \(reason)")
            }
        } catch let error as BonsaiError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw BonsaiError.file(url.path, "cannot write: \(Self.reason(error))")
        }
    }

    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Pretty, stable JSON (sorted keys) so run files diff well and hash the same across runs.
    public static func writeJSON<T: Encodable>(_ value: T, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try write(try encoder.encode(value), to: url)
    }

    /// Reads and decodes JSON, turning every failure into a one-line error naming the file.
    public static func readJSON<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let data = try InputFile.data(url)
        do { return try JSONDecoder().decode(T.self, from: data) } catch let error as BonsaiError {
            throw BonsaiError.file(url.path, error.description)
        } catch let DecodingError.dataCorrupted(ctx) {
            throw BonsaiError.file(url.path, "malformed JSON\(path(ctx.codingPath)): \(ctx.debugDescription)")
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw BonsaiError.file(url.path, "missing key '\(key.stringValue)'\(path(ctx.codingPath))")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw BonsaiError.file(url.path, "wrong type\(path(ctx.codingPath)): \(ctx.debugDescription)")
        } catch let DecodingError.valueNotFound(_, ctx) {
            throw BonsaiError.file(url.path, "missing value\(path(ctx.codingPath))")
        } catch {
            throw BonsaiError.file(url.path, "cannot decode: \(error)")
        }
    }

    /// Checks a versioned file's `format` and `version` before decoding the rest, so a file of another
    /// kind or version gets a precise one-line error instead of a decoding failure deep inside.
    public static func checkHeader(_ url: URL, format: String, version: Int, kind: String) throws {
        struct Header: Decodable {
            var format: String?
            var version: Int?
        }
        let h = try readJSON(Header.self, from: url)
        guard h.format == format else {
            throw BonsaiError.file(url.path, "not a Bonsai \(kind) file (format '\(h.format ?? "missing")')")
        }
        guard h.version == version else {
            throw BonsaiError.file(
                url.path,
                "unsupported version \(h.version.map(String.init) ?? "missing") (this build reads version \(version))")
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "" : " at " + keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    static func reason(_ error: Error) -> String {
        if let e = error as? CocoaError, let u = e.userInfo[NSUnderlyingErrorKey] as? NSError,
            u.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(u.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        return (error as NSError).localizedDescription
    }
}
