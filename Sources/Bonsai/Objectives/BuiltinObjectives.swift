/// The built-in objectives, by command-line name.
public enum BuiltinObjectives {
    /// The default of `bonsai demo` and `bonsai train`.
    public static let defaultName = "two-ago"

    public static let all: [any Objective] =
        [
            OneAgo(),
            TwoAgo(),
            Passthrough(),
            Replace1With111(),
            BalancedParentheses(),
            Period3Loop(),
            LogicGateSwitcher(),
            TwoModeToggle(),
            AllThreeEqual(),
            RunningParity(),
            AsmInterpreter(),
        ] + TransducerTasks.all + TomitaGrammars.all + CountingObjectives.all

    /// Other names for built-in objectives.
    public static let aliases = ["parity": "running-parity"]

    public static func named(_ name: String) throws -> any Objective {
        let name = aliases[name] ?? name
        if let o = all.first(where: { $0.name == name }) { return o }
        if let p = try RandomMachines.parse(name) { return try RandomMachines.objective(p) }
        throw BonsaiError(
            "unknown objective '\(name)'; known: \(all.map(\.name).joined(separator: ", ")) (see `bonsai objectives`)")
    }
}
