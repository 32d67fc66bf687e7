import Foundation
import Testing

@testable import Bonsai

/// A network whose only fault is drift the invariant-region prover finds: refused before pruning unless
/// `Pruning.prunesDriftingNetworks`, and then pruned with an honest verification of what comes out.
@Suite("Pruning a drifting network")
struct DriftingNetworkTests {
    @Test(
        "the original switcher, which only drifts, is refused, or pruned all the same when asked",
        .enabled(if: DemoGraphs.available, DemoGraphs.missing))
    func driftingNetwork() throws {
        // Exploration and sampling only check it; the prover finds it failing at step 38
        // (docs/invariant-regions.md).
        let g = try DemoGraphs.load("gated-logic-switcher")
        let objective = try BuiltinObjectives.named("logic-gate-switcher")
        var pruning = Pruning(objective: objective, trainingLength: objective.preset.sequenceLength)
        #expect(Verifier.verify(g, objective: objective, limits: pruning.finalLimits).status == .checked)
        let full = pruning.fullCheck(g)
        #expect(full.status == .failed && full.counterexample != nil)
        #expect(throws: BonsaiError.self) { try pruning.run(g) }
        // Asked to, it prunes; stopped before the first stage, the graph is the start and so is its verdict.
        pruning.prunesDriftingNetworks = true
        pruning.shouldStop = { true }
        let (graph, report) = try pruning.run(g)
        #expect(graph == g)
        #expect(report.verification.status == .failed)
        #expect(report.verification.counterexample == full.counterexample)
    }
}
