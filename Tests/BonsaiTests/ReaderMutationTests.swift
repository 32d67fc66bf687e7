import Foundation
import PropertyBased
import Testing

@testable import Bonsai

/// Property: random mutations of valid files (byte flips, truncation, inserted bytes, huge numbers,
/// deleted fields, duplicated slices) never crash a reader: it parses or throws a `BonsaiError`. A trap
/// would end the test process, which fails the run.
///
/// Generators come from swift-property-based, run on a fixed seed so every run checks the same inputs
/// (a failure names the iteration and its mutations). The default is a quick pass; for a long one:
///     BONSAI_PROPERTY_ITERATIONS=20000 swift test --filter ReaderMutationTests
/// and BONSAI_PROPERTY_SEED=<n> for other inputs.
@Suite("Readers under random mutations")
struct ReaderMutationTests {
    static let iterations = ProcessInfo.processInfo.environment["BONSAI_PROPERTY_ITERATIONS"].flatMap(Int.init) ?? 60
    static let seed = ProcessInfo.processInfo.environment["BONSAI_PROPERTY_SEED"].flatMap(UInt64.init) ?? 20

    enum Mutation: Sendable, CustomStringConvertible {
        case flip(Int, bit: Int)
        case truncate(Int)
        case insert(Int, String)
        case number(Int, String)
        case deleteField(Int)
        case duplicate(Int, length: Int)

        var description: String {
            switch self {
            case .flip(let p, let b): "flip byte \(p) bit \(b)"
            case .truncate(let p): "truncate at \(p)"
            case .insert(let p, let s): "insert \(s.debugDescription) at \(p)"
            case .number(let k, let s): "number \(k) → \(s)"
            case .deleteField(let k): "delete field \(k)"
            case .duplicate(let p, let n): "duplicate \(n) bytes at \(p)"
            }
        }
    }

    static let insertions = [
        "\u{0}", "\u{FF}", "[", "{", "}", "\"", "\\", "-", "1e999", "\n", "\r\n", "\u{2028}", "１", ":", ",", "*/",
        "not(", "\u{FEFF}",
    ]
    static let numbers = [
        "1e999", "-1e999", "1e18", "9223372036854775808", "-9223372036854775809", "-1", "0", "1000000000",
        "4294967296", "1e-400", "0.5", "65537", "\"7\"", "null", "true", "[]",
    ]

    static func apply(_ m: Mutation, to data: Data) -> Data {
        var bytes = [UInt8](data)
        let n = bytes.count
        switch m {
        case .flip(let p, let b):
            guard n > 0 else { return data }
            bytes[p % n] ^= UInt8(1 << b)
        case .truncate(let p):
            bytes = Array(bytes.prefix(p % (n + 1)))
        case .insert(let p, let s):
            bytes.insert(contentsOf: Array(s.utf8), at: p % (n + 1))
        case .number(let k, let s):
            // The k-th run of digits, replaced.
            var runs: [Range<Int>] = [], i = 0
            while i < n {
                guard (0x30...0x39).contains(bytes[i]) else {
                    i += 1
                    continue
                }
                let start = i
                while i < n, (0x30...0x39).contains(bytes[i]) || bytes[i] == 0x2E { i += 1 }
                runs.append(start..<i)
            }
            guard !runs.isEmpty else { return data }
            bytes.replaceSubrange(runs[k % runs.count], with: Array(s.utf8))
        case .deleteField(let k):
            if var json = try? JSONSerialization.jsonObject(with: data) {
                var count = 0
                json = delete(json, k, &count)
                if let out = try? JSONSerialization.data(withJSONObject: json) { return out }
            }
            // Not JSON (a spec or sequence file): delete a line.
            var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
            guard !lines.isEmpty else { return data }
            lines.remove(at: k % lines.count)
            return Data(lines.joined(separator: [0x0A]))
        case .duplicate(let p, let len):
            guard n > 0 else { return data }
            let start = p % n
            bytes.insert(contentsOf: bytes[start..<min(n, start + len)], at: start)
        }
        return Data(bytes)
    }

    /// Removes the k-th key or array element (depth first) of a JSON value.
    static func delete(_ value: Any, _ k: Int, _ count: inout Int) -> Any {
        if var dict = value as? [String: Any] {
            for key in dict.keys.sorted() {
                if count == k {
                    dict[key] = nil
                    count += 1
                    return dict
                }
                count += 1
                dict[key] = delete(dict[key]!, k, &count)
            }
            return dict
        }
        if var array = value as? [Any] {
            for i in array.indices.reversed() {
                if count == k {
                    array.remove(at: i)
                    count += 1
                    return array
                }
                count += 1
                array[i] = delete(array[i], k, &count)
            }
            return array
        }
        return value
    }

    typealias Target = (
        name: String, valid: @Sendable (BadInputFixture) throws -> Data, read: @Sendable (URL, Data) throws -> Void
    )

    static let targets: [Target] = [
        (
            "graph.json", { try Data(contentsOf: $0.dir.graph) },
            { url, _ in
                let g = try Graph.read(url)
                _ = g.contentHash
                _ = SourceEmitter.emit(g, language: .c, source: url.path)
            }
        ),
        (
            "network.json", { try Data(contentsOf: $0.dir.network) },
            { url, _ in _ = try Checkpoint.read(url).network() }
        ),
        ("config.json", { try Data(contentsOf: $0.dir.config) }, { url, _ in _ = try RunConfig.read(url) }),
        (
            "explanation.json", { try Data(contentsOf: $0.dir.explanationJSON) },
            { url, _ in _ = try ExplanationSummary.read(url) }
        ),
        (
            "prune.json", { try Data(contentsOf: $0.dir.pruneReport) },
            { url, _ in _ = try AtomicFile.readJSON(Pruning.Report.self, from: url) }
        ),
        (
            "spec.yaml", { _ in Data(BadInputFixture.spec.utf8) },
            { url, _ in _ = try ObjectiveSpec.load(path: url.path) }
        ),
        (
            "expression spec",
            { _ in
                Data(
                    "kind: expression\ninputs: [a, b]\noutputs:\n  y: xor(a, b[t-2])\n  z: ite(a, not(b), and(a, b, 1))\n"
                        .utf8)
            },
            { _, data in _ = try ObjectiveSpec.parse(String(decoding: data, as: UTF8.self), file: "t.yaml") }
        ),
        (
            "sequences", { _ in Data("0110\n101 011\r\n\n1,0,1\n".utf8) },
            { url, data in
                let text = try InputFile.text(url, what: "sequence file")
                for inputs in 1...3 { _ = try? SequenceText.parseAll(text, inputs: inputs, source: "seq.txt") }
                _ = try SequenceText.parseAll(String(decoding: data, as: UTF8.self), inputs: 1, source: "seq.txt")
            }
        ),
    ]

    @Test("mutated files parse or throw BonsaiError, never crash", arguments: targets.indices)
    func mutations(_ t: Int) throws {
        let target = Self.targets[t]
        let fixture = try BadInputFixture()
        let valid = try target.valid(fixture)
        let mutation = zip(
            Gen.int(in: 0...5), Gen.int(in: 0...1 << 30), Gen.int(in: 0...1 << 30),
            Gen.element(of: Self.insertions), Gen.element(of: Self.numbers)
        )
        .map { kind, a, b, text, number -> Mutation in
            switch kind {
            case 0: return .flip(a, bit: b % 8)
            case 1: return .truncate(a)
            case 2: return .insert(a, text ?? "")
            case 3: return .number(a, number ?? "1e999")
            case 4: return .deleteField(a)
            default: return .duplicate(a, length: 1 + b % 64)
            }
        }
        let mutations = mutation.array(of: 1...3)
        var rng = Xoshiro(seed: (Self.seed, UInt64(t), 0x626F_6E73_6169, 8))
        let url = fixture.scratch.appendingPathComponent("mutated")
        var parsed = 0
        for i in 0..<Self.iterations {
            let ms = mutations.run(using: &rng)
            let data = ms.reduce(valid) { Self.apply($1, to: $0) }
            try data.write(to: url)
            do {
                try target.read(url, data)
                parsed += 1
            } catch is BonsaiError {
            } catch {
                Issue.record("\(target.name) iteration \(i) (\(ms)): \(type(of: error)) \(error)")
            }
        }
        // Some mutations (a changed weight, a deleted optional field) still parse: both paths are exercised.
        #expect(parsed < Self.iterations, "\(target.name): every mutation parsed")
    }
}
