import Foundation

/// Reading a file the user named, which may be anything: a directory, a device (/dev/zero never ends), a
/// FIFO, a huge or binary file. Foundation's readers trap on some of these (reading a directory) or load
/// all of them; here each is a one-line error naming the file, and no more than `limit` bytes are read.
public enum InputFile {
    /// The bytes of a regular file or a pipe, at most `limit` of them.
    public static func data(_ url: URL, limit: Int = SizeLimits.fileBytes) throws -> Data {
        let path = url.path
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw BonsaiError.file(path, "cannot read: \(String(cString: strerror(errno)))")
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: throw BonsaiError.file(path, "is a directory, not a file")
        case S_IFREG:
            guard st.st_size <= limit else { throw tooLarge(path, limit) }
        case S_IFIFO: break  // a pipe (`<(…)`): read below, up to the limit
        default: throw BonsaiError.file(path, "not a regular file (a device or socket)")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BonsaiError.file(path, "cannot read: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        return try readAll(fd, source: path, limit: limit)
    }

    /// Standard input, at most `limit` bytes (it may be /dev/zero too).
    public static func standardInput(limit: Int = SizeLimits.fileBytes) throws -> Data {
        try readAll(0, source: "stdin", limit: limit)
    }

    /// Reads to the end in chunks, failing as soon as more than `limit` bytes arrived.
    private static func readAll(_ fd: Int32, source path: String, limit: Int) throws -> Data {
        var data = Data()
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BonsaiError.file(path, "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { return data }
            guard data.count + n <= limit else { throw tooLarge(path, limit) }
            data.append(contentsOf: buffer[0..<n])
        }
    }

    /// The file as UTF-8 text; binary content (invalid UTF-8 or NUL bytes) is an error naming the file.
    public static func text(_ url: URL, limit: Int = SizeLimits.fileBytes, what: String = "file") throws -> String {
        try text(of: try data(url, limit: limit), source: url.path, what: what)
    }

    /// Bytes as UTF-8 text, or an error naming `source` and the first bad byte.
    public static func text(of data: Data, source: String, what: String = "file") throws -> String {
        if let nul = data.firstIndex(of: 0) {
            throw BonsaiError.file(
                source, "not a text \(what): binary data (a NUL byte at offset \(nul - data.startIndex))")
        }
        guard let s = String(validating: data, as: UTF8.self) else {
            throw BonsaiError.file(source, "not a text \(what): not valid UTF-8")
        }
        return s
    }

    private static func tooLarge(_ path: String, _ limit: Int) -> BonsaiError {
        BonsaiError.file(path, "too large (more than \(limit) bytes)")
    }
}
