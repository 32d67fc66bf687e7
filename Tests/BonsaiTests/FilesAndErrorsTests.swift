import Foundation
import Testing

@testable import Bonsai

@Suite("Files and errors")
struct FilesAndErrorsTests {
    static func tempDir() -> URL {
        TestDirectory.make("files")
    }

    @Test("checkpoint JSON round-trips the network and training state exactly")
    func checkpointRoundTrip() throws {
        let shape = TwoAgo().preset.shape(inputSize: 1, outputSize: 1)
        let net = try Network(shape: shape, seed: 3)
        let c = Checkpoint(
            objective: "two-ago", network: net,
            training: TrainingProgress(step: 5, adam: Adam(count: net.parameters.count)))
        let url = Self.tempDir().appendingPathComponent("c.json")
        try c.write(url)
        let back = try Checkpoint.read(url)
        #expect(try back.network() == net)
        #expect(back.training == c.training)
    }

    @Test("a checkpoint of another version, a malformed one, or one with a wrong tensor is refused with the file name")
    func badCheckpoints() throws {
        let dir = Self.tempDir()
        let net = try Network(shape: TwoAgo().preset.shape(inputSize: 1, outputSize: 1), seed: 3)
        var json =
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(Checkpoint(objective: "two-ago", network: net)))
            as! [String: Any]
        func attempt(_ name: String, _ body: (inout [String: Any]) -> Void, mentions: String) throws {
            var j = json
            body(&j)
            let url = dir.appendingPathComponent(name)
            try JSONSerialization.data(withJSONObject: j).write(to: url)
            let e = #expect(throws: BonsaiError.self) { try Checkpoint.read(url) }
            #expect(e?.description.contains(url.path) == true)
            #expect(e?.description.contains(mentions) == true, "\(e?.description ?? "")")
        }
        try attempt("v2.json", { $0["version"] = 2 }, mentions: "unsupported version 2")
        try attempt("fmt.json", { $0["format"] = "something" }, mentions: "not a Bonsai network file")
        try attempt("missing.json", { $0["tensors"] = [] }, mentions: "missing tensor")
        var tensors = json["tensors"] as! [[String: Any]]
        tensors[0]["values"] = [1.0]
        json["tensors"] = tensors
        try attempt("size.json", { _ in }, mentions: "should be")
        let garbage = dir.appendingPathComponent("garbage.json")
        try Data("{ not json".utf8).write(to: garbage)
        let e = #expect(throws: BonsaiError.self) { try Checkpoint.read(garbage) }
        #expect(e?.description.hasPrefix(garbage.path) == true)
        #expect(e?.description.contains("\n") == false)
    }

    @Test("unknown objective and bad options are one-line errors naming the option")
    func badOptions() {
        let e = #expect(throws: BonsaiError.self) { try BuiltinObjectives.named("three-ago") }
        #expect(e?.description.contains("three-ago") == true)
        var c = TwoAgo().preset
        c.batchSize = 100
        let b = #expect(throws: BonsaiError.self) { try c.validate() }
        #expect(b?.description.hasPrefix("--batch") == true)
    }

    @Test("--schedule parses STEP:LR:LAMBDA lists and names the bad item")
    func schedules() throws {
        let s = try ScheduleStep.parse("3000:1:2,6000:0.5:1.5")
        #expect(
            s == [
                .init(step: 3000, learningRateScale: 1, lambdaScale: 2),
                .init(step: 6000, learningRateScale: 0.5, lambdaScale: 1.5),
            ])
        #expect(ScheduleStep.factors(s, at: 7000) == (0.5, 3))
        #expect(try ScheduleStep.parse("none").isEmpty)
        let e = #expect(throws: BonsaiError.self) { try ScheduleStep.parse("3000:1:2,6000:x") }
        #expect(e?.description.hasPrefix("--schedule: '6000:x'") == true)
    }

    @Test("a configuration saved before validationLength existed reads with the 2× default")
    func validationLengthDefault() throws {
        let preset = TwoAgo().preset
        var j = try JSONSerialization.jsonObject(with: JSONEncoder().encode(preset)) as! [String: Any]
        j.removeValue(forKey: "validationLength")
        let old = try JSONDecoder().decode(TrainingConfig.self, from: JSONSerialization.data(withJSONObject: j))
        #expect(old.validationLength == nil)
        #expect(old.resolvedValidationLength == 2 * old.sequenceLength)
        #expect(BalancedParentheses().preset.resolvedValidationLength == 200)
    }

    @Test("a run configuration of the wrong version or with a bad value is refused")
    func badRunConfig() throws {
        let dir = Self.tempDir()
        let good = RunConfig(objective: "two-ago", seed: 1, restarts: 0, threads: 1, training: TwoAgo().preset)
        let url = dir.appendingPathComponent("config.json")
        var j = try JSONSerialization.jsonObject(with: JSONEncoder().encode(good)) as! [String: Any]
        j["version"] = 7
        try JSONSerialization.data(withJSONObject: j).write(to: url)
        #expect(throws: BonsaiError.self) { try RunConfig.read(url) }
        j["version"] = 1
        j["objective"] = "nope"
        try JSONSerialization.data(withJSONObject: j).write(to: url)
        let e = #expect(throws: BonsaiError.self) { try RunConfig.read(url) }
        #expect(e?.description.contains("nope") == true)
    }

    @Test("an unwritable run directory fails before training, and an existing run is never overwritten")
    func runDirectories() throws {
        let dir = Self.tempDir()
        // A file where a parent directory should be: creation fails even as root.
        let blocker = dir.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let e = #expect(throws: BonsaiError.self) { try RunDirectory.create(blocker.appendingPathComponent("run")) }
        #expect(e?.description.contains("cannot create run directory") == true)

        var config = RunConfig(
            objective: "two-ago", seed: 1, restarts: 0, threads: 2, training: TrainingTests.quick(steps: 30))
        config.training.patience = 10
        let run = dir.appendingPathComponent("run")
        _ = try TrainingRun.start(config, in: run, printer: ProgressPrinter(mode: .quiet))
        let before = try Data(contentsOf: run.appendingPathComponent("summary.json"))
        #expect(throws: BonsaiError.self) {
            try TrainingRun.start(config, in: run, printer: ProgressPrinter(mode: .quiet))
        }
        #expect(try Data(contentsOf: run.appendingPathComponent("summary.json")) == before)
    }

    @Test("a run directory has config, summary, metrics with one row per step, and resumes after an interrupt")
    func runDirectoryAndResume() throws {
        let dir = Self.tempDir().appendingPathComponent("run")
        var t = TrainingTests.quick(steps: 400)
        t.patience = 100
        let config = RunConfig(objective: "two-ago", seed: 1, restarts: 1, threads: 2, training: t)
        let first = try TrainingRun.start(config, in: dir, printer: ProgressPrinter(mode: .quiet), stop: { true })
        #expect(first.status == .interrupted)
        let summary = try TrainingRun.resume(dir, threads: 1, printer: ProgressPrinter(mode: .quiet))
        #expect(summary.status == .solved)
        #expect(summary.seedsSolved == 1)
        let rd = RunDirectory(dir)
        #expect(try RunConfig.read(rd.config) == config)
        let rows = try String(contentsOf: rd.metrics(1), encoding: .utf8).split(separator: "\n")
        #expect(rows.first == Substring(MetricsRow.csvHeader))
        let attempt = summary.attempts[0]
        #expect(rows.count == attempt.steps + 1)
        #expect(rows.dropFirst().enumerated().allSatisfy { i, r in r.hasPrefix("\(i),") })
        let net = try Checkpoint.read(rd.network).network()
        #expect(net.weightsAbove(t.pruneThreshold) == attempt.bestWeightsAbove)
        #expect(throws: BonsaiError.self) {
            try TrainingRun.resume(dir, threads: nil, printer: ProgressPrinter(mode: .quiet))
        }
    }

    @Test("the original weights dump format imports, transposing the post layer")
    func weightsDump() throws {
        let json = """
            {"input_dim": 1, "output_dim": 1,
             "cells": [{"state_size": 1, "output_dim": 2,
                        "output_kernel": [[1, 2], [3, 4]], "output_bias": [0.5, -0.5],
                        "recurrent_kernel": [[-1], [0.25]], "recurrent_bias": [0.1], "initial_state": [0.7],
                        "output_activation": {"id": "interpolated_ameo", "factor": 0.5, "leakyness": 0.1},
                        "recurrent_activation": "ameo"}],
             "post_layers": [{"input_dim": 2, "output_dim": 1, "weights": [[1.5, -2]], "bias": [0.3], "activation": "linear"}]}
            """
        let url = Self.tempDir().appendingPathComponent("weights.json")
        try Data(json.utf8).write(to: url)
        let net = try WeightsDump.read(url)
        #expect(net.shape.cells[0].outputActivation == .interpolatedAmeo)
        #expect(net.shape.cells[0].stateActivation == .hardAmeo)
        #expect(Array(net.values(net.layout.tensor(named: "cell0.outputKernel")!)) == [1, 2, 3, 4])
        #expect(Array(net.values(net.layout.tensor(named: "post.kernel")!)) == [1.5, -2])
        #expect(Array(net.values(net.layout.tensor(named: "cell0.initialState")!)) == [0.7])

        let bad = Self.tempDir().appendingPathComponent("bad.json")
        try Data(json.replacingOccurrences(of: "[[1, 2], [3, 4]]", with: "[[1, 2]]").utf8).write(to: bad)
        let e = #expect(throws: BonsaiError.self) { try WeightsDump.read(bad) }
        #expect(e?.description.contains("output_kernel") == true)
    }
}
