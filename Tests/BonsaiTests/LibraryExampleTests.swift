import Bonsai
import Foundation
import Testing

/// The article "Growing a program from Swift" (Sources/Bonsai/Bonsai.docc), as a test: only the public
/// API, so the example compiles and runs exactly as a user would write it.
@Suite("The library example")
struct LibraryExampleTests {
    @Test("a spec string grows into its proven minimal machine and is explained")
    func growFromSwift() throws {
        let spec = """
            name: toggle-on-one
            kind: mealy
            inputs: [x]
            outputs: [y]
            states: [off, on]
            start: off
            transitions:
              - [off, "0", off, "0"]
              - [off, "1", on,  "1"]
              - [on,  "0", on,  "1"]
              - [on,  "1", off, "0"]
            """
        let objective = try ObjectiveSpec.parse(spec, file: "toggle-on-one.yaml")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonsai-example-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try Grower.start(
            objective: objective, objectiveSpec: spec, seed: 1, timeLimit: 120,
            workers: 2, in: dir, printer: ProgressPrinter(mode: .quiet), stop: { false })
        #expect(report.status == .minimal)
        let graph = try RunDirectory(dir).readGraph()
        #expect(Verifier.verify(graph, objective: objective).status == .proven)
        let explanation = try ExplainStage.run(dir)
        #expect(explanation.isomorphic == true)
        #expect(explanation.summary.contains("minimal machine of toggle-on-one"))
    }
}
