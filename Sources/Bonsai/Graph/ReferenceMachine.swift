/// An objective's reference machine, built once and shared: the machine reachable from its start over
/// `possibleInputs` (not minimized), its minimal machine, and the class of each reachable state. A pruning
/// run builds it once (`Pruning.reference`) for every pass and check that compares with the objective,
/// instead of once per candidate graph.
struct ReferenceMachine: Sendable {
    let machine: MealyMachine
    let minimal: MealyMachine
    /// Per reachable state: its state in `minimal`.
    let classOf: [Int]
    /// How the objective prints reachable state i (its own state type), for messages.
    let describe: @Sendable (Int) -> String

    init<O: Objective>(_ o: O) throws {
        let (m, states) = try MachineExtraction.referenceMachine(o)
        machine = m
        (minimal, classOf) = m.minimized()
        describe = { String(describing: states[$0]) }
    }

    /// nil when the objective's machine is too large to build.
    static func of(_ objective: any Objective) -> ReferenceMachine? {
        func open<O: Objective>(_ o: O) -> ReferenceMachine? { try? ReferenceMachine(o) }
        return open(objective)
    }
}
