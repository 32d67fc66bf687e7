/// An objective's reference machine, built once and shared: the machine reachable from its start over
/// `possibleInputs` (not minimized), its minimal machine, and the class of each reachable state. A pruning
/// run builds it once (`Pruning.reference`) for every pass and check that compares with the objective,
/// instead of once per candidate graph.
struct ReferenceMachine: Sendable {
    let machine: MealyMachine
    let minimal: MealyMachine
    /// Per reachable state: its state in `minimal`.
    let classOf: [Int]
    /// How the objective prints reachable state i (its own state type).
    private let describe: @Sendable (Int) -> String

    init<O: Objective>(_ o: O) throws {
        let (m, states) = try MachineExtraction.referenceMachine(o)
        machine = m
        (minimal, classOf) = m.minimized()
        describe = { String(describing: states[$0]) }
    }

    /// Per state of the minimal machine: the objective's states behind it as the objective prints them (the
    /// first three, then how many more), for explanations and messages.
    func classNames() -> [String] {
        var members = [[Int]](repeating: [], count: minimal.stateCount)
        for (r, c) in classOf.enumerated() where c >= 0 { members[c].append(r) }
        return members.map { ms in
            ms.prefix(3).map(describe).joined(separator: " | ") + (ms.count > 3 ? " and \(ms.count - 3) more" : "")
        }
    }

    /// nil when the objective's machine is too large to build.
    static func of(_ objective: any Objective) -> ReferenceMachine? {
        func open<O: Objective>(_ o: O) -> ReferenceMachine? { try? ReferenceMachine(o) }
        return open(objective)
    }
}
