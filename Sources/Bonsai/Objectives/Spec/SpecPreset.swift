import Yams

/// `preset:` overrides of the training settings, with the command-line option names (`keys`; a cell list
/// is written `cells: [4x4]`).
enum SpecPreset {
    /// Every key `apply` reads, in the order an unknown-key error lists them.
    static let keys = [
        "cells", "activation", "steps", "batch", "length", "lr", "lambda", "reg-normalization", "patience",
        "prune-threshold", "validation-sequences", "validation-length", "schedule", "clip-gradient",
        "noise", "noise-from", "restart-after", "lambda-after-validation", "decay-after",
    ]

    static func apply(_ node: Node, to base: TrainingConfig, at: SpecLocation) throws -> TrainingConfig {
        var t = base
        for (k, v) in try at.mapping(node, "preset") {
            let key = try at.scalar(k, "a preset key")
            func int() throws -> Int {
                guard let i = Int(try at.scalar(v, key)) else { throw at.error(v, "\(key) must be a whole number") }
                return i
            }
            func float() throws -> Float { Float(try at.number(v, key)) }
            switch key {
            case "cells":
                let items = v.sequence.map(Array.init) ?? [v]
                t.cells = try items.map { n in
                    let s = try at.scalar(n, "a cell")
                    let parts = s.split(separator: "x")
                    guard parts.count == 2, let o = Int(parts[0]), let st = Int(parts[1]) else {
                        throw at.error(n, "a cell is OUTPUTxSTATE, e.g. 4x4 (got '\(s)')")
                    }
                    return .init(output: o, state: st)
                }
            case "activation":
                let s = try at.scalar(v, key)
                guard let a = Activation(named: s) else { throw at.error(v, "unknown activation '\(s)'") }
                t.activation = a
            case "steps": t.maxSteps = try int()
            case "batch": t.batchSize = try int()
            case "length": t.sequenceLength = try int()
            case "lr": t.learningRate = try float()
            case "lambda": t.regularizer.lambda = try float()
            case "reg-normalization":
                let s = try at.scalar(v, key)
                guard let n = SparseRegularizer.Normalization(rawValue: s) else {
                    throw at.error(v, "reg-normalization must be mean or sum")
                }
                t.regularizer.normalization = n
            case "patience": t.patience = try int()
            case "prune-threshold": t.pruneThreshold = try float()
            case "validation-sequences": t.validationSequences = try int()
            case "clip-gradient": t.gradientClip = try float()
            case "noise": t.noise = try float()
            case "noise-from": t.noiseFrom = try int()
            case "restart-after": t.restartAfter = PlateauRestart.window(try int())
            case "validation-length": t.validationLength = try int()
            case "lambda-after-validation": t.lambdaAfterValidation = try int()
            case "decay-after": t.decayAfter = try int()
            case "schedule":
                do { t.schedule = try ScheduleStep.parse(try at.scalar(v, key)) } catch let e as BonsaiError {
                    throw at.error(v, e.description)
                }
            default:
                throw at.error(k, "unknown preset key '\(key)'; known: \(keys.joined(separator: ", "))")
            }
        }
        do { try t.validate() } catch let e as BonsaiError { throw at.error(node, "preset: \(e.description)") }
        return t
    }
}
