import ArgumentParser
import Bonsai
import Foundation

/// The GRAPH argument of `run`, `compile` and `bench --eval`: a bonsai-graph JSON file or a run directory
/// holding graph.json; with --reference OBJECTIVE, a graph in the original viewer's format.
struct GraphArgument: ParsableArguments {
    @Argument(help: "A graph.json file, or a run directory containing one.") var graph: String
    @Option(
        help: ArgumentHelp(
            "Read GRAPH in the original viewer's format, solving this objective.", valueName: "objective"))
    var reference: String?

    func load() throws -> Graph { try Self.load(graph, reference: reference) }

    /// The file GRAPH names: itself, or graph.json in a run directory.
    var fileURL: URL { Self.fileURL(graph) }

    static func fileURL(_ graph: String) -> URL {
        var url = URL(fileURLWithPath: graph)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
            url = url.appendingPathComponent("graph.json")
        }
        return url
    }

    static func load(_ graph: String, reference: String?) throws -> Graph {
        let url = fileURL(graph)
        if url.path != URL(fileURLWithPath: graph).path, !FileManager.default.fileExists(atPath: url.path) {
            throw BonsaiError.file(
                graph,
                "a directory without graph.json (run `bonsai prune` on a run directory first, or name a graph file)")
        }
        if let reference {
            _ = try BuiltinObjectives.named(reference)
            return try Graph.importReference(url, objective: reference)
        }
        return try Graph.read(url)
    }
}
