#!/usr/bin/env python3
"""PyTorch CPU peer for `nnlab bench`: the same MLP written the way a PyTorch user writes it
(nn.Sequential of nn.Linear + activation, nn.CrossEntropyLoss, optim.SGD), one thread.

Benchmark reference only — nnlab never needs Python. Meant for Debian's python3-torch under
/usr/bin/python3. That build calls the system BLAS (libblas.so.3): with only the reference BLAS
installed it runs ~10x slower than with OpenBLAS (Debian: libopenblas0-pthread), so the BLAS in
use is reported and flagged. Prints one JSON line: {"samples_per_s", "loss", "blas", "reference_blas"}.

usage: torch_ref.py --hidden 100,200 --activation relu --batch 32 --steps 600 [--outputs 10] [--mnist DIR]
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from numpy_ref import load_mnist  # noqa: E402


def blas_in_use():
    libs = sorted({os.path.realpath(l.split()[-1]) for l in open("/proc/self/maps")
                   if "blas" in l.lower() and l.split()[-1].startswith("/")})
    reference = any("/blas/libblas" in p for p in libs) and not any("openblas" in p for p in libs)
    core = ""
    try:
        import ctypes
        for p in libs:
            lib = ctypes.CDLL(p)
            if hasattr(lib, "openblas_get_corename"):
                lib.openblas_get_corename.restype = ctypes.c_char_p
                core = f" core {lib.openblas_get_corename().decode()}"
                break
    except Exception:
        pass
    return (", ".join(libs) or "none found") + core, reference


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hidden", required=True)
    ap.add_argument("--outputs", type=int, default=10)
    ap.add_argument("--activation", choices=["relu", "sigmoid"], required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--mnist", default=None)
    ap.add_argument("--lr", type=float, default=0.1)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    if a.mnist:
        x8, y = load_mnist(a.mnist)
        X = torch.from_numpy(x8.astype(np.float32) / np.float32(255))
    else:
        X = torch.from_numpy(rng.random((50000, 784)).astype(np.float32))
        y = rng.integers(0, 10, 50000)
    Y = torch.from_numpy(np.asarray(y, dtype=np.int64))
    sizes = [784] + [int(h) for h in a.hidden.split(",")] + [a.outputs]
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        lin = nn.Linear(fan_in, fan_out)
        nn.init.normal_(lin.weight, 0.0, 0.01)
        nn.init.zeros_(lin.bias)
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(nn.ReLU() if a.activation == "relu" else nn.Sigmoid())
    model = nn.Sequential(*layers)
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=a.lr)
    order = torch.from_numpy(rng.permutation(X.shape[0]))
    pos = 0

    def step():
        nonlocal pos
        if pos + a.batch > X.shape[0]:
            pos = 0
        idx = order[pos:pos + a.batch]
        pos += a.batch
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), Y[idx])
        loss.backward()
        opt.step()
        return loss

    for _ in range(max(5, a.steps // 10)):
        step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        loss = step()
    s = time.perf_counter() - t0
    blas, reference = blas_in_use()
    print(json.dumps({"samples_per_s": a.steps * a.batch / s, "loss": float(loss), "blas": blas,
                      "reference_blas": reference, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
