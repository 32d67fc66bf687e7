/// A deterministic Mealy machine over bit-set symbols, possibly partial: a state defines a transition only
/// for the input symbols that can occur there. Objectives such as balanced-parentheses restrict their input
/// by state (no ')' at depth 0), so "which inputs are allowed" is part of a state's behaviour.
///
/// Two states are equivalent when they allow the same inputs, give the same outputs on them, and move to
/// equivalent states. That is the notion `minimized()` computes and `compare` checks; for total machines it
/// is ordinary Mealy equivalence.
public struct MealyMachine: Equatable, Sendable {
    public struct Transition: Equatable, Sendable {
        public var to: Int
        public var output: Int
        public init(to: Int, output: Int) {
            self.to = to
            self.output = output
        }
    }

    public var inputCount: Int
    public var outputCount: Int
    public var start: Int
    /// transitions[state][input symbol]; nil where the input cannot occur.
    public var transitions: [[Transition?]]

    public init(inputCount: Int, outputCount: Int, start: Int, transitions: [[Transition?]]) {
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.start = start
        self.transitions = transitions
    }

    public var stateCount: Int { transitions.count }
    public var alphabetSize: Int { 1 << inputCount }

    /// The outputs on an input sequence from the start; nil once an input is not allowed.
    public func run(_ inputs: [Int]) -> [Int]? {
        var s = start, out: [Int] = []
        for x in inputs {
            guard let t = transitions[s][x] else { return nil }
            out.append(t.output)
            s = t.to
        }
        return out
    }

    /// The minimal equivalent machine, by partition refinement (Moore): start from the partition by allowed
    /// inputs and their outputs, split blocks by the blocks of their successors until nothing splits. Only
    /// states reachable from the start are kept, numbered in breadth-first order over input symbols, so
    /// equivalent machines minimize to identical values.
    ///
    /// Also returns, for each state of `self`, its state in the minimal machine (-1 when unreachable).
    public func minimized() -> (machine: MealyMachine, classOf: [Int]) {
        let n = stateCount, k = alphabetSize
        var block = [Int](repeating: 0, count: n)
        var ids: [[Int]: Int] = [:]
        // Signature of a state: per input, −1 when not allowed, else its output.
        for s in 0..<n {
            let sig = (0..<k).map { transitions[s][$0]?.output ?? -1 }
            block[s] = ids[sig, default: ids.count]
            if ids[sig] == nil { ids[sig] = block[s] }
        }
        var count = ids.count
        while true {
            var refined: [[Int]: Int] = [:]
            var next = [Int](repeating: 0, count: n)
            for s in 0..<n {
                let sig = [block[s]] + (0..<k).map { x in transitions[s][x].map { block[$0.to] } ?? -1 }
                if let id = refined[sig] {
                    next[s] = id
                } else {
                    next[s] = refined.count
                    refined[sig] = next[s]
                }
            }
            block = next
            if refined.count == count { break }
            count = refined.count
        }
        // Renumber reachable blocks in breadth-first order from the start.
        var number = [Int](repeating: -1, count: count)
        var representative: [Int] = []
        number[block[start]] = 0
        representative.append(start)
        var head = 0
        while head < representative.count {
            let s = representative[head]
            head += 1
            for x in 0..<k {
                guard let t = transitions[s][x], number[block[t.to]] < 0 else { continue }
                number[block[t.to]] = representative.count
                representative.append(t.to)
            }
        }
        let table = representative.map { s in
            (0..<k).map { x in transitions[s][x].map { Transition(to: number[block[$0.to]], output: $0.output) } }
        }
        let classOf = (0..<n).map { number[block[$0]] }
        return (MealyMachine(inputCount: inputCount, outputCount: outputCount, start: 0, transitions: table), classOf)
    }

    /// How `self` relates to `reference`, on the inputs the reference allows.
    public struct Comparison: Equatable, Sendable {
        /// Same outputs on every input sequence the reference allows (and `self` allows them all).
        public var equivalent: Bool
        /// Equivalent, with a one-to-one correspondence of states that preserves allowed inputs,
        /// outputs and transitions (a renaming).
        public var isomorphic: Bool
        /// The shortest input sequence on which they differ, when not equivalent: its last input gives a
        /// different output, or is allowed by the reference but not by `self`.
        public var counterexample: [Int]?
        /// For each state of `self`, the reference state it runs alongside (when it is exactly one).
        public var correspondence: [Int?]
    }

    /// Breadth-first search over pairs (state of self, state of reference) from the two starts, on the
    /// reference's allowed inputs: the first pair that disagrees gives a shortest distinguishing sequence.
    public func compare(to reference: MealyMachine) -> Comparison {
        let k = min(alphabetSize, reference.alphabetSize)
        struct Pair: Hashable { var a: Int, b: Int }
        var seen: [Pair: Int] = [Pair(a: start, b: reference.start): 0]
        var pairs = [Pair(a: start, b: reference.start)]
        var parent: [(Int, Int)] = [(-1, -1)]
        var head = 0
        func path(_ i: Int) -> [Int] {
            var p: [Int] = [], i = i
            while i > 0 {
                p.append(parent[i].1)
                i = parent[i].0
            }
            return p.reversed()
        }
        var partners = [Set<Int>](repeating: [], count: stateCount)
        var sameInputs = true
        while head < pairs.count {
            let i = head, p = pairs[head]
            head += 1
            partners[p.a].insert(p.b)
            for x in 0..<reference.alphabetSize {
                let mine = x < alphabetSize ? transitions[p.a][x] : nil
                guard let r = reference.transitions[p.b][x] else {
                    if mine != nil { sameInputs = false }
                    continue
                }
                guard x < k, let t = mine, t.output == r.output else {
                    return Comparison(
                        equivalent: false, isomorphic: false, counterexample: path(i) + [x],
                        correspondence: Array(repeating: nil, count: stateCount))
                }
                let q = Pair(a: t.to, b: r.to)
                if seen[q] == nil {
                    seen[q] = pairs.count
                    pairs.append(q)
                    parent.append((i, x))
                }
            }
        }
        let correspondence = partners.map { $0.count == 1 ? $0.first : nil }
        let images = correspondence.compactMap { $0 }
        let isomorphic =
            sameInputs && stateCount == reference.stateCount && images.count == stateCount
            && Set(images).count == stateCount
        return Comparison(equivalent: true, isomorphic: isomorphic, counterexample: nil, correspondence: correspondence)
    }

    /// A symbol as a bit string, one character per bit in bit order: "101" is bit 0 and bit 2 set.
    public static func label(_ symbol: Int, bits: Int) -> String {
        String((0..<bits).map { (symbol >> $0) & 1 == 1 ? "1" : "0" })
    }
}
