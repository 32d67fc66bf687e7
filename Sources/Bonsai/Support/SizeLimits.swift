/// Upper bounds on every size a file or option can ask for, checked before anything is allocated: a
/// `--cells 99999x99999` or a network.json claiming 10⁹ units must be a one-line error, not an allocation
/// trap. The bounds are far above what Bonsai's tiny networks need (the presets use cells of at most
/// 16 units, a few hundred parameters) and low enough that the largest allowed run fits in memory.
public enum SizeLimits {
    /// Output or state units of one cell; also a network's input and output size.
    public static let unitsPerCell = 1024
    public static let cells = 16
    /// Parameters of a whole network (Float32; Adam keeps two more copies, each thread one gradient).
    public static let parameters = 4_000_000
    public static let batch = 65_536
    public static let sequenceLength = 100_000
    public static let validationSequences = 10_000_000
    /// Validation sequences × validation length: the steps one validation runs.
    public static let validationSteps = 1_000_000_000
    /// Sequence steps × units of one training workspace (per thread, 64 bytes each): about 256 MiB.
    public static let workspaceLaneSteps = 4_000_000
    public static let threads = 256
    /// Seeds of one run (the first and its restarts) or one sweep.
    public static let seeds = 100_000
    /// Above this many parameters training works but is slow: the CLI says so on stderr.
    public static let slowParameters = 100_000

    /// Graph files: the evaluators and the explainer enumerate input symbols (2^inputs).
    public static let graphInputs = 16
    public static let graphOutputs = 16
    public static let graphNodes = 1_000_000
    public static let graphEdges = 4_000_000

    /// Bytes read from any input file (JSON, YAML, sequences); a larger file is refused, never loaded.
    public static let fileBytes = 512 << 20
    /// Objective spec files are small by nature.
    public static let specBytes = 1 << 20
    /// Nesting of an expression in a spec (`not(not(…))`): the parser recurses once per level.
    public static let expressionDepth = 64

    /// a·b, or nil when it overflows: sizes from files are multiplied before they are compared.
    static func product(_ a: Int, _ b: Int) -> Int? {
        let (p, o) = a.multipliedReportingOverflow(by: b)
        return o ? nil : p
    }

    /// a+b, or nil when it overflows.
    static func sum(_ a: Int, _ b: Int) -> Int? {
        let (s, o) = a.addingReportingOverflow(b)
        return o ? nil : s
    }
}
