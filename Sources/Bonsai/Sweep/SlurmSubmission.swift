import Foundation

/// `bonsai sweep --emit slurm --submit`: hands the job script to `sbatch` on its standard input.
public enum SlurmSubmission {
    /// `sbatch` on PATH. Looked up before the sweep directory is touched, so a machine without Slurm
    /// refuses the submission with nothing written.
    public static func sbatch(path: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> URL {
        for dir in (path ?? "").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent("sbatch")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw BonsaiError(
            "--submit: sbatch not found on PATH; run this on the cluster's login node, or drop --submit and sbatch the printed script there"
        )
    }

    /// Submits `script`; returns sbatch's answer ("Submitted batch job N").
    public static func submit(_ script: String, sbatch: URL) throws -> String {
        let p = Process()
        p.executableURL = sbatch
        let input = Pipe(), out = Pipe(), err = Pipe()
        (p.standardInput, p.standardOutput, p.standardError) = (input, out, err)
        do { try p.run() } catch { throw BonsaiError.file(sbatch.path, "cannot run: \(AtomicFile.reason(error))") }
        input.fileHandleForWriting.write(Data(script.utf8))
        try? input.fileHandleForWriting.close()
        // sbatch prints one line or two; reading both pipes to the end before waiting cannot block on them.
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let answer = String(decoding: o, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard p.terminationStatus == 0 else {
            let why = String(decoding: e, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "no message"
            throw BonsaiError.file(sbatch.path, "exited with status \(p.terminationStatus): \(why)")
        }
        return answer
    }
}
