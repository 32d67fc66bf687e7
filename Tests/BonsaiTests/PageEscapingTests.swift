import Foundation
import Testing

@testable import Bonsai

/// Names from graph.json end up in the page's embedded JSON: none may end or confuse the script element.
@Suite("Page: hostile names")
struct PageEscapingTests {
    @Test("'<' from names never appears raw in the page data; the data still decodes to the names")
    func escaped() throws {
        let hostile = "<!--<script>alert(1)</script></script><b>"
        var g = GraphTests.twoAgo()
        for k in g.neurons.indices { g.neurons[k].name = hostile + "\(k)" }
        for j in g.states.indices { g.states[j].name = hostile + "s\(j)" }
        let html = try PageBuilder(graph: g, objective: TwoAgo()).html()
        let start = try #require(html.range(of: "<script id=\"bonsai-data\" type=\"application/json\">"))
        let rest = html[start.upperBound...]
        let end = try #require(rest.range(of: "</script>"))
        let data = rest[..<end.lowerBound]
        #expect(!data.contains("<"))
        let decoded = try JSONSerialization.jsonObject(with: Data(data.utf8)) as! [String: Any]
        let nodes = (decoded["graph"] as! [String: Any])["nodes"] as! [[String: Any]]
        #expect(nodes.contains { ($0["name"] as? String) == hostile + "0" })
    }
}
