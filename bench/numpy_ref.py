#!/usr/bin/env python3
"""numpy reference for `nnlab bench`: the same MLP training step, timed.

Benchmark reference only — nnlab never needs Python. Run by src/bench with
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 so both sides use
one core. Prints one JSON line: {"samples_per_s": ..., "loss": ...}.

usage: numpy_ref.py --hidden 100,200 --activation relu --batch 32 --dtype float64
                    --steps 600 [--outputs 10] [--mnist DIR]   (no --mnist: random data of MNIST's shape)
"""
import argparse
import json
import os
import time

import numpy as np


def load_mnist(folder, rows=50000):
    with open(os.path.join(folder, "train-images-idx3-ubyte"), "rb") as f:
        x = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784)[:rows]
    with open(os.path.join(folder, "train-labels-idx1-ubyte"), "rb") as f:
        y = np.frombuffer(f.read(), dtype=np.uint8, offset=8)[:rows].astype(np.int64)
    return x, y


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hidden", required=True)
    ap.add_argument("--outputs", type=int, default=10)
    ap.add_argument("--activation", choices=["relu", "sigmoid"], required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--dtype", choices=["float32", "float64"], required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--mnist", default=None)
    ap.add_argument("--lr", type=float, default=0.1)
    a = ap.parse_args()
    dt = np.dtype(a.dtype)
    rng = np.random.default_rng(1)

    if a.mnist:
        x8, y = load_mnist(a.mnist)
        X = (x8.astype(dt) / dt.type(255))
    else:
        X = rng.random((50000, 784)).astype(dt)
        y = rng.integers(0, 10, 50000)
    n = X.shape[0]
    sizes = [784] + [int(h) for h in a.hidden.split(",")] + [a.outputs]
    Ws = [(rng.standard_normal((i, o)) * 0.01).astype(dt) for i, o in zip(sizes[:-1], sizes[1:])]
    bs = [np.zeros(o, dtype=dt) for o in sizes[1:]]
    lr = dt.type(a.lr)
    relu = a.activation == "relu"
    order = rng.permutation(n)
    pos = 0

    def step():
        nonlocal pos
        if pos + a.batch > n:
            pos = 0
        idx = order[pos:pos + a.batch]
        pos += a.batch
        xb, yb = X[idx], y[idx]
        hs = [xb]
        h = xb
        for i, (W, b) in enumerate(zip(Ws, bs)):
            z = h @ W + b
            if i < len(Ws) - 1:
                h = np.maximum(z, 0) if relu else 1 / (1 + np.exp(-z))
                hs.append(h)
            else:
                h = z
        z = h - h.max(axis=1, keepdims=True)
        e = np.exp(z)
        p = e / e.sum(axis=1, keepdims=True)
        B = xb.shape[0]
        loss = -np.log(p[np.arange(B), yb]).mean()
        d = p
        d[np.arange(B), yb] -= 1
        d /= B
        for i in range(len(Ws) - 1, -1, -1):
            dW = hs[i].T @ d
            db = d.sum(axis=0)
            if i > 0:
                d = d @ Ws[i].T
                hp = hs[i]
                d = d * (hp > 0) if relu else d * hp * (1 - hp)
            Ws[i] -= lr * dW
            bs[i] -= lr * db
        return loss

    for _ in range(max(5, a.steps // 10)):
        step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        loss = step()
    s = time.perf_counter() - t0
    print(json.dumps({"samples_per_s": a.steps * a.batch / s, "loss": float(loss)}))


if __name__ == "__main__":
    main()
