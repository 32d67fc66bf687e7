"""The Bonsai training step in PyTorch: same model, same loss, same regularizer, same optimizer.

Model (DESIGN.md §4, Sources/Bonsai/Training/ReferenceNetwork.swift): a stack of custom cells; per cell k
and step t, c_t = concat(x_t, s_{t-1}), o_t = f(c_t W_o + b_o), s_t = f(c_t W_r + b_r), s_{-1} trainable;
cell k+1 reads o_t; y_t = o_t W_p + b_p (post layer). f is interpolated Ameo (F, L), implemented below
as a custom autograd function with the exact piecewise value and derivative of
Sources/Bonsai/Activations/Activation.swift. Loss: mean over (sequence, step, output) of (y - target)^2.
Sparse regularizer per kernel tensor (mean normalization): lam * mean(tanh(k(|w| - t)) - tanh(-k t))
+ l1 * mean(|w|). Adam (0.9, 0.999, 1e-8).

The output and state kernels of a cell are stored side by side as one (d+S) x (O+S) matrix so each step
is a single addmm per cell (the same arithmetic; what a PyTorch user would write for speed).
"""
import math

import torch


def _hard(u, l):
    v = torch.where(u <= -2, l * (u + 2),
        torch.where(u <= -1, u + 2,
        torch.where(u <= 0, -u,
        torch.where(u <= 1, u, 1 + l * (u - 1)))))
    d = torch.where(u <= -2, l,
        torch.where(u <= -1, 1.0,
        torch.where(u <= 0, -1.0,
        torch.where(u <= 1, 1.0, l))))
    return v, d


def _soft(u, l):
    a, b, c, e = u + 2, u + 1, u, u - 1
    v = torch.where(u <= -2, l * (u + 2),
        torch.where(u <= -1.5, 8 * a ** 4,
        torch.where(u <= -0.5, 1 - 8 * b ** 4,
        torch.where(u <= 0.5, 8 * c ** 4,
        torch.where(u < 1, 1 - 8 * e ** 4, 1 + l * (u - 1))))))
    d = torch.where(u <= -2, l,
        torch.where(u <= -1.5, 32 * a ** 3,
        torch.where(u <= -0.5, -32 * b ** 3,
        torch.where(u <= 0.5, 32 * c ** 3,
        torch.where(u < 1, -32 * e ** 3, torch.full_like(u, l))))))
    return v, d


class Ameo(torch.autograd.Function):
    """Interpolated Ameo: y = 2(F hard(u) + (1-F) soft(u)) - 1 with u = x/2 - 1/2; dy/dx = F hard' + (1-F) soft'."""

    @staticmethod
    def forward(ctx, x, factor, leakyness):
        u = x / 2 - 0.5
        hv, hd = _hard(u, leakyness)
        sv, sd = _soft(u, leakyness)
        ctx.save_for_backward(factor * hd + (1 - factor) * sd)
        return 2 * (factor * hv + (1 - factor) * sv) - 1

    @staticmethod
    def backward(ctx, grad):
        (d,) = ctx.saved_tensors
        return grad * d, None, None


def cell_step(inp, state, kernel, bias, o, factor, leakyness):
    """One cell, one timestep: (o_t, s_t) from x_t and s_{t-1}."""
    a = Ameo.apply(torch.addmm(bias, torch.cat([inp, state], 1), kernel), factor, leakyness)
    return a[:, :o], a[:, o:]


class BonsaiNet(torch.nn.Module):
    # Replaced by torch.compile(cell_step) for compare.py --compile-scope cell.
    cell = staticmethod(cell_step)

    def __init__(self, input_size, cells, output_size, factor, leakyness, post_layer=True, dtype=torch.float32, seed=1):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.cells = cells  # [(O, S)]
        self.factor, self.leakyness = float(factor), float(leakyness)
        self.kernels, self.biases, self.initial = torch.nn.ParameterList(), torch.nn.ParameterList(), torch.nn.ParameterList()
        d = input_size
        for (o, s) in cells:
            std = math.sqrt(2 / (d + s + o + s))
            self.kernels.append(torch.nn.Parameter(torch.randn(d + s, o + s, generator=g, dtype=dtype) * std))
            self.biases.append(torch.nn.Parameter(torch.zeros(o + s, dtype=dtype)))
            self.initial.append(torch.nn.Parameter(torch.randn(s, generator=g, dtype=dtype) * 0.5))
            d = o
        self.post_layer = post_layer
        if post_layer:
            self.post_kernel = torch.nn.Parameter(torch.randn(d, output_size, generator=g, dtype=dtype) * math.sqrt(2 / (d + output_size)))
            self.post_bias = torch.nn.Parameter(torch.zeros(output_size, dtype=dtype))

    def forward(self, x):
        """x: [T, B, inputs] of +-1 -> y: [T, B, outputs]."""
        steps, batch = x.shape[0], x.shape[1]
        states = [s0.expand(batch, s0.shape[0]) for s0 in self.initial]
        ys = []
        for t in range(steps):
            inp = x[t]
            for k, (o, s) in enumerate(self.cells):
                inp, states[k] = self.cell(inp, states[k], self.kernels[k], self.biases[k], o, self.factor, self.leakyness)
            ys.append(torch.addmm(self.post_bias, inp, self.post_kernel) if self.post_layer else inp)
        return torch.stack(ys)

    def kernel_tensors(self):
        """The regularized tensors, each normalized by its own size as in Bonsai: W_o, W_r per cell, W_p."""
        out = []
        for k, (o, s) in enumerate(self.cells):
            out += [self.kernels[k][:, :o], self.kernels[k][:, o:]]
        if self.post_layer:
            out.append(self.post_kernel)
        return out


def regularizer(model, lam, threshold, steepness, l1):
    shift = math.tanh(-steepness * threshold)
    total = 0
    for w in model.kernel_tensors():
        if w.numel() == 0:
            continue
        a = w.abs()
        total = total + lam * (torch.tanh(steepness * (a - threshold)) - shift).mean() + l1 * a.mean()
    return total


def losses(model, x, y, reg):
    """(mean squared error, regularizer) of a batch."""
    base = ((model(x) - y) ** 2).mean()
    return base, regularizer(model, *reg)


def piece(model, name):
    """(parameter, slicer) for a Bonsai tensor name such as cell0.outputKernel: slicer maps a tensor shaped
    like the parameter to the part that is Bonsai's tensor (kernels rows x cols, vectors 1-D)."""
    if name == "post.kernel":
        return model.post_kernel, lambda t: t
    if name == "post.bias":
        return model.post_bias, lambda t: t
    k = int(name[4:name.index(".")])
    o = model.cells[k][0]
    return {
        "outputKernel": (model.kernels[k], lambda t: t[:, :o]),
        "stateKernel": (model.kernels[k], lambda t: t[:, o:]),
        "outputBias": (model.biases[k], lambda t: t[:o]),
        "stateBias": (model.biases[k], lambda t: t[o:]),
        "initialState": (model.initial[k], lambda t: t),
    }[name[name.index(".") + 1:]]


def load_parameters(model, dump):
    """Copies Bonsai's flat parameters (ParameterLayout order, row-major kernels) into the model."""
    p = dump["parameters"]
    with torch.no_grad():
        for t in dump["tensors"]:
            param, part = piece(model, t["name"])
            dst = part(param.data)
            # Bonsai's parameters are Float32: round the JSON decimals to Float32 first, then widen.
            v = torch.tensor(p[t["offset"]:t["offset"] + t["rows"] * t["cols"]], dtype=torch.float32).to(param.dtype)
            dst.copy_(v.reshape(dst.shape))


def flat(model, dump, get):
    """get(parameter) for every parameter, in Bonsai's flat order."""
    out = [0.0] * len(dump["parameters"])
    for t in dump["tensors"]:
        param, part = piece(model, t["name"])
        out[t["offset"]:t["offset"] + t["rows"] * t["cols"]] = part(get(param)).contiguous().reshape(-1).tolist()
    return out


def f32(x):
    """A Float32 setting as Bonsai widens it to Double (0.1 -> 0.10000000149011612)."""
    return torch.tensor(x, dtype=torch.float32).item()


def model_for_dump(dump, dtype):
    cells = [(c["output"], c["state"]) for c in dump["cells"]]
    m = BonsaiNet(dump["inputSize"], cells, dump["outputSize"], f32(dump["factor"]), f32(dump["leakyness"]), dump["postLayer"], dtype)
    load_parameters(m, dump)
    return m


def reg_args(dump):
    r = dump["regularizer"]
    assert r["normalization"] == "mean" and not r["biases"] and not r["initialStates"], "only Bonsai's default regularizer is reproduced"
    return (f32(r["lambda"]), f32(r["threshold"]), f32(r["steepness"]), f32(r["l1"]))
