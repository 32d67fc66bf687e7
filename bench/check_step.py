"""Checks that bonsai_torch.py computes Bonsai's training step: same loss, regularizer, gradient and Adam
update on the same weights and batch. Input: a file from `bonsai bench --dump-step FILE`.

    python bench/check_step.py step.json        # exit status 1 on a mismatch
"""
import json
import sys

import torch

import bonsai_torch as bt


def check(path, quiet=False):
    dump = json.load(open(path))
    ok = True
    # float64 is the identity check (same computation up to Double rounding; the dumped gradient is Float32,
    # hence 2e-6 on it). float32 is a sanity check: gradients summed in float32 over a whole batch and
    # 40 steps of BPTT differ from the Double reference by ~1e-5 of the largest entry.
    for dtype, tol in ((torch.float64, 1e-9), (torch.float32, 1e-4)):
        m = bt.model_for_dump(dump, dtype)
        x = torch.tensor(dump["inputs"], dtype=dtype).transpose(0, 1).contiguous()  # [T, B, in]
        y = torch.tensor(dump["targets"], dtype=dtype).transpose(0, 1).contiguous()
        base, reg = bt.losses(m, x, y, bt.reg_args(dump))
        (base + reg).backward()
        g = torch.tensor(bt.flat(m, dump, lambda p: p.grad), dtype=torch.float64)
        want_g = torch.tensor(dump["gradient"], dtype=torch.float64)
        opt = torch.optim.Adam(m.parameters(), lr=dump["learningRate"], betas=(0.9, 0.999), eps=1e-8)
        opt.step()
        after = torch.tensor(bt.flat(m, dump, lambda p: p.detach()), dtype=torch.float64)
        want_after = torch.tensor(dump["afterAdam"], dtype=torch.float64)
        rows = [
            ("loss", abs(base.item() - dump["loss"]) / abs(dump["loss"])),
            ("regularizer", abs(reg.item() - dump["regLoss"]) / abs(dump["regLoss"])),
            # The dumped gradient and parameters are Float32: compare relative to the largest entry.
            ("gradient", ((g - want_g).abs().max() / want_g.abs().max()).item()),
            ("after Adam", ((after - want_after).abs().max() / want_after.abs().max()).item()),
        ]
        limit = {"loss": tol, "regularizer": max(tol, 1e-6), "gradient": max(tol, 2e-6), "after Adam": max(tol, 1e-6)}
        for name, err in rows:
            good = err <= limit[name]
            ok &= good
            if not quiet or not good:
                print(f"{dump['config']:6} {str(dtype)[6:]:8} {name:12} relative difference {err:.2e} (limit {limit[name]:.0e}) {'ok' if good else 'MISMATCH'}")
    return ok


if __name__ == "__main__":
    results = [check(p) for p in sys.argv[1:]]
    sys.exit(0 if all(results) else 1)
