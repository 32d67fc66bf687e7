import Foundation

@testable import Bonsai

/// The cases of `BadInputCorpusTests`, by file kind. Each is generated from the valid fixture: raw bytes
/// that are no JSON at all, JSON of the wrong shape, fields out of range, and stages run on a run
/// directory with one broken file.
enum BadInputCorpus {
    static let cases: [BadInput] =
        rawBytes + graphFields + networkFields + configFields + trainingOptions + specTexts + specFiles
        + sequenceTexts + seedLists + schedules + jobScripts + metricsFiles + stages

    typealias Reader = @Sendable (URL) throws -> Void

    /// Every JSON reader, with the fixture file it reads (nil: no valid fixture of that kind).
    static let readers: [(kind: String, file: (@Sendable (BadInputFixture) -> URL)?, read: Reader)] = [
        ("graph", { $0.dir.graph }, { _ = try Graph.read($0) }),
        ("network", { $0.dir.network }, { _ = try Checkpoint.read($0).network() }),
        ("config", { $0.dir.config }, { _ = try RunConfig.read($0) }),
        ("explanation", { $0.dir.explanationJSON }, { _ = try ExplanationSummary.read($0) }),
        ("prune report", { $0.dir.pruneReport }, { _ = try AtomicFile.readJSON(Pruning.Report.self, from: $0) }),
        ("summary", { $0.dir.summary }, { _ = try AtomicFile.readJSON(RunSummary.self, from: $0) }),
        ("weights dump", nil, { _ = try WeightsDump.read($0) }),
        ("reference graph", nil, { _ = try Graph.importReference($0, objective: "two-ago") }),
    ]

    // MARK: Raw bytes, for every JSON reader

    static let rawContents: [(String, Data)] = [
        ("empty", Data()),
        ("open brace", Data("{".utf8)),
        ("null", Data("null".utf8)),
        ("array", Data("[]".utf8)),
        ("number", Data("42".utf8)),
        ("string", Data("\"graph\"".utf8)),
        ("empty object", Data("{}".utf8)),
        ("NUL bytes", Data([0x7B, 0x00, 0x00, 0x7D])),
        ("invalid UTF-8", Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D])),
        ("binary", Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })),
        (
            "nested 100000 deep",
            Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        ),
        ("format of another kind", Data(#"{"format": "bonsai-nothing", "version": 1}"#.utf8)),
    ]

    static var rawBytes: [BadInput] {
        var out: [BadInput] = []
        for r in readers {
            for (what, bytes) in rawContents {
                let name = "\(r.kind): \(what)"
                out.append(
                    BadInput(
                        name: name, mentions: { $0.scratch.appendingPathComponent("bad.json").path },
                        run: { f in try r.read(try f.file("bad.json", bytes)) }))
            }
            out.append(
                BadInput(
                    name: "\(r.kind): a directory", mentions: { $0.scratch.path }, run: { f in try r.read(f.scratch) }))
            out.append(
                BadInput(
                    name: "\(r.kind): no such file", mentions: { $0.scratch.appendingPathComponent("none.json").path },
                    run: { f in try r.read(f.scratch.appendingPathComponent("none.json")) }))
            out.append(
                BadInput(
                    name: "\(r.kind): a symlink to /dev/zero",
                    mentions: { $0.scratch.appendingPathComponent("zero.json").path },
                    run: { f in
                        let link = f.scratch.appendingPathComponent("zero.json")
                        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/dev/zero")
                        try r.read(link)
                    }))
            if let file = r.file {
                out.append(
                    BadInput(
                        name: "\(r.kind): truncated", mentions: { $0.scratch.appendingPathComponent("cut.json").path },
                        run: { f in
                            let valid = try Data(contentsOf: file(f))
                            try r.read(try f.file("cut.json", valid.prefix(valid.count / 2)))
                        }))
            }
        }
        return out
    }

    // MARK: JSON fields

    /// A case reading the fixture's JSON of one kind with `mutate` applied; "__HUGE__" strings become 1e999.
    static func field(
        _ kind: String, _ what: String, _ file: @escaping @Sendable (BadInputFixture) -> URL,
        _ read: @escaping Reader, _ mutate: @escaping @Sendable (inout [String: Any]) -> Void
    ) -> BadInput {
        BadInput(
            name: "\(kind): \(what)", mentions: { $0.scratch.appendingPathComponent("field.json").path },
            run: { f in
                var j = try f.json(file(f))
                mutate(&j)
                let text = String(decoding: try JSONSerialization.data(withJSONObject: j), as: UTF8.self)
                    .replacingOccurrences(of: "\"__HUGE__\"", with: "1e999")
                try read(try f.file("field.json", Data(text.utf8)))
            })
    }

    static func graph(_ what: String, _ mutate: @escaping @Sendable (inout [String: Any]) -> Void) -> BadInput {
        field("graph", what, { $0.dir.graph }, { _ = try Graph.read($0) }, mutate)
    }

    /// Edits element `i` of the array at `key`.
    static func edit(_ j: inout [String: Any], _ key: String, _ i: Int, _ body: (inout [String: Any]) -> Void) {
        var items = j[key] as! [[String: Any]]
        body(&items[i])
        j[key] = items
    }

    static var graphFields: [BadInput] {
        [
            graph("version 99") { $0["version"] = 99 },
            graph("format missing") { $0["format"] = nil },
            graph("inputs missing") { $0["inputs"] = nil },
            graph("neurons missing") { $0["neurons"] = nil },
            graph("states missing") { $0["states"] = nil },
            graph("outputs missing") { $0["outputs"] = nil },
            graph("objective missing") { $0["objective"] = nil },
            graph("inputs a string") { $0["inputs"] = "x0" },
            graph("30 inputs") { $0["inputs"] = (0..<30).map { "x\($0)" } },
            graph("17 outputs") { j in j["outputs"] = (0..<17).map { ["name": "y\($0)", "from": ["input": 0]] } },
            graph("no outputs") { $0["outputs"] = [] },
            graph("edge from input 5") { j in
                edit(&j, "neurons", 0) { n in n["edges"] = [["from": ["input": 5], "weight": 1]] }
            },
            graph("edge from a later neuron") { j in
                edit(&j, "neurons", 0) { n in n["edges"] = [["from": ["neuron": 0], "weight": 1]] }
            },
            graph("edge from state -1") { j in
                edit(&j, "neurons", 0) { n in n["edges"] = [["from": ["state": -1], "weight": 1]] }
            },
            graph("edge from state 10^18") { j in
                edit(&j, "neurons", 0) { n in
                    n["edges"] = [["from": ["state": 1_000_000_000_000_000_000], "weight": 1]]
                }
            },
            graph("edge from nothing") { j in
                edit(&j, "neurons", 0) { n in n["edges"] = [["from": [:] as [String: Any], "weight": 1]] }
            },
            graph("edge weight 1e999") { j in
                edit(&j, "neurons", 0) { n in n["edges"] = [["from": ["input": 0], "weight": "__HUGE__"]] }
            },
            graph("edge weight a string") { j in
                edit(&j, "neurons", 0) { n in n["edges"] = [["from": ["input": 0], "weight": "1"]] }
            },
            graph("bias 1e999") { j in edit(&j, "neurons", 0) { n in n["bias"] = "__HUGE__" } },
            graph("unknown activation") { j in edit(&j, "neurons", 0) { n in n["activation"] = "softmax" } },
            graph("ameo factor 2") { j in
                edit(&j, "neurons", 0) { n in n["activation"] = ["type": "ameo", "factor": 2, "leakyness": 0.1] }
            },
            graph("ameo factor 1e999") { j in
                edit(&j, "neurons", 0) { n in
                    n["activation"] = ["type": "ameo", "factor": "__HUGE__", "leakyness": 0.1]
                }
            },
            graph("neuron name a number") { j in edit(&j, "neurons", 0) { n in n["name"] = 7 } },
            graph("state next neuron 99") { j in edit(&j, "states", 0) { s in s["next"] = ["neuron": 99] } },
            graph("state initial 1e999") { j in edit(&j, "states", 0) { s in s["initial"] = "__HUGE__" } },
            graph("output from neuron 99") { j in edit(&j, "outputs", 0) { o in o["from"] = ["neuron": 99] } },
        ]
    }

    static func network(_ what: String, _ mutate: @escaping @Sendable (inout [String: Any]) -> Void) -> BadInput {
        field("network", what, { $0.dir.network }, { _ = try Checkpoint.read($0).network() }, mutate)
    }

    static func cell(_ j: inout [String: Any], _ body: (inout [String: Any]) -> Void) {
        var shape = j["shape"] as! [String: Any]
        var cells = shape["cells"] as! [[String: Any]]
        body(&cells[0])
        shape["cells"] = cells
        j["shape"] = shape
    }

    static func shape(_ j: inout [String: Any], _ body: (inout [String: Any]) -> Void) {
        var shape = j["shape"] as! [String: Any]
        body(&shape)
        j["shape"] = shape
    }

    static var networkFields: [BadInput] {
        [
            network("cell of 100000 outputs") { cell(&$0) { $0["outputSize"] = 100_000 } },
            network("cell of 10^9 outputs") { cell(&$0) { $0["outputSize"] = 1_000_000_000 } },
            network("cell of 10^9 states") { cell(&$0) { $0["stateSize"] = 1_000_000_000 } },
            network("cell of 2^62 outputs") { cell(&$0) { $0["outputSize"] = 1 << 62 } },
            network("cell of -1 outputs") { cell(&$0) { $0["outputSize"] = -1 } },
            network("cell of -5 states") { cell(&$0) { $0["stateSize"] = -5 } },
            network("no cells") { shape(&$0) { $0["cells"] = [] as [Any] } },
            network("17 cells") {
                shape(&$0) { s in s["cells"] = Array(repeating: (s["cells"] as! [Any])[0], count: 17) }
            },
            network("input size 10^9") { shape(&$0) { $0["inputSize"] = 1_000_000_000 } },
            network("output size 0") { shape(&$0) { $0["outputSize"] = 0 } },
            network("output size 10^12") { shape(&$0) { $0["outputSize"] = 1_000_000_000_000 } },
            network("no post layer for another output size") {
                shape(&$0) {
                    $0["postLayer"] = false
                    $0["outputSize"] = 3
                }
            },
            network("shape missing") { $0["shape"] = nil },
            network("tensors missing") { $0["tensors"] = nil },
            network("a tensor missing") { j in j["tensors"] = Array((j["tensors"] as! [Any]).dropFirst()) },
            network("a tensor twice") { j in
                let t = j["tensors"] as! [Any]
                j["tensors"] = t + [t[0]]
            },
            network("a tensor of the wrong size") { j in edit(&j, "tensors", 0) { $0["values"] = [1.0] } },
            network("a tensor with wrong rows") { j in edit(&j, "tensors", 0) { $0["rows"] = 1_000_000_000 } },
            network("an unknown tensor") { j in edit(&j, "tensors", 0) { $0["name"] = "cell9.kernel" } },
            network("a value 1e999") { j in
                edit(&j, "tensors", 0) { t in
                    var v = t["values"] as! [Any]
                    v[0] = "__HUGE__"
                    t["values"] = v
                }
            },
            network("a value a string") { j in
                edit(&j, "tensors", 0) { t in
                    var v = t["values"] as! [Any]
                    v[0] = "x"
                    t["values"] = v
                }
            },
            network("version 2") { $0["version"] = 2 },
        ]
    }

    static func config(_ what: String, _ mutate: @escaping @Sendable (inout [String: Any]) -> Void) -> BadInput {
        field("config", what, { $0.dir.config }, { _ = try RunConfig.read($0) }, mutate)
    }

    static func training(_ j: inout [String: Any], _ key: String, _ value: Any?) {
        var t = j["training"] as! [String: Any]
        t[key] = value
        j["training"] = t
    }

    static var configFields: [BadInput] {
        [
            config("cells 99999x99999") { training(&$0, "cells", [["output": 99999, "state": 99999]]) },
            config("cells 10^9x1") { training(&$0, "cells", [["output": 1_000_000_000, "state": 1]]) },
            config("cells 0x1") { training(&$0, "cells", [["output": 0, "state": 1]]) },
            config("no cells") { training(&$0, "cells", [] as [Any]) },
            config("40 cells") { training(&$0, "cells", Array(repeating: ["output": 2, "state": 2], count: 40)) },
            config("batch 17") { training(&$0, "batchSize", 17) },
            config("batch 2^40") { training(&$0, "batchSize", 1 << 40) },
            config("length 0") { training(&$0, "sequenceLength", 0) },
            config("length 10^9") { training(&$0, "sequenceLength", 1_000_000_000) },
            config("learning rate -1") { training(&$0, "learningRate", -1) },
            config("steps 0") { training(&$0, "maxSteps", 0) },
            config("patience 0") { training(&$0, "patience", 0) },
            config("validation sequences 8") { training(&$0, "validationSequences", 8) },
            config("validation sequences 10^12") { training(&$0, "validationSequences", 1_000_000_000_000) },
            config("validation length 10^7") { training(&$0, "validationLength", 10_000_000) },
            config("noise -1") { training(&$0, "noise", -1) },
            config("schedule step -1") {
                training(&$0, "schedule", [["step": -1, "learningRateScale": 1, "lambdaScale": 1]])
            },
            config("restarts -1") { $0["restarts"] = -1 },
            config("restarts 10^12") { $0["restarts"] = 1_000_000_000_000 },
            config("threads 0") { $0["threads"] = 0 },
            config("threads 10^6") { $0["threads"] = 1_000_000 },
            config("seed -1") { $0["seed"] = -1 },
            config("unknown objective") { $0["objective"] = "three-ago" },
            config("objective spec not YAML") { $0["objectiveSpec"] = "kind: [unclosed" },
            config("objective spec of an unknown kind") { $0["objectiveSpec"] = "kind: turing\ninputs: [a]\n" },
            config("training missing") { $0["training"] = nil },
        ]
    }
}
