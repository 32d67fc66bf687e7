import Foundation

@testable import Bonsai

/// Corpus cases for text the user writes: options, objective specs, sequence files, seed lists,
/// schedules, job-script values and metrics logs.
extension BadInputCorpus {
    // MARK: Options (TrainingConfig.validate, as `bonsai train` resolves them)

    static func option(
        _ what: String, _ option: String, _ mutate: @escaping @Sendable (inout TrainingConfig) -> Void
    ) -> BadInput {
        BadInput(
            name: "option \(what)", mentions: { _ in option },
            run: { _ in
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
            option("--cells 17 cells", "--cells") {
                $0.cells = Array(repeating: .init(output: 2, state: 2), count: 17)
            },
            option("--cells 16 of 1024x1024", "--cells") {
                $0.cells = Array(repeating: .init(output: 1024, state: 1024), count: 16)
            },
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
            option("--length × units too large", "--length") {
                $0.sequenceLength = 50_000
                $0.validationLength = 50_000
                $0.validationSequences = 16
                $0.cells = [.init(output: 512, state: 512)]
            },
            option("--validation-length 0", "--validation-length") { $0.validationLength = 0 },
            option("--validation-length 200000", "--validation-length") { $0.validationLength = 200_000 },
            option("--validation-sequences 0", "--validation-sequences") { $0.validationSequences = 0 },
            option("--validation-sequences 10^8", "--validation-sequences") { $0.validationSequences = 100_000_000 },
            option("--validation-sequences × length", "--validation-sequences") {
                $0.validationSequences = 5_000_000
                $0.validationLength = 1000
            },
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
            BadInput(
                name: "option --restarts 10^6", mentions: { _ in "--restarts" },
                run: { _ in try RunConfig.checkLimits(restarts: 1_000_000, threads: 1) }),
            BadInput(
                name: "option --threads 10^5", mentions: { _ in "--threads" },
                run: { _ in try RunConfig.checkLimits(restarts: 0, threads: 100_000) }),
        ]
    }

    // MARK: Objective specs

    static func spec(_ what: String, _ text: String) -> BadInput {
        BadInput(
            name: "spec: \(what)", mentions: { _ in "t.yaml" },
            run: { _ in _ = try ObjectiveSpec.parse(text, file: "t.yaml") })
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
            spec(
                "nested 100000 deep",
                "kind: expression\ninputs: " + String(repeating: "[", count: 100_000)
                    + String(repeating: "]", count: 100_000) + "\n"),
            spec("unknown key", machine + "\ncolour: red\n"),
            spec("unknown kind", "kind: turing\ninputs: [a]\n"),
            spec("kind a list", "kind: [mealy]\ninputs: [a]\n"),
            spec("no kind", "inputs: [a]\n"),
            spec("no inputs", "kind: mealy\n"),
            spec("empty inputs", "kind: expression\ninputs: []\noutputs:\n  y: \"1\"\n"),
            spec("9 inputs", "kind: expression\ninputs: [a, b, c, d, e, f, g, h, i]\noutputs:\n  y: a\n"),
            spec("an input twice", "kind: expression\ninputs: [a, a]\noutputs:\n  y: a\n"),
            spec("an input not a name", "kind: expression\ninputs: [\"a b\"]\noutputs:\n  y: \"1\"\n"),
            spec(
                "a bad name", machine.replacingOccurrences(of: "kind: mealy", with: "kind: mealy\nname: \"../../etc\"")),
            spec("mealy without states", machine.replacingOccurrences(of: "states: [p, q]\n", with: "")),
            spec("mealy unknown start", machine.replacingOccurrences(of: "start: p", with: "start: z")),
            spec("mealy missing transition", machine.replacingOccurrences(of: "  - [q, \"1\", q, \"1\"]", with: "")),
            spec("mealy duplicate transition", machine + "\n  - [q, \"1\", q, \"1\"]\n"),
            spec(
                "mealy transition of 3 items",
                machine.replacingOccurrences(of: "[q, \"1\", q, \"1\"]", with: "[q, \"1\", q]")),
            spec(
                "mealy unknown next state",
                machine.replacingOccurrences(of: "[q, \"1\", q, \"1\"]", with: "[q, \"1\", r, \"1\"]")),
            spec(
                "mealy unreachable state",
                machine.replacingOccurrences(of: "states: [p, q]", with: "states: [p, q, r]")
                    + "\n  - [r, \"0\", r, \"0\"]\n  - [r, \"1\", r, \"0\"]\n"),
            spec(
                "mealy 5000 states",
                machine.replacingOccurrences(
                    of: "states: [p, q]", with: "states: [" + (0..<5000).map { "s\($0)" }.joined(separator: ", ") + "]")
            ),
            spec(
                "mealy output of 2 bits",
                machine.replacingOccurrences(of: "[q, \"1\", q, \"1\"]", with: "[q, \"1\", q, \"11\"]")),
            spec(
                "mealy 9 outputs",
                machine.replacingOccurrences(of: "outputs: [y]", with: "outputs: [a1, a2, a3, a4, a5, a6, a7, a8, a9]")),
            spec("acceptor with outputs", "kind: acceptor\ninputs: [a]\noutputs: [y]\n"),
            spec(
                "transitions a mapping", machine.components(separatedBy: "transitions:")[0] + "transitions:\n  p: q\n"),
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
            expression(
                "nested 50000 deep",
                String(repeating: "not(", count: 50_000) + "a" + String(repeating: ")", count: 50_000)),
            expression(
                "nested 65 deep", String(repeating: "not(", count: 65) + "a" + String(repeating: ")", count: 65)),
            expression("delay without t", "a[s-1]"),
            expression("delay negative", "a[t--1]"),
            expression("delay 17", "a[t-17]"),
            expression("delay 10^30", "a[t-1000000000000000000000000000000]"),
            expression("delay full-width", "a[t-１]"),
            expression("history over 16 bits", "xor(a[t-9], b[t-9])"),
            expression("a NUL character", "and(a,\u{0} b)"),
            spec("9 outputs", "kind: expression\ninputs: [a]\noutputs:\n" + (0..<9).map { "  y\($0): a\n" }.joined()),
            spec("an output twice", "kind: expression\ninputs: [a, b]\noutputs:\n  y: a\n  y: b\n"),
            spec(
                "distribution of an unknown input",
                "kind: expression\ninputs: [a]\noutputs:\n  y: a\ndistribution:\n  z: 0.5\n"),
            spec(
                "preset cells 99999x99999",
                "kind: expression\ninputs: [a]\noutputs:\n  y: a\npreset:\n  cells: 99999x99999\n"),
        ]
    }

    static func specFile(_ what: String, _ make: @escaping @Sendable (BadInputFixture) throws -> URL) -> BadInput {
        BadInput(
            name: "spec file: \(what)", mentions: { $0.scratch.path },
            run: { f in _ = try ObjectiveSpec.load(path: try make(f).path) })
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
            specFile("binary") {
                try $0.file("bin.yaml", Data((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 131) }))
            },
            specFile("invalid UTF-8") {
                try $0.file(
                    "latin1.yaml",
                    Data("kind: mealy\ninputs: [\u{E9}]\n".utf8.map { $0 == 0xC3 ? 0xE9 : $0 }.filter { $0 != 0xA9 }))
            },
            specFile("NUL bytes") { try $0.file("nul.yaml", Data("kind: mealy\0\ninputs: [a]\n".utf8)) },
            specFile("2 MiB") {
                try $0.file("big.yaml", Data(("# " + String(repeating: "x", count: 2 << 20) + "\n").utf8))
            },
        ]
    }

    // MARK: Sequence files

    static func sequences(_ what: String, _ text: String, inputs: Int = 1) -> BadInput {
        BadInput(
            name: "sequences: \(what)", mentions: { _ in "seq.txt:" },
            run: { _ in
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
            BadInput(
                name: "sequences: a directory", mentions: { $0.scratch.path },
                run: { f in _ = try InputFile.text(f.scratch, what: "sequence file") }),
            BadInput(
                name: "sequences: binary file", mentions: { $0.scratch.path },
                run: { f in
                    _ = try InputFile.text(
                        try f.file("seq.bin", Data([0x30, 0x31, 0x00, 0xFF])), what: "sequence file")
                }),
            BadInput(
                name: "sequences: a symlink to /dev/zero", mentions: { $0.scratch.path },
                run: { f in
                    let link = f.scratch.appendingPathComponent("zero.txt")
                    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/dev/zero")
                    _ = try InputFile.text(link, what: "sequence file")
                }),
        ]
    }

    // MARK: Seeds and schedules

    static func seeds(_ text: String) -> BadInput {
        BadInput(
            name: "--seeds \(text.prefix(40))", mentions: { _ in "--seeds" }, run: { _ in _ = try SeedList.parse(text) }
        )
    }

    static var seedLists: [BadInput] {
        [
            "", "1-", "-1", "a", "5-1", "1-100000000", "1-99999,200000-299999", "1,,2", "1-2-3", "18446744073709551616",
            "0-18446744073709551615", "1 - 3",
        ].map(seeds)
    }

    static func schedule(_ text: String) -> BadInput {
        BadInput(
            name: "--schedule \(text)", mentions: { _ in "--schedule" }, run: { _ in _ = try ScheduleStep.parse(text) })
    }

    static var schedules: [BadInput] {
        ["", "1:1", "a:1:1", "1:1:1:1", "1:x:1", "1:1:1,", "none,1:1:1"].map(schedule)
    }

    /// Values that go into emitted Slurm / Kubernetes job scripts.
    static var jobScripts: [BadInput] {
        ["/runs/a'b", "/runs/a\nrm -rf ~", "/runs/a b", "/runs/x #c", "/runs/$(id)", "/runs/`id`", ""].map { dir in
            BadInput(
                name: "job script --dir \(dir.debugDescription)", mentions: { _ in "--dir" },
                run: { _ in
                    try ClusterScripts.checkCarriable(dir, option: "--dir")
                })
        }
            + ["img\nkind: Pod", "img: {x}"].map { image in
                BadInput(
                    name: "job script --image \(image.debugDescription)", mentions: { _ in "--image" },
                    run: { _ in
                        try ClusterScripts.checkCarriable(image, option: "--image")
                    })
            }
    }

    // MARK: Metrics logs

    static func metrics(_ what: String, _ text: String) -> BadInput {
        BadInput(
            name: "metrics: \(what)", mentions: { $0.scratch.path },
            run: { f in
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
}
