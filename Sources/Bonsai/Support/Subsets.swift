/// Subsets of a small index range, for searches that try the fewest columns or inputs first.
enum Subsets {
    /// Every subset of 0..<n with `size` elements, each in increasing order, in lexicographic order.
    static func of(_ n: Int, size: Int) -> [[Int]] {
        guard size > 0 else { return [[]] }
        guard size <= n else { return [] }
        var out: [[Int]] = []
        func go(_ from: Int, _ acc: [Int]) {
            if acc.count == size {
                out.append(acc)
                return
            }
            for i in from..<n where n - i >= size - acc.count { go(i + 1, acc + [i]) }
        }
        go(0, [])
        return out
    }
}
