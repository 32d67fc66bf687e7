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
        ("nested 100000 deep", Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)),
        ("format of another kind", Data(#"{"format": "bonsai-nothing", "version": 1}"#.utf8)),
    ]

    static var rawBytes: [BadInput] {
        var out: [BadInput] = []
        for r in readers {
            for (what, bytes) in rawContents {
                let name = "\(r.kind): \(what)"
                out.append(BadInput(name: name, mentions: { $0.scratch.appendingPathComponent("bad.json").path },
                                    run: { f in try r.read(try f.file("bad.json", bytes)) }))
            }
            out.append(BadInput(name: "\(r.kind): a directory", mentions: { $0.scratch.path }, run: { f in try r.read(f.scratch) }))
            out.append(BadInput(name: "\(r.kind): no such file", mentions: { $0.scratch.appendingPathComponent("none.json").path },
                                run: { f in try r.read(f.scratch.appendingPathComponent("none.json")) }))
            out.append(BadInput(name: "\(r.kind): a symlink to /dev/zero", mentions: { $0.scratch.appendingPathComponent("zero.json").path },
                                run: { f in
                                    let link = f.scratch.appendingPathComponent("zero.json")
                                    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/dev/zero")
                                    try r.read(link)
                                }))
            if let file = r.file {
                out.append(BadInput(name: "\(r.kind): truncated", mentions: { $0.scratch.appendingPathComponent("cut.json").path },
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
    static func field(_ kind: String, _ what: String, _ file: @escaping @Sendable (BadInputFixture) -> URL,
                      _ read: @escaping Reader, _ mutate: @escaping @Sendable (inout [String: Any]) -> Void) -> BadInput {
        BadInput(name: "\(kind): \(what)", mentions: { $0.scratch.appendingPathComponent("field.json").path }, run: { f in
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
            graph("edge from input 5") { j in edit(&j, "neurons", 0) { n in n["edges"] = [["from": ["input": 5], "weight": 1]] } },
            graph("edge from a later neuron") { j in edit(&j, "neurons", 0) { n in n["edges"] = [["from": ["neuron": 0], "weight": 1]] } },
            graph("edge from state -1") { j in edit(&j, "neurons", 0) { n in n["edges"] = [["from": ["state": -1], "weight": 1]] } },
            graph("edge from state 10^18") { j in edit(&j, "neurons", 0) { n in n["edges"] = [["from": ["state": 1_000_000_000_000_000_000], "weight": 1]] } },
            graph("edge from nothing") { j in edit(&j, "neurons", 0) { n in n["edges"] = [["from": [:] as [String: Any], "weight": 1]] } },
            graph("edge weight 1e999") { j in edit(&j, "neurons", 0) { n in n["edges"] = [["from": ["input": 0], "weight": "__HUGE__"]] } },
            graph("edge weight a string") { j in edit(&j, "neurons", 0) { n in n["edges"] = [["from": ["input": 0], "weight": "1"]] } },
            graph("bias 1e999") { j in edit(&j, "neurons", 0) { n in n["bias"] = "__HUGE__" } },
            graph("unknown activation") { j in edit(&j, "neurons", 0) { n in n["activation"] = "softmax" } },
            graph("ameo factor 2") { j in edit(&j, "neurons", 0) { n in n["activation"] = ["type": "ameo", "factor": 2, "leakyness": 0.1] } },
            graph("ameo factor 1e999") { j in edit(&j, "neurons", 0) { n in n["activation"] = ["type": "ameo", "factor": "__HUGE__", "leakyness": 0.1] } },
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
            network("17 cells") { shape(&$0) { s in s["cells"] = Array(repeating: (s["cells"] as! [Any])[0], count: 17) } },
            network("input size 10^9") { shape(&$0) { $0["inputSize"] = 1_000_000_000 } },
            network("output size 0") { shape(&$0) { $0["outputSize"] = 0 } },
            network("output size 10^12") { shape(&$0) { $0["outputSize"] = 1_000_000_000_000 } },
            network("no post layer for another output size") { shape(&$0) { $0["postLayer"] = false; $0["outputSize"] = 3 } },
            network("shape missing") { $0["shape"] = nil },
            network("tensors missing") { $0["tensors"] = nil },
            network("a tensor missing") { j in j["tensors"] = Array((j["tensors"] as! [Any]).dropFirst()) },
            network("a tensor twice") { j in let t = j["tensors"] as! [Any]; j["tensors"] = t + [t[0]] },
            network("a tensor of the wrong size") { j in edit(&j, "tensors", 0) { $0["values"] = [1.0] } },
            network("a tensor with wrong rows") { j in edit(&j, "tensors", 0) { $0["rows"] = 1_000_000_000 } },
            network("an unknown tensor") { j in edit(&j, "tensors", 0) { $0["name"] = "cell9.kernel" } },
            network("a value 1e999") { j in edit(&j, "tensors", 0) { t in var v = t["values"] as! [Any]; v[0] = "__HUGE__"; t["values"] = v } },
            network("a value a string") { j in edit(&j, "tensors", 0) { t in var v = t["values"] as! [Any]; v[0] = "x"; t["values"] = v } },
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
            config("schedule step -1") { training(&$0, "schedule", [["step": -1, "learningRateScale": 1, "lambdaScale": 1]]) },
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

    // MARK: Options (TrainingConfig.validate, as `bonsai train` resolves them)

    static func option(_ what: String, _ option: String, _ mutate: @escaping @Sendable (inout TrainingConfig) -> Void) -> BadInput {
        BadInput(name: "option \(what)", mentions: { _ in option }, run: { _ in
            var t = TwoAgo().preset
            mutate(&t)
            try t.validate()
        })
    }

    static var trainingOptions: [BadInput] {
        [
            option("--cells 99999x99999", "--cells") { $0.cells = [.init(output: 99999, state: 99999)] },
            option("--cells 1025x1", "--cells") { $0.cells = [.init(output: 1025, state: 1)] },
            option("--cells 1x1025", "--cells") { $0.cells = [.init(output: 1, state: 1025)] },
            option("--cells Int.max", "--cells") { $0.cells = [.init(output: .max, state: .max)] },
            option("--cells 17 cells", "--cells") { $0.cells = Array(repeating: .init(output: 2, state: 2), count: 17) },
            option("--cells 16 of 1024x1024", "--cells") { $0.cells = Array(repeating: .init(output: 1024, state: 1024), count: 16) },
            option("--cells none", "--cells") { $0.cells = [] },
            option("--cells 0x2", "--cells") { $0.cells = [.init(output: 0, state: 2)] },
            option("--cells 2x-1", "--cells") { $0.cells = [.init(output: 2, state: -1)] },
            option("--batch 0", "--batch") { $0.batchSize = 0 },
            option("--batch -16", "--batch") { $0.batchSize = -16 },
            option("--batch 65552", "--batch") { $0.batchSize = 65_552 },
            option("--batch Int.max", "--batch") { $0.batchSize = .max },
            option("--length 0", "--length") { $0.sequenceLength = 0 },
            option("--length 100001", "--length") { $0.sequenceLength = 100_001 },
            option("--length Int.max", "--length") { $0.sequenceLength = .max },
            option("--length × units too large", "--length") { $0.sequenceLength = 50_000; $0.validationLength = 50_000; $0.validationSequences = 16; $0.cells = [.init(output: 512, state: 512)] },
            option("--validation-length 0", "--validation-length") { $0.validationLength = 0 },
            option("--validation-length 200000", "--validation-length") { $0.validationLength = 200_000 },
            option("--validation-sequences 0", "--validation-sequences") { $0.validationSequences = 0 },
            option("--validation-sequences 10^8", "--validation-sequences") { $0.validationSequences = 100_000_000 },
            option("--validation-sequences × length", "--validation-sequences") { $0.validationSequences = 5_000_000; $0.validationLength = 1000 },
            option("--lr -0.01", "--lr") { $0.learningRate = -0.01 },
            option("--lr nan", "--lr") { $0.learningRate = .nan },
            option("--lr inf", "--lr") { $0.learningRate = .infinity },
            option("--steps -1", "--steps") { $0.maxSteps = -1 },
            option("--patience 0", "--patience") { $0.patience = 0 },
            option("--prune-threshold -1", "--prune-threshold") { $0.pruneThreshold = -1 },
            option("--clip-gradient 0", "--clip-gradient") { $0.gradientClip = 0 },
            option("--noise nan", "--noise") { $0.noise = .nan },
            option("--noise -0.1", "--noise") { $0.noise = -0.1 },
            option("--noise-from -1", "--noise-from") { $0.noiseFrom = -1 },
            option("--restart-after 0", "--restart-after") { $0.restartAfter = 0 },
            BadInput(name: "option --restarts 10^6", mentions: { _ in "--restarts" }, run: { _ in try RunConfig.checkLimits(restarts: 1_000_000, threads: 1) }),
            BadInput(name: "option --threads 10^5", mentions: { _ in "--threads" }, run: { _ in try RunConfig.checkLimits(restarts: 0, threads: 100_000) }),
        ]
    }

    // MARK: Objective specs

    static func spec(_ what: String, _ text: String) -> BadInput {
        BadInput(name: "spec: \(what)", mentions: { _ in "t.yaml" }, run: { _ in _ = try ObjectiveSpec.parse(text, file: "t.yaml") })
    }

    static func expression(_ what: String, _ e: String, inputs: String = "[a, b]") -> BadInput {
        spec(what, "kind: expression\ninputs: \(inputs)\noutputs:\n  y: \"\(e)\"\n")
    }

    static var specTexts: [BadInput] {
        let machine = BadInputFixture.spec
        return [
            spec("empty", ""),
            spec("only a comment", "# nothing\n"),
            spec("a list", "- a\n- b\n"),
            spec("a scalar", "hello\n"),
            spec("unclosed flow", "kind: [mealy\n"),
            spec("tab indentation", "kind: mealy\ninputs:\n\t- a\n"),
            spec("nested 100000 deep", "kind: expression\ninputs: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"),
            spec("unknown key", machine + "\ncolour: red\n"),
            spec("unknown kind", "kind: turing\ninputs: [a]\n"),
            spec("kind a list", "kind: [mealy]\ninputs: [a]\n"),
            spec("no kind", "inputs: [a]\n"),
            spec("no inputs", "kind: mealy\n"),
            spec("empty inputs", "kind: expression\ninputs: []\noutputs:\n  y: \"1\"\n"),
            spec("9 inputs", "kind: expression\ninputs: [a, b, c, d, e, f, g, h, i]\noutputs:\n  y: a\n"),
            spec("an input twice", "kind: expression\ninputs: [a, a]\noutputs:\n  y: a\n"),
            spec("an input not a name", "kind: expression\ninputs: [\"a b\"]\noutputs:\n  y: \"1\"\n"),
            spec("a bad name", machine.replacingOccurrences(of: "kind: mealy", with: "kind: mealy\nname: \"../../etc\"")),
            spec("mealy without states", machine.replacingOccurrences(of: "states: [p, q]\n", with: "")),
            spec("mealy unknown start", machine.replacingOccurrences(of: "start: p", with: "start: z")),
            spec("mealy missing transition", machine.replacingOccurrences(of: "  - [q, \"1\", q, \"1\"]", with: "")),
            spec("mealy duplicate transition", machine + "\n  - [q, \"1\", q, \"1\"]\n"),
            spec("mealy transition of 3 items", machine.replacingOccurrences(of: "[q, \"1\", q, \"1\"]", with: "[q, \"1\", q]")),
            spec("mealy unknown next state", machine.replacingOccurrences(of: "[q, \"1\", q, \"1\"]", with: "[q, \"1\", r, \"1\"]")),
            spec("mealy unreachable state", machine.replacingOccurrences(of: "states: [p, q]", with: "states: [p, q, r]")
                    + "\n  - [r, \"0\", r, \"0\"]\n  - [r, \"1\", r, \"0\"]\n"),
            spec("mealy 5000 states", machine.replacingOccurrences(of: "states: [p, q]", with: "states: [" + (0..<5000).map { "s\($0)" }.joined(separator: ", ") + "]")),
            spec("mealy output of 2 bits", machine.replacingOccurrences(of: "[q, \"1\", q, \"1\"]", with: "[q, \"1\", q, \"11\"]")),
            spec("mealy 9 outputs", machine.replacingOccurrences(of: "outputs: [y]", with: "outputs: [a1, a2, a3, a4, a5, a6, a7, a8, a9]")),
            spec("acceptor with outputs", "kind: acceptor\ninputs: [a]\noutputs: [y]\n"),
            spec("transitions a mapping", machine.components(separatedBy: "transitions:")[0] + "transitions:\n  p: q\n"),
            spec("no outputs", "kind: expression\ninputs: [a]\n"),
            spec("outputs empty", "kind: expression\ninputs: [a]\noutputs: {}\n"),
            expression("empty expression", ""),
            expression("unknown function", "nand(a, b)"),
            expression("unknown input", "c"),
            expression("unclosed call", "and(a, b"),
            expression("trailing text", "a b"),
            expression("not of 2", "not(a, b)"),
            expression("xor of 1", "xor(a)"),
            expression("xor of 200000", "xor(" + Array(repeating: "a", count: 200_000).joined(separator: ",") + ")"),
            expression("and of 65", "and(" + Array(repeating: "a", count: 65).joined(separator: ",") + ")"),
            expression("nested 50000 deep", String(repeating: "not(", count: 50_000) + "a" + String(repeating: ")", count: 50_000)),
            expression("nested 65 deep", String(repeating: "not(", count: 65) + "a" + String(repeating: ")", count: 65)),
            expression("delay without t", "a[s-1]"),
            expression("delay negative", "a[t--1]"),
            expression("delay 17", "a[t-17]"),
            expression("delay 10^30", "a[t-1000000000000000000000000000000]"),
            expression("delay full-width", "a[t-１]"),
            expression("history over 16 bits", "xor(a[t-9], b[t-9])"),
            expression("a NUL character", "and(a,\u{0} b)"),
            spec("9 outputs", "kind: expression\ninputs: [a]\noutputs:\n" + (0..<9).map { "  y\($0): a\n" }.joined()),
            spec("an output twice", "kind: expression\ninputs: [a, b]\noutputs:\n  y: a\n  y: b\n"),
            spec("distribution of an unknown input", "kind: expression\ninputs: [a]\noutputs:\n  y: a\ndistribution:\n  z: 0.5\n"),
            spec("preset cells 99999x99999", "kind: expression\ninputs: [a]\noutputs:\n  y: a\npreset:\n  cells: 99999x99999\n"),
        ]
    }

    static func specFile(_ what: String, _ make: @escaping @Sendable (BadInputFixture) throws -> URL) -> BadInput {
        BadInput(name: "spec file: \(what)", mentions: { $0.scratch.path }, run: { f in _ = try ObjectiveSpec.load(path: try make(f).path) })
    }

    static var specFiles: [BadInput] {
        [
            specFile("a directory") { $0.scratch },
            specFile("no such file") { $0.scratch.appendingPathComponent("none.yaml") },
            specFile("a symlink to /dev/zero") { f in
                let link = f.scratch.appendingPathComponent("zero.yaml")
                try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/dev/zero")
                return link
            },
            specFile("binary") { try $0.file("bin.yaml", Data((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 131) })) },
            specFile("invalid UTF-8") { try $0.file("latin1.yaml", Data("kind: mealy\ninputs: [\u{E9}]\n".utf8.map { $0 == 0xC3 ? 0xE9 : $0 }.filter { $0 != 0xA9 })) },
            specFile("NUL bytes") { try $0.file("nul.yaml", Data("kind: mealy\0\ninputs: [a]\n".utf8)) },
            specFile("2 MiB") { try $0.file("big.yaml", Data(("# " + String(repeating: "x", count: 2 << 20) + "\n").utf8)) },
        ]
    }

    // MARK: Sequence files

    static func sequences(_ what: String, _ text: String, inputs: Int = 1) -> BadInput {
        BadInput(name: "sequences: \(what)", mentions: { _ in "seq.txt:" }, run: { _ in
            _ = try SequenceText.parseAll(text, inputs: inputs, source: "seq.txt")
        })
    }

    static var sequenceTexts: [BadInput] {
        [
            sequences("a letter", "01a0\n"),
            sequences("a 2", "0120\n"),
            sequences("full-width digits", "０１\n"),
            sequences("full-width digit after CRLF", "01\r\n１0\n"),
            sequences("a minus", "-1\n"),
            sequences("a NUL", "0\u{0}1\n"),
            sequences("a bell", "0\u{7}1\n"),
            sequences("an emoji", "0🌳1\n"),
            sequences("a combining mark", "0\u{301}1\n"),
            sequences("a right-to-left mark", "0\u{200F}1\n"),
            sequences("an incomplete step", "101 01\n", inputs: 3),
            sequences("an incomplete last step", "101 01", inputs: 3),
            sequences("a separator inside a step", "1,01\n", inputs: 3),
            sequences("a bad line after good ones", "0\n1\n01\nx\n"),
            sequences("a semicolon", "0;1\n"),
            BadInput(name: "sequences: a directory", mentions: { $0.scratch.path }, run: { f in _ = try InputFile.text(f.scratch, what: "sequence file") }),
            BadInput(name: "sequences: binary file", mentions: { $0.scratch.path }, run: { f in
                _ = try InputFile.text(try f.file("seq.bin", Data([0x30, 0x31, 0x00, 0xFF])), what: "sequence file")
            }),
            BadInput(name: "sequences: a symlink to /dev/zero", mentions: { $0.scratch.path }, run: { f in
                let link = f.scratch.appendingPathComponent("zero.txt")
                try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/dev/zero")
                _ = try InputFile.text(link, what: "sequence file")
            }),
        ]
    }

    // MARK: Seeds and schedules

    static func seeds(_ text: String) -> BadInput {
        BadInput(name: "--seeds \(text.prefix(40))", mentions: { _ in "--seeds" }, run: { _ in _ = try SeedList.parse(text) })
    }

    static var seedLists: [BadInput] {
        ["", "1-", "-1", "a", "5-1", "1-100000000", "1-99999,200000-299999", "1,,2", "1-2-3", "18446744073709551616",
         "0-18446744073709551615", "1 - 3"].map(seeds)
    }

    static func schedule(_ text: String) -> BadInput {
        BadInput(name: "--schedule \(text)", mentions: { _ in "--schedule" }, run: { _ in _ = try ScheduleStep.parse(text) })
    }

    static var schedules: [BadInput] {
        ["", "1:1", "a:1:1", "1:1:1:1", "1:x:1", "1:1:1,", "none,1:1:1"].map(schedule)
    }

    /// Values that go into emitted Slurm / Kubernetes job scripts.
    static var jobScripts: [BadInput] {
        ["/runs/a'b", "/runs/a\nrm -rf ~", "/runs/a b", "/runs/x #c", "/runs/$(id)", "/runs/`id`", ""].map { dir in
            BadInput(name: "job script --dir \(dir.debugDescription)", mentions: { _ in "--dir" }, run: { _ in
                try ClusterScripts.checkCarriable(dir, option: "--dir")
            })
        } + ["img\nkind: Pod", "img: {x}"].map { image in
            BadInput(name: "job script --image \(image.debugDescription)", mentions: { _ in "--image" }, run: { _ in
                try ClusterScripts.checkCarriable(image, option: "--image")
            })
        }
    }

    // MARK: Metrics logs

    static func metrics(_ what: String, _ text: String) -> BadInput {
        BadInput(name: "metrics: \(what)", mentions: { $0.scratch.path }, run: { f in
            _ = try TrainingMetrics.read(try f.file("metrics.csv", Data(text.utf8)))
        })
    }

    static var metricsFiles: [BadInput] {
        [
            metrics("no header", "0,1,1,1,,0,0,0\n"),
            metrics("header only", MetricsRow.csvHeader + "\n"),
            metrics("a malformed row", MetricsRow.csvHeader + "\nx,y\n"),
            metrics("a malformed accuracy", MetricsRow.csvHeader + "\n0,1.0,0.1,22,maybe,0,0,0\n"),
        ]
    }

    // MARK: Stages on a run directory with one broken file

    static func stage(_ what: String, breaking file: @escaping @Sendable (RunDirectory) -> URL, _ bytes: String,
                      _ run: @escaping @Sendable (URL) throws -> Void) -> BadInput {
        BadInput(name: "stage: \(what)", mentions: { file($0.dir).path }, run: { f in try run(f.dir.url) },
                 prepare: { f in try Data(bytes.utf8).write(to: file(f.dir)) })
    }

    static let quiet = ProgressPrinter(mode: .quiet)

    static var stages: [BadInput] {
        let prune: @Sendable (URL) throws -> Void = { _ = try PruneStage.run($0, rounds: 1, threads: 1, printer: quiet) }
        let view: @Sendable (URL) throws -> Void = { try ViewStage.run($0) }
        let explain: @Sendable (URL) throws -> Void = { _ = try ExplainStage.run($0) }
        let resume: @Sendable (URL) throws -> Void = { _ = try TrainingRun.resume($0, threads: 1, printer: quiet) }
        let hugeCells = #"{"format":"bonsai-network","version":1,"objective":"two-ago","shape":{"inputSize":1,"outputSize":1,"postLayer":true,"cells":[{"outputSize":1000000000,"stateSize":1000000000,"outputActivation":"tanh","stateActivation":"tanh","bias":true}]},"tensors":[]}"#
        let wideGraph = #"{"format":"bonsai-graph","version":1,"objective":"two-ago","inputs":["#
            + (0..<30).map { "\"x\($0)\"" }.joined(separator: ",") + #"],"neurons":[],"states":[],"outputs":[{"name":"y","from":{"input":0}}]}"#
        return [
            stage("prune: network of 10^9 units", breaking: { $0.network }, hugeCells, prune),
            stage("prune: network not JSON", breaking: { $0.network }, "garbage", prune),
            stage("prune: config of 99999x99999 cells", breaking: { $0.config }, "{\"format\":\"bonsai-run\",\"version\":1}", prune),
            stage("view: network of 10^9 units", breaking: { $0.network }, hugeCells, view),
            stage("view: graph with 30 inputs", breaking: { $0.graph }, wideGraph, view),
            stage("view: prune report not JSON", breaking: { $0.pruneReport }, "{", view),
            stage("view: explanation with a machine out of range", breaking: { $0.explanationJSON },
                  #"{"format": "bonsai-explanation", "neurons": [], "machine": {"states": 1, "start": 0, "transitions": [{"from": 0, "input": "1", "to": 5, "output": "0"}]}}"#, view),
            stage("view: summary of the wrong shape", breaking: { $0.summary }, "[]", view),
            stage("view: metrics without a header", breaking: { $0.metrics(3) }, "1,2,3\n", view),
            stage("explain: graph with 30 inputs", breaking: { $0.graph }, wideGraph, explain),
            stage("explain: graph not JSON", breaking: { $0.graph }, "\u{0}\u{1}", explain),
            stage("explain: config of another version", breaking: { $0.config }, "{\"format\":\"bonsai-run\",\"version\":7}", explain),
            stage("resume: config of another kind", breaking: { $0.config }, "{\"format\":\"bonsai-graph\",\"version\":1}", resume),
            stage("resume: summary not JSON", breaking: { $0.summary }, "{", resume),
            BadInput(name: "stage: explain --out the run directory with another graph", mentions: { $0.dir.url.path }, run: { f in
                var other = GraphTests.twoAgo()
                other.neurons[0].bias += 0.5
                let file = f.scratch.appendingPathComponent("other.json")
                try other.write(file)
                _ = try ExplainStage.run(graphFile: file, objective: nil, into: f.dir.url)
            }),
            BadInput(name: "stage: compile -o the run's graph.json", mentions: { $0.dir.graph.path }, run: { f in
                try OutputGuard.check(f.dir.graph, option: "-o", inputs: [f.dir.graph])
            }),
            BadInput(name: "stage: compile -o the run's network.json", mentions: { $0.dir.network.path }, run: { f in
                try OutputGuard.check(f.dir.network, option: "-o", inputs: [f.dir.graph])
            }),
            BadInput(name: "stage: compile -o the run directory", mentions: { $0.dir.url.path }, run: { f in
                try OutputGuard.check(f.dir.url, option: "-o", inputs: [f.dir.graph])
            }),
            BadInput(name: "stage: train into the existing run directory", mentions: { $0.dir.url.path }, run: { f in
                _ = try TrainingRun.start(try RunConfig.read(f.dir.config), in: f.dir.url, printer: quiet)
            }),
        ]
    }
}
