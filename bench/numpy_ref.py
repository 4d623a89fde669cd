#!/usr/bin/env python3
"""numpy reference for `nnlab bench`: the same MLP training step, timed.

Benchmark reference only — nnlab never needs Python. Run by src/bench (src/bench/peers.ts) with
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 so both sides use one core, pinned to
one CPU, at numpy's best: without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE (which hold a current
OpenBLAS to older kernels) and with glibc malloc keeping freed memory instead of returning it
(numpy allocates fresh temporaries every step, and fresh pages cost ~12 µs each on these VMs).
Prints one JSON line: {"samples_per_s": ..., "loss": ..., "blas": "..."}.

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


def blas_core():
    """Which BLAS and kernel core numpy runs: threadpoolctl when present, else OpenBLAS's own
    get_corename found in the loaded libraries, else numpy.show_config()'s build entry."""
    try:
        from threadpoolctl import threadpool_info
        for i in threadpool_info():
            if i.get("user_api") == "blas":
                return f"{i.get('internal_api')} {i.get('version')} core {i.get('architecture')} ({i.get('num_threads')} thread(s))"
    except Exception:
        pass
    try:
        import ctypes
        libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() and l.split()[-1].startswith("/")})
        for path in libs:
            lib = ctypes.CDLL(path)
            for sym in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename64_", "openblas_get_corename"):
                if hasattr(lib, sym):
                    f = getattr(lib, sym)
                    f.restype = ctypes.c_char_p
                    return f"OpenBLAS core {f().decode()} ({os.path.basename(path)})"
        if libs:
            return ", ".join(os.path.basename(p) for p in libs)
    except Exception:
        pass
    try:
        cfg = np.show_config(mode="dicts")
        b = cfg["Build Dependencies"]["blas"]
        return f"{b.get('name')} {b.get('version')} (core unknown)"
    except Exception:
        return "unknown"


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
    print(json.dumps({"samples_per_s": a.steps * a.batch / s, "loss": float(loss), "blas": blas_core()}))


if __name__ == "__main__":
    main()
