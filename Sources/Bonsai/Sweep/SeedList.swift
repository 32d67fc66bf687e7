/// Seeds on the command line: `1-100`, `7`, or a comma list of both (`1-10,20,30-32`), as Slurm's
/// `--array` takes them.
public enum SeedList {
    public static let maxSeeds = SizeLimits.seeds

    public static func parse(_ text: String) throws -> [UInt64] {
        var seeds = [UInt64]()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(ends.count), let a = UInt64(ends[0]), let b = UInt64(ends.last!), a <= b else {
                throw BonsaiError("--seeds: '\(part)' is not a seed or a range FIRST-LAST (e.g. 1-100, or 1-10,20)")
            }
            // Counted before the range is expanded: 1-100000000 must not allocate 10⁸ seeds.
            guard b - a < UInt64(maxSeeds - seeds.count) else {
                throw BonsaiError(
                    "--seeds: too many seeds ('\(part)' and the parts before it); at most \(maxSeeds) in one sweep")
            }
            seeds += Array(a...b)
        }
        var seen = Set<UInt64>()
        return seeds.filter { seen.insert($0).inserted }
    }

    /// The shortest text for `seeds` in the same syntax.
    public static func format(_ seeds: [UInt64]) -> String {
        var parts = [String](), i = 0
        let s = seeds.sorted()
        while i < s.count {
            var j = i
            while j + 1 < s.count, s[j + 1] == s[j] + 1 { j += 1 }
            parts.append(i == j ? "\(s[i])" : "\(s[i])-\(s[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }
}
