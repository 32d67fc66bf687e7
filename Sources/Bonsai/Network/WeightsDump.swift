import Foundation

/// Import of the original implementation's weights dump (tinygrad `dump_weights`, docs/design.md A.3):
///
///     { "input_dim": d, "output_dim": n,
///       "cells": [ { "state_size": S, "output_dim": O,
///                    "output_kernel": [(d+S) rows of O], "output_bias": [O] | null,
///                    "recurrent_kernel": [(d+S) rows of S] | null, "recurrent_bias": [S] | null,
///                    "initial_state": [S] | null,
///                    "output_activation": ID, "recurrent_activation": ID } ],
///       "post_layers": [ { "input_dim": O, "output_dim": n, "weights": [n rows of O] (out × in),
///                          "bias": [n], "activation": "linear" } ] }
///
/// ID is "tanh", "sigmoid", "relu", "linear", "ameo" (hard, no leak), {"id": "leaky_ameo", "leakyness": L}
/// or {"id": "interpolated_ameo", "factor": F, "leakyness": L}. Missing biases and states import as 0.
public enum WeightsDump {
    struct Dump: Decodable {
        var input_dim: Int
        var output_dim: Int
        var cells: [Cell]
        var post_layers: [Post]?
    }
    struct Cell: Decodable {
        var state_size: Int
        var output_dim: Int
        var output_kernel: [[Float]]
        var output_bias: [Float]?
        var recurrent_kernel: [[Float]]?
        var recurrent_bias: [Float]?
        var initial_state: [Float]?
        var output_activation: ActivationID
        var recurrent_activation: ActivationID
    }
    struct Post: Decodable {
        var input_dim: Int
        var output_dim: Int
        var weights: [[Float]]
        var bias: [Float]?
        var activation: ActivationID?
    }
    struct ActivationID: Decodable {
        var activation: Activation
        init(from decoder: Decoder) throws {
            struct Obj: Decodable {
                var id: String
                var factor: Float?
                var leakyness: Float?
            }
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) {
                switch s {
                case "ameo": activation = .hardAmeo
                case "tanh", "sigmoid", "relu", "linear": activation = Activation(named: s)!
                default: throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown activation id '\(s)'")
                }
                return
            }
            let o = try c.decode(Obj.self)
            switch o.id {
            case "leaky_ameo": activation = .leakyHardAmeo(o.leakyness ?? 0.1)
            case "interpolated_ameo": activation = .ameo(factor: o.factor ?? 0.5, leakyness: o.leakyness ?? 0.1)
            default: throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown activation id '\(o.id)'")
            }
        }
    }

    /// Reads a weights dump into a network; errors name the file and the offending tensor.
    public static func read(_ url: URL) throws -> Network {
        let dump = try AtomicFile.readJSON(Dump.self, from: url)
        do { return try network(dump) } catch let e as BonsaiError { throw BonsaiError.file(url.path, e.description) }
    }

    static func network(_ dump: Dump) throws -> Network {
        guard !dump.cells.isEmpty else { throw BonsaiError("no cells") }
        let posts = dump.post_layers ?? []
        guard posts.count <= 1 else {
            throw BonsaiError("\(posts.count) post layers; Bonsai networks have at most one")
        }
        if let a = posts.first?.activation?.activation, a != .linear {
            throw BonsaiError("post layer activation \(a.name); only linear post layers are supported")
        }
        let cells = dump.cells.map {
            CellShape(
                outputSize: $0.output_dim, stateSize: $0.state_size, outputActivation: $0.output_activation.activation,
                stateActivation: $0.recurrent_activation.activation,
                bias: $0.output_bias != nil || $0.recurrent_bias != nil)
        }
        let shape = NetworkShape(
            inputSize: dump.input_dim, cells: cells, outputSize: dump.output_dim, postLayer: !posts.isEmpty)
        try shape.validate()
        let layout = ParameterLayout(shape)
        var p = [Float](repeating: 0, count: layout.count)

        func put(_ tensor: Int, _ rows: [[Float]], _ what: String) throws {
            let t = layout.tensors[tensor]
            guard rows.count == t.rows, rows.allSatisfy({ $0.count == t.cols }) else {
                throw BonsaiError("\(what) should be \(t.rows)×\(t.cols)")
            }
            for (i, r) in rows.enumerated() { for (j, v) in r.enumerated() { p[t.offset + i * t.cols + j] = v } }
        }
        func put(_ tensor: Int?, _ values: [Float]?, _ what: String) throws {
            guard let tensor, let values else { return }
            let t = layout.tensors[tensor]
            guard values.count == t.count else { throw BonsaiError("\(what) should have \(t.count) values") }
            for (i, v) in values.enumerated() { p[t.offset + i] = v }
        }
        for (k, c) in dump.cells.enumerated() {
            let t = layout.cells[k]
            try put(t.outputKernel, c.output_kernel, "cells[\(k)].output_kernel")
            if c.state_size > 0 {
                guard let rk = c.recurrent_kernel else { throw BonsaiError("cells[\(k)].recurrent_kernel is missing") }
                try put(t.stateKernel, rk, "cells[\(k)].recurrent_kernel")
            }
            try put(t.outputBias, c.output_bias, "cells[\(k)].output_bias")
            try put(t.stateBias, c.recurrent_bias, "cells[\(k)].recurrent_bias")
            try put(t.initialState, c.initial_state, "cells[\(k)].initial_state")
        }
        if let post = posts.first, let pk = layout.postKernel {
            // The dump stores out × in (tinygrad layout); Bonsai's post kernel is in × out.
            let t = layout.tensors[pk]
            guard post.weights.count == t.cols, post.weights.allSatisfy({ $0.count == t.rows }) else {
                throw BonsaiError("post_layers[0].weights should be \(t.cols)×\(t.rows) (out × in)")
            }
            for m in 0..<t.cols { for j in 0..<t.rows { p[t.offset + j * t.cols + m] = post.weights[m][j] } }
            try put(layout.postBias, post.bias, "post_layers[0].bias")
        }
        guard p.allSatisfy(\.isFinite) else { throw BonsaiError("a weight is not finite") }
        return try Network(shape: shape, parameters: p)
    }
}
