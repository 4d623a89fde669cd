#!/usr/bin/env python3
"""Peers for `nnlab bench`'s LeNet-like CNN: the same training step in numpy (im2col) or PyTorch.

Benchmark reference only — nnlab never needs Python. The net, as nnlab's
model.layers writes it (channels last, as nnlab stores images):
  [conv2d(16, 5), relu, maxpool(2), conv2d(32, 5), relu, maxpool(2), flatten, dense(128), relu, dense(10)]
on MNIST batches of 64 (random data of MNIST's shape without --mnist), softmax
cross-entropy, SGD. Prints one JSON line: {"samples_per_s": ..., "loss": ...}.

numpy is given its best setup: float32, every large buffer allocated once before
the timed steps (products and masks into preallocated outputs with out=, im2col by copying a
strided window view into a preallocated buffer, col2im by 25 slice-adds), one
BLAS thread (the caller sets OPENBLAS_NUM_THREADS=1 and removes
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, which would force slower kernels on this
CPU, and sets glibc's MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_ high so that
what numpy still allocates reuses memory instead of faulting in fresh pages). Its max-pool backward routes the gradient through an equality mask
(every tied maximum gets it), the usual vectorized form; the cost is the same.
PyTorch runs on one thread (torch.set_num_threads(1)), float32, NCHW.

usage: lenet_ref.py --impl numpy|torch --steps 200 [--batch 64] [--mnist DIR]
"""
import argparse
import json
import os
import time

import numpy as np

LR = 0.05


def load(folder, rows=50000):
    if folder is None:
        rng = np.random.default_rng(0)
        x = (rng.random((rows, 784)) < 0.2) * rng.integers(0, 256, (rows, 784))
        return x.astype(np.uint8), rng.integers(0, 10, rows)
    with open(os.path.join(folder, "train-images-idx3-ubyte"), "rb") as f:
        x = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784)[:rows]
    with open(os.path.join(folder, "train-labels-idx1-ubyte"), "rb") as f:
        y = np.frombuffer(f.read(), dtype=np.uint8, offset=8)[:rows].astype(np.int64)
    return x, y


def he(rng, fan_in, shape):
    return (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(np.float32)


class NumpyLeNet:
    def __init__(self, B):
        f = np.float32
        rng = np.random.default_rng(1)
        self.W1, self.b1 = he(rng, 25, (25, 16)), np.zeros(16, f)
        self.W2, self.b2 = he(rng, 400, (400, 32)), np.zeros(32, f)
        self.W3, self.b3 = he(rng, 512, (512, 128)), np.zeros(128, f)
        self.W4, self.b4 = he(rng, 128, (128, 10)), np.zeros(10, f)
        self.params = [self.W1, self.b1, self.W2, self.b2, self.W3, self.b3, self.W4, self.b4]
        self.grads = [np.zeros_like(p) for p in self.params]
        z = lambda *s: np.zeros(s, f)
        self.x = z(B, 28, 28, 1)
        self.cols1, self.y1, self.a1, self.p1, self.m1 = z(B, 24, 24, 5, 5, 1), z(B * 576, 16), z(B, 24, 24, 16), z(B, 12, 12, 16), z(B, 24, 24, 16)
        self.cols2, self.y2, self.a2, self.p2, self.m2 = z(B, 8, 8, 5, 5, 16), z(B * 64, 32), z(B, 8, 8, 32), z(B, 4, 4, 32), z(B, 8, 8, 32)
        self.h3, self.a3, self.o = z(B, 128), z(B, 128), z(B, 10)
        self.do, self.da3, self.dp2, self.da2 = z(B, 10), z(B, 128), z(B, 512), z(B, 8, 8, 32)
        self.dcols2, self.dp1, self.da1 = z(B * 64, 400), z(B, 12, 12, 16), z(B, 24, 24, 16)
        self.mask = np.zeros((B, 128), bool)
        self.mk1, self.mk2 = np.zeros((B * 576, 16), bool), np.zeros((B * 64, 32), bool)
        self.B = B

    @staticmethod
    def im2col(x, k, out):
        # (B, H, W, C) → windows (B, OH, OW, C, k, k) → (B, OH, OW, k, k, C), copied into out.
        w = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(1, 2))
        np.copyto(out, w.transpose(0, 1, 2, 4, 5, 3))

    @staticmethod
    def pool(a, p, m):
        B, H, W, C = a.shape
        v = a.reshape(B, H // 2, 2, W // 2, 2, C)
        np.max(v, axis=(2, 4), out=p)
        np.equal(v, p.reshape(B, H // 2, 1, W // 2, 1, C), out=m.reshape(v.shape))

    @staticmethod
    def unpool(dp, m, out):
        B, H, W, C = out.shape
        np.multiply(m.reshape(B, H // 2, 2, W // 2, 2, C), dp.reshape(B, H // 2, 1, W // 2, 1, C), out=out.reshape(B, H // 2, 2, W // 2, 2, C))

    def step(self, xb, yb):
        B = self.B
        self.x[...] = xb.reshape(B, 28, 28, 1)
        self.x *= np.float32(1 / 255)
        self.im2col(self.x, 5, self.cols1)
        np.matmul(self.cols1.reshape(B * 576, 25), self.W1, out=self.y1)
        self.y1 += self.b1
        np.maximum(self.y1.reshape(B, 24, 24, 16), 0, out=self.a1)
        self.pool(self.a1, self.p1, self.m1)
        self.im2col(self.p1, 5, self.cols2)
        np.matmul(self.cols2.reshape(B * 64, 400), self.W2, out=self.y2)
        self.y2 += self.b2
        np.maximum(self.y2.reshape(B, 8, 8, 32), 0, out=self.a2)
        self.pool(self.a2, self.p2, self.m2)
        np.matmul(self.p2.reshape(B, 512), self.W3, out=self.h3)
        self.h3 += self.b3
        np.maximum(self.h3, 0, out=self.a3)
        np.matmul(self.a3, self.W4, out=self.o)
        self.o += self.b4
        # softmax cross-entropy
        o = self.o
        o -= o.max(axis=1, keepdims=True)
        np.exp(o, out=self.do)
        self.do /= self.do.sum(axis=1, keepdims=True)
        loss = -np.log(self.do[np.arange(B), yb] + 1e-30).mean()
        self.do[np.arange(B), yb] -= 1
        self.do /= B
        g = self.grads
        np.matmul(self.a3.T, self.do, out=g[6]); np.sum(self.do, axis=0, out=g[7])
        np.matmul(self.do, self.W4.T, out=self.da3)
        np.greater(self.h3, 0, out=self.mask); self.da3 *= self.mask
        np.matmul(self.p2.reshape(B, 512).T, self.da3, out=g[4]); np.sum(self.da3, axis=0, out=g[5])
        np.matmul(self.da3, self.W3.T, out=self.dp2)
        self.unpool(self.dp2, self.m2, self.da2)
        dy2 = self.da2.reshape(B * 64, 32)
        np.greater(self.y2, 0, out=self.mk2); dy2 *= self.mk2
        np.matmul(self.cols2.reshape(B * 64, 400).T, dy2, out=g[2]); np.sum(dy2, axis=0, out=g[3])
        np.matmul(dy2, self.W2.T, out=self.dcols2)
        self.dp1.fill(0)
        dc = self.dcols2.reshape(B, 8, 8, 5, 5, 16)
        for kh in range(5):
            for kw in range(5):
                self.dp1[:, kh:kh + 8, kw:kw + 8, :] += dc[:, :, :, kh, kw, :]
        self.unpool(self.dp1, self.m1, self.da1)
        dy1 = self.da1.reshape(B * 576, 16)
        np.greater(self.y1, 0, out=self.mk1); dy1 *= self.mk1
        np.matmul(self.cols1.reshape(B * 576, 25).T, dy1, out=g[0]); np.sum(dy1, axis=0, out=g[1])
        for p, gr in zip(self.params, g):
            gr *= np.float32(LR)
            p -= gr
        return float(loss)


def run_numpy(x, y, B, steps):
    net = NumpyLeNet(B)
    rng = np.random.default_rng(2)
    order = rng.permutation(len(x))
    xb = np.zeros((B, 784), np.float32)
    def go(n, start):
        loss = 0.0
        for s in range(n):
            idx = order[((start + s) * B) % (len(x) - B):][:B]
            np.copyto(xb, x[idx])
            loss = net.step(xb, y[idx])
        return loss
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.5:
        go(5, 0)
    t0 = time.perf_counter()
    loss = go(steps, 7)
    return steps * B / (time.perf_counter() - t0), loss


def run_torch(x, y, B, steps):
    import torch
    from torch import nn
    torch.set_num_threads(1)
    torch.manual_seed(1)
    net = nn.Sequential(nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Flatten(), nn.Linear(512, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    lossf = nn.CrossEntropyLoss()
    X = torch.from_numpy(x.astype(np.float32) / 255).reshape(-1, 1, 28, 28)
    Y = torch.from_numpy(y.astype(np.int64))
    perm = torch.from_numpy(np.random.default_rng(2).permutation(len(x)))
    def go(n, start):
        loss = None
        for s in range(n):
            i = ((start + s) * B) % (len(x) - B)
            idx = perm[i:i + B]
            opt.zero_grad()
            loss = lossf(net(X[idx]), Y[idx])
            loss.backward()
            opt.step()
        return float(loss)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.5:
        go(5, 0)
    t0 = time.perf_counter()
    loss = go(steps, 7)
    return steps * B / (time.perf_counter() - t0), loss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--impl", choices=["numpy", "torch"], required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--mnist", default=None)
    a = ap.parse_args()
    x, y = load(a.mnist)
    sps, loss = (run_numpy if a.impl == "numpy" else run_torch)(x, y, a.batch, a.steps)
    print(json.dumps({"samples_per_s": sps, "loss": loss}))


if __name__ == "__main__":
    main()
