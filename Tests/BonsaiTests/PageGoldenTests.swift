import Foundation
import Testing

@testable import Bonsai

/// The whole page of a fixed graph, byte for byte, against a copy kept beside the tests. It was recorded
/// when the page's script, style and markup moved from Swift strings into files under View/Page/, and shows
/// that the move changed no byte. A deliberate change of the page updates the copy:
/// `BONSAI_WRITE_GOLDEN=1 swift test --filter PageGoldenTests`, then review the diff of the fixture.
@Suite("Page: byte for byte")
struct PageGoldenTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/page-switcher.html")

    /// Our switcher graph on the built-in layout, with no training files: everything on the page but the
    /// embedded data is the fixed script, style and markup.
    static func page() throws -> String {
        try PageBuilder(
            graph: try ViewFixtures.ourSwitcher(), objective: try BuiltinObjectives.named("logic-gate-switcher")
        ).html()
    }

    @Test("the switcher page is byte-identical to the recorded one")
    func golden() throws {
        let html = try Self.page()
        if ProcessInfo.processInfo.environment["BONSAI_WRITE_GOLDEN"] == "1" {
            try Data(html.utf8).write(to: Self.fixture, options: .atomic)
        }
        let expected = try Data(contentsOf: Self.fixture)
        let actual = Data(html.utf8)
        guard actual != expected else { return }
        // The first differing line, rather than two 80 KB strings.
        let a = html.components(separatedBy: "\n"),
            e = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
        let k = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        Issue.record(
            """
            page differs from Fixtures/page-switcher.html (\(actual.count) vs \(expected.count) bytes) at line \(k + 1):
            page:     \(k < a.count ? a[k] : "<end>")
            recorded: \(k < e.count ? e[k] : "<end>")
            """)
    }
}
