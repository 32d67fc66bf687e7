"""Bonsai vs PyTorch (eager and torch.compile) on the same training-step configs, alternating in one run.

    swift build -c release
    bench/.venv/bin/python bench/compare.py [--rounds 3] [--steps 20] [--threads 2] [--configs small,fsm]

For each config: first checks that the PyTorch model computes Bonsai's step (bonsai bench --dump-step,
check_step.py); then, each round, runs `bonsai bench --config C` (its median ms/step on --threads
threads), the eager PyTorch step and the torch.compile'd step (median over --steps steps each), and
prints the medians over rounds and the ratios. The PyTorch step is forward + backward + regularizer +
Adam on one pre-generated batch (data generation not timed, which favours PyTorch: Bonsai's step
includes generating its batch). torch.compile's compilation happens in a warm-up before timing.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bonsai_torch as bt  # noqa: E402
import check_step  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Sources/Bonsai/Training/Benchmark.swift: (inputs, cells, outputs, batch, length); interpolated Ameo F 0.5 L 0.1,
# default regularizer (lam 0.05, t 0.025, k 10, l1 0.001), Adam lr 0.01.
CONFIGS = {
    "small": (1, [(4, 2)], 1, 1024, 20),
    "fsm": (3, [(16, 10), (16, 10)], 1, 4096, 40),
}
REG = (0.05, 0.025, 10.0, 0.001)


def flops(cfg):
    din, cells, dout, batch, length = cfg
    macs, d = 0, din
    for (o, s) in cells:
        macs += (d + s) * (o + s)
        d = o
    macs += d * dout
    return macs * 6 * batch * length


def bonsai_ms(exe, name, steps, threads):
    out = subprocess.run([exe, "bench", "--config", name, "--steps", str(steps), "--threads", str(threads)],
                         check=True, capture_output=True, text=True).stdout
    row = next(l for l in out.splitlines() if l.split() and l.split()[0] == name)
    return float(row.split()[4])  # columns: config, GFLOP/step, scalar ref ms, 1 thread ms, N threads ms, ...


def torch_step(cfg, compiled, scope="sequence"):
    din, cells, dout, batch, length = cfg
    model = bt.BonsaiNet(din, cells, dout, 0.5, 0.1)
    if compiled and scope == "cell":
        model.cell = torch.compile(bt.cell_step)
    g = torch.Generator().manual_seed(2)
    x = torch.randint(0, 2, (length, batch, din), generator=g).float() * 2 - 1
    y = torch.randint(0, 2, (length, batch, dout), generator=g).float() * 2 - 1
    opt = torch.optim.Adam(model.parameters(), lr=0.01, betas=(0.9, 0.999), eps=1e-8)

    def loss(x, y):
        base, reg = bt.losses(model, x, y, REG)
        return base + reg

    f = torch.compile(loss) if compiled and scope == "sequence" else loss

    def step():
        opt.zero_grad(set_to_none=True)
        f(x, y).backward()
        opt.step()

    t0 = time.perf_counter()
    for _ in range(3):  # warm-up; includes compilation
        step()
    return step, time.perf_counter() - t0


def torch_ms(step, steps):
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bonsai", default=os.path.join(ROOT, ".build/release/bonsai"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--configs", default="small,fsm")
    ap.add_argument("--compile-scope", choices=["sequence", "cell"], default="sequence",
                    help="torch.compile the whole unrolled loss (sequence; slow to compile) or one cell step (cell)")
    ap.add_argument("--skip-compile", action="store_true", help="eager PyTorch only")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    # Subnormal floats (Ameo's spline terms near its knots) slow x86 down; Bonsai's kernel avoids them,
    # so give PyTorch the same: flush them to zero.
    torch.set_flush_denormal(True)
    names = args.configs.split(",")
    for n in names:
        if n not in CONFIGS:
            sys.exit(f"error: --configs: unknown config '{n}' ({', '.join(CONFIGS)})")
    if not os.access(args.bonsai, os.X_OK):
        sys.exit(f"error: --bonsai: {args.bonsai} is not an executable (swift build -c release first)")

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.processor() or platform.platform()}")
    print(f"python {platform.python_version()}, torch {torch.__version__}, threads {args.threads}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in names:
            path = os.path.join(tmp, f"{n}.json")
            subprocess.run([args.bonsai, "bench", "--config", n, "--dump-step", path], check=True, capture_output=True)
            if not check_step.check(path, quiet=True):
                sys.exit(f"error: the PyTorch step does not match Bonsai's on config {n}; not comparing")
            print(f"{n}: PyTorch step matches Bonsai's (loss, regularizer, gradient, Adam update; float64 and float32)", flush=True)

    steps = {}
    for n in names:
        eager, _ = torch_step(CONFIGS[n], False)
        if args.skip_compile:
            steps[n] = (eager, None)
            continue
        comp, warm = torch_step(CONFIGS[n], True, args.compile_scope)
        print(f"{n}: torch.compile ({args.compile_scope}) warm-up (compilation) {warm:.1f} s, not timed", flush=True)
        steps[n] = (eager, comp)
    results = {n: {"bonsai": [], "eager": [], "compile": []} for n in names}
    for r in range(args.rounds):
        for n in names:
            results[n]["bonsai"].append(bonsai_ms(args.bonsai, n, args.steps, args.threads))
            results[n]["eager"].append(torch_ms(steps[n][0], args.steps))
            results[n]["compile"].append(torch_ms(steps[n][1], args.steps) if steps[n][1] else float("nan"))
            print(f"round {r + 1} {n}: bonsai {results[n]['bonsai'][-1]:.2f} ms, eager {results[n]['eager'][-1]:.2f} ms, "
                  f"compile {results[n]['compile'][-1]:.2f} ms", flush=True)

    print()
    print("| config | GFLOP/step | Bonsai ms | Bonsai GFLOP/s | PyTorch eager ms | torch.compile ms | eager / Bonsai | compile / Bonsai |")
    print("|---|---|---|---|---|---|---|---|")
    for n in names:
        b, e, c = (statistics.median(results[n][k]) for k in ("bonsai", "eager", "compile"))
        gf = flops(CONFIGS[n]) / 1e9
        print(f"| {n} | {gf:.3f} | {b:.2f} | {gf / b * 1e3:.1f} | {e:.2f} | {c:.2f} | {e / b:.1f}x | {c / b:.1f}x |")


if __name__ == "__main__":
    main()
