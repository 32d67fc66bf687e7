/// Every user-facing failure. `description` is the one line the CLI prints: it names the file or option
/// and says what is wrong (docs/design.md §8).
public struct BonsaiError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// An error about a file: "path: what is wrong".
    public static func file(_ path: String, _ problem: String) -> BonsaiError {
        BonsaiError("\(path): \(problem)")
    }
}
