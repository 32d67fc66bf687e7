/// What the command line names as the objective: a built-in name, or a spec file (`--objective-file`, or
/// an `--objective` ending in .yaml/.yml).
public enum ObjectiveChoice {
    public static func resolve(name: String, file: String?) throws -> any Objective {
        if let file { return try ObjectiveSpec.load(path: file) }
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { return try ObjectiveSpec.load(path: name) }
        return try BuiltinObjectives.named(name)
    }
}
