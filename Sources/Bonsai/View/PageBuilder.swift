import Foundation

/// Builds the interactive page of a graph: one self-contained HTML file (data, script and style inline,
/// a Content-Security-Policy that forbids every request), so it opens from disk with no network.
public struct PageBuilder {
    public enum Layout: String, Sendable, CaseIterable { case builtin, dot }

    public var graph: Graph
    public var objective: any Objective
    /// The trained network as a graph, for the before view.
    public var dense: Graph?
    public var metrics: TrainingMetrics?
    /// The training settings: the activation and regularizer curves of the training story.
    public var training: TrainingConfig?
    public var pruneReport: Pruning.Report?
    /// Shown instead of the report's verification when it is not known to be of this graph.
    public var verificationNote: String?
    public var explanation: ExplanationSummary?
    public var layout: Layout = .builtin
    public var notes: [String] = []
    /// The fixed sequence of the self-test is the first example; all examples have this many steps.
    public var exampleLength = 48

    public init(graph: Graph, objective: any Objective) {
        self.graph = graph
        self.objective = objective
    }

    /// Input sequences drawn from the objective's own generator, reproducible (seeded).
    public func examples(count: Int = 6) -> [[Int]] {
        (0..<count).map { k in
            var rng = Rng(seed: 2024, stream: UInt64(k))
            return Self.sample(objective, length: exampleLength, rng: &rng)
        }
    }

    private static func sample<O: Objective>(_ o: O, length: Int, rng: inout Rng) -> [Int] {
        var s = o.start, out: [Int] = []
        for _ in 0..<length {
            let x = o.sampleInput(in: s, using: &rng)
            out.append(x)
            s = o.step(s, input: x).next
        }
        return out
    }

    public func data() throws -> PageData {
        // The spec's own input and output names, as explanation.md uses them.
        let graph = graph.named(for: objective), dense = dense?.named(for: objective)
        guard graph.inputs.count == objective.inputCount, graph.outputs.count == objective.outputCount else {
            throw BonsaiError(
                "graph has \(graph.inputs.count) inputs and \(graph.outputs.count) outputs; \(objective.name) needs \(objective.inputCount) and \(objective.outputCount)"
            )
        }
        let mainLayout = layout == .dot ? try GraphLayout.dot(graph) : GraphLayout(graph)
        let examples = examples()
        let fixed = examples[0]
        var denseData: PageData.GraphData?
        var denseValues: [[Double]]?
        if let dense {
            // Always the builtin layout: dot needs minutes for a dense two-cell network.
            denseData = PageData.GraphData(dense, layout: GraphLayout(dense))
            denseValues = GraphEvaluator(dense).trace(fixed).values
        }
        let reg = training.map { t in
            PageData.RegularizerData(
                lambda: Double(t.regularizer.lambda), threshold: Double(t.regularizer.threshold),
                steepness: Double(t.regularizer.steepness), l1: Double(t.regularizer.l1),
                normalization: t.regularizer.normalization.rawValue)
        }
        return PageData(
            title: "\(objective.name) bonsai",
            objective: .init(
                name: objective.name, summary: objective.summary, inputCount: objective.inputCount,
                outputCount: objective.outputCount),
            graph: PageData.GraphData(graph, layout: mainLayout),
            dense: denseData,
            reference: ReferenceTable(objective),
            examples: examples,
            selftest: .init(inputs: fixed, values: GraphEvaluator(graph).trace(fixed).values, denseValues: denseValues),
            metrics: metrics,
            trainingActivation: training.map { PageData.ActivationData($0.activation) },
            regularizer: reg,
            sizes: pruneReport.map {
                .init(stages: $0.stages, verification: verificationNote ?? $0.verification.summary)
            },
            explanation: explanation,
            notes: notes)
    }

    /// The whole page.
    public func html() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json: String
        do { json = String(decoding: try encoder.encode(try data()), as: UTF8.self) } catch let e as BonsaiError {
            throw e
        } catch {
            throw BonsaiError("page data: cannot encode: \(error)")
        }
        // Inside <script>, "</script" would end the element early and "<!--<script" would make the parser
        // skip the real end tag; names come from files. "<" only occurs inside JSON strings, where
        // "\u003c" means the same.
        let safe = json.replacingOccurrences(of: "<", with: "\\u003c")
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(objective.name)) bonsai</title>
            <style>\(PageAssets.css)</style>
            </head>
            <body>
            \(PageAssets.body)
            <script id="bonsai-data" type="application/json">\(safe)</script>
            <script>\(PageAssets.script)</script>
            </body>
            </html>

            """
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
