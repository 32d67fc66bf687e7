/// An objective's reference machine as a table, so the page can compute targets for any input the user
/// types: states are numbered in BFS order from the start over every input symbol.
public struct ReferenceTable: Codable, Equatable, Sendable {
    public var start = 0
    /// next[state][input], output[state][input]
    public var next: [[Int]] = []
    public var output: [[Int]] = []
    /// The inputs the objective's generator can produce in each state (for the page's random inputs).
    public var possible: [[Int]] = []

    /// nil when the machine has more than `maxStates` reachable states (the page then shows no target
    /// for typed input).
    public init?(_ objective: any Objective, maxStates: Int = 4096) {
        guard let t = Self.build(objective, maxStates: maxStates) else { return nil }
        self = t
    }

    private init() {}

    private static func build<O: Objective>(_ o: O, maxStates: Int) -> ReferenceTable? {
        var index: [O.State: Int] = [o.start: 0], queue = [o.start], t = ReferenceTable()
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            var nextRow: [Int] = [], outRow: [Int] = []
            for x in 0..<(1 << o.inputCount) {
                let (n, y) = o.step(s, input: x)
                if index[n] == nil {
                    guard queue.count < maxStates else { return nil }
                    index[n] = queue.count
                    queue.append(n)
                }
                nextRow.append(index[n]!)
                outRow.append(y)
            }
            t.next.append(nextRow)
            t.output.append(outRow)
            t.possible.append(o.possibleInputs(in: s))
        }
        return t
    }
}
