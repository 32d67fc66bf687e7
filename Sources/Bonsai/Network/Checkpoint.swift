import Foundation

/// A network saved as JSON (versioned). Tensors are stored by name with their shape, row-major, so the
/// file is readable and survives changes to the order of the flat buffer. `training` is present in
/// checkpoints a run can resume from.
///
/// ```json
/// { "format": "bonsai-network", "version": 1, "objective": "two-ago",
///   "shape": { "inputSize": 1, "outputSize": 1, "postLayer": true, "cells": [ ... ] },
///   "tensors": [ { "name": "cell0.outputKernel", "rows": 3, "cols": 4, "values": [ ... ] }, ... ],
///   "training": { "step": 1200, "adam": { ... }, ... } }
/// ```
public struct Checkpoint: Codable, Sendable {
    public static let format = "bonsai-network"
    public static let currentVersion = 1

    public var format: String = Checkpoint.format
    public var version: Int = Checkpoint.currentVersion
    public var objective: String
    public var shape: NetworkShape
    public var tensors: [NamedTensor]
    public var training: TrainingProgress?

    public struct NamedTensor: Codable, Sendable, Equatable {
        public var name: String
        public var rows: Int
        public var cols: Int
        public var values: [Float]
    }

    public init(objective: String, network: Network, training: TrainingProgress? = nil) {
        self.objective = objective
        shape = network.shape
        tensors = network.layout.tensors.map {
            NamedTensor(name: $0.name, rows: $0.rows, cols: $0.cols, values: Array(network.values($0)))
        }
        self.training = training
    }

    /// The network, checked against the shape: every tensor present once with the right size, all finite.
    public func network() throws -> Network {
        // The shape's sizes come from the file: check them before the layout multiplies them.
        try shape.validate()
        let layout = ParameterLayout(shape)
        var p = [Float](repeating: 0, count: layout.count)
        var seen = Set<String>()
        for t in tensors {
            guard let slot = layout.tensor(named: t.name) else {
                throw BonsaiError("unknown tensor '\(t.name)' for this shape")
            }
            guard seen.insert(t.name).inserted else { throw BonsaiError("tensor '\(t.name)' appears twice") }
            guard t.rows == slot.rows, t.cols == slot.cols, t.values.count == slot.count else {
                throw BonsaiError("tensor '\(t.name)' should be \(slot.rows)×\(slot.cols) with \(slot.count) values")
            }
            guard t.values.allSatisfy(\.isFinite) else {
                throw BonsaiError("tensor '\(t.name)' has a non-finite value")
            }
            for i in 0..<t.values.count { p[slot.offset + i] = t.values[i] }
        }
        if let missing = layout.tensors.first(where: { !seen.contains($0.name) }) {
            throw BonsaiError("missing tensor '\(missing.name)'")
        }
        return try Network(shape: shape, parameters: p)
    }

    /// Reads a checkpoint; every problem is one line naming the file.
    public static func read(_ url: URL) throws -> Checkpoint {
        try AtomicFile.checkHeader(url, format: format, version: currentVersion, kind: "network")
        let c = try AtomicFile.readJSON(Checkpoint.self, from: url)
        do { _ = try c.network() } catch let e as BonsaiError { throw BonsaiError.file(url.path, e.description) }
        return c
    }

    public func write(_ url: URL) throws { try AtomicFile.writeJSON(self, to: url) }

}

/// Where a training run is, enough to continue it exactly.
public struct TrainingProgress: Codable, Sendable, Equatable {
    /// Steps completed.
    public var step: Int
    public var adam: Adam
    /// Lowered after each NaN recovery.
    public var learningRateFactor: Float = 1
    public var nanRecoveries: Int = 0
    /// First step at which validation passed.
    public var solvedAtStep: Int?
    public var solvedAtSeconds: Double?
    /// The smallest validated network so far: its weights above threshold and step.
    public var bestWeightsAbove: Int?
    public var bestStep: Int?
    public var lastValidationStep: Int = -1_000_000_000
    /// Wall time spent training before this point (all sessions of the run).
    public var seconds: Double = 0
    /// Plateau restarts so far and where the current initialization's watch stands (nil in checkpoints
    /// written before restarts existed: none).
    public var plateau: PlateauRestart.Watch?
    /// Learning-rate halvings on a plateau (`TrainingConfig.decayAfter`): its `restarts` count the halvings.
    public var decay: PlateauRestart.Watch?
    /// Input sequences (symbols) on which an exact check found the network wrong after it passed random
    /// validation (`Trainer.exactCheck`): every later batch trains on them and every validation includes
    /// them (nil: none). Random sequences rarely repeat a short pattern long enough to drive an analog
    /// state to its extreme; the verifier's exploration does.
    public var replay: [[Int]]?
}
