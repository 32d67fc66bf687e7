/// The replayed sequences of a training run (`TrainingProgress.replay`): inputs on which an exact check
/// found a network wrong after it passed random validation. They come from checkpoints, which are
/// untrusted files, so they are checked before use.
enum Replay {
    /// At most this many are kept (the oldest go first): a network wrong on more has a deeper problem
    /// than a few missed patterns.
    static let maxCount = 64

    /// `sequences` with `wrong` added (cut to `capacity` steps), at most `maxCount`.
    static func adding(_ wrong: [Int], to sequences: [[Int]], capacity: Int) -> [[Int]] {
        let s = Array(wrong.prefix(capacity))
        guard !s.isEmpty, !sequences.contains(s) else { return sequences }
        return Array((sequences + [s]).suffix(maxCount))
    }

    /// Throws a one-line error unless every sequence is non-empty and every symbol is one the objective
    /// can produce at that point, and there are at most `maxCount`.
    static func check(_ sequences: [[Int]], objective: some Objective) throws {
        guard sequences.count <= maxCount else {
            throw BonsaiError("checkpoint: \(sequences.count) replayed sequences; at most \(maxCount)")
        }
        for (i, seq) in sequences.enumerated() {
            guard !seq.isEmpty, seq.count <= maxLength else {
                throw BonsaiError("checkpoint: replayed sequence \(i) has \(seq.count) steps; 1 to \(maxLength)")
            }
            var state = objective.start
            for (t, x) in seq.enumerated() {
                guard objective.possibleInputs(in: state).contains(x) else {
                    throw BonsaiError(
                        "checkpoint: replayed sequence \(i) has an input symbol \(x) at step \(t) that \(objective.name) cannot produce there"
                    )
                }
                state = objective.step(state, input: x).next
            }
        }
    }

    /// Longest replayed sequence a checkpoint may hold (a batch tile holds the whole sequence).
    static let maxLength = 10_000
}
