import Foundation

/// Checks an output path a user named before anything is written to it: a command must never write over
/// one of its own inputs (`bonsai compile RUN -o RUN/graph.json` would replace the graph with C source),
/// nor over a directory or a file Bonsai saved (a run's JSON files are results, not scratch space).
public enum OutputGuard {
    /// `option` names the option in the error (e.g. "-o"); `inputs` are the files the command reads.
    public static func check(_ output: URL, option: String, inputs: [URL]) throws {
        let path = output.path
        var st = stat()
        guard stat(path, &st) == 0 else { return }  // nothing there yet: nothing to lose
        if (st.st_mode & S_IFMT) == S_IFDIR { throw BonsaiError("\(option) \(path): is a directory; name a file") }
        for input in inputs {
            var si = stat()
            // Same device and inode: the same file, whatever symlinks or relative paths lead to it.
            if stat(input.path, &si) == 0, si.st_dev == st.st_dev, si.st_ino == st.st_ino {
                throw BonsaiError("\(option) \(path): is the input file \(input.path); name another file")
            }
        }
        if isBonsaiFile(output) {
            throw BonsaiError("\(option) \(path): holds a Bonsai file (it would be overwritten); name another file")
        }
    }

    /// Whether the file starts like a JSON file Bonsai writes (a "format": "bonsai-…" header near the top).
    static func isBonsaiFile(_ url: URL) -> Bool {
        guard let h = FileHandle(forReadingAtPath: url.path) else { return false }
        defer { try? h.close() }
        guard let head = try? h.read(upToCount: 4096) else { return false }
        let text = String(decoding: head, as: UTF8.self)
        return text.hasPrefix("{") && text.contains("\"bonsai-")
    }
}
