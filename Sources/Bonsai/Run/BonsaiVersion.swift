/// The version `bonsai --version` prints. Raise it with every change to a file format or to the
/// `--json` documents (docs/json-output.md), so a script can tell what it reads.
public enum BonsaiVersion {
    public static let current = "0.2.0"
}
