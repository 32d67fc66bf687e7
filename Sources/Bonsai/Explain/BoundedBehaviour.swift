/// The machine an analog graph behaves as, as far as the exploration saw.
///
/// An analog graph has no finite machine of exact states, but its behaviour may still be that of a small
/// machine. The exploration covered every input sequence up to length D. Two graph states reached within
/// D − k − 1 steps are grouped when they give the same outputs on every input sequence of length k
/// (their k-step output trees agree; the trees lie inside the explored region). When the grouping is
/// consistent (members of a group move to the same group with the same output on every input) and stable
/// (k − 1 steps of lookahead already give the same groups), the groups form a Mealy machine; it is then
/// run alongside the graph on every explored transition and must give the same outputs. It describes
/// the explored sequences only: evidence, not a proof.
enum BoundedBehaviour {
    struct Result {
        var machine: MealyMachine
        /// Per state of `machine`: the graph states grouped into it (those reached within
        /// depth − lookahead − 1 steps).
        var members: [[Int]]
        var lookahead: Int
        var depth: Int
    }

    /// `depths[g]`: the breadth-first depth at which graph state g was first reached; `explored`: every
    /// sequence up to this length was explored (states at smaller depths have all their transitions).
    static func machine(_ m: MealyMachine, depths: [Int], explored: Int) -> Result? {
        let k = explored / 2
        guard k >= 1 else { return nil }
        let n = m.stateCount
        // sig[g]: id of g's j-step output tree, valid while depths[g] ≤ explored − j.
        var sig = [Int](repeating: 0, count: n)
        var previous = sig
        for j in 0..<k {
            var ids: [[Int]: Int] = [:]
            var next = [Int](repeating: -1, count: n)
            for g in 0..<n where depths[g] <= explored - j - 1 {
                var key: [Int] = []
                key.reserveCapacity(2 * m.alphabetSize)
                for x in 0..<m.alphabetSize {
                    if let t = m.transitions[g][x] {
                        key.append(t.output)
                        key.append(sig[t.to])
                    } else {
                        key.append(-1)
                        key.append(-1)
                    }
                }
                if let id = ids[key] {
                    next[g] = id
                } else {
                    next[g] = ids.count
                    ids[key] = next[g]
                }
            }
            previous = sig
            sig = next
        }
        let core = (0..<n).filter { depths[$0] <= explored - k - 1 }
        // Stable: k steps of lookahead split the core no finer than k − 1 steps do.
        var coarse: [Int: Int] = [:]
        for g in core {
            if let p = coarse[sig[g]], p != previous[g] { return nil }
            coarse[sig[g]] = previous[g]
        }
        guard Set(core.map { previous[$0] }).count == coarse.count else { return nil }
        // Groups numbered by first appearance; transitions must agree across each group.
        var group: [Int: Int] = [:]
        for g in core where group[sig[g]] == nil { group[sig[g]] = group.count }
        var table = [[MealyMachine.Transition?]?](repeating: nil, count: group.count)
        for g in core {
            var row: [MealyMachine.Transition?] = []
            for x in 0..<m.alphabetSize {
                guard let t = m.transitions[g][x] else {
                    row.append(nil)
                    continue
                }
                guard let to = group[sig[t.to]] else { return nil }  // leads outside the groups seen
                row.append(.init(to: to, output: t.output))
            }
            let c = group[sig[g]]!
            if let known = table[c], known != row { return nil }
            table[c] = row
        }
        guard let start = group[sig[0]] else { return nil }
        let machine = MealyMachine(
            inputCount: m.inputCount, outputCount: m.outputCount, start: start,
            transitions: table.map { $0! })
        // The claim made of it, checked directly: the machine gives the graph's output on every explored
        // transition reachable from the start (so on every explored sequence, up to length `explored`).
        struct Pair: Hashable { var g: Int, q: Int }
        var seen: Set<Pair> = [Pair(g: 0, q: start)]
        var queue = [Pair(g: 0, q: start)]
        while let p = queue.popLast() {
            for x in 0..<m.alphabetSize {
                guard let t = m.transitions[p.g][x] else { continue }
                guard let u = machine.transitions[p.q][x], u.output == t.output else { return nil }
                let next = Pair(g: t.to, q: u.to)
                if seen.insert(next).inserted { queue.append(next) }
            }
        }
        let (minimal, classOf) = machine.minimized()
        var members = [[Int]](repeating: [], count: minimal.stateCount)
        for g in core { members[classOf[group[sig[g]]!]].append(g) }
        return Result(machine: minimal, members: members, lookahead: k, depth: explored)
    }
}
