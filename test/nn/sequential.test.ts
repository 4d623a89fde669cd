import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { Sequential, type ModelJSON } from '../../src/nn/sequential.js';
import { Dense } from '../../src/nn/dense.js';
import { ReLU } from '../../src/nn/activations.js';
import { buildModel } from '../../src/nn/build.js';
import { makeLoss } from '../../src/nn/losses.js';
import { zeroGrads } from '../../src/nn/param.js';
import { modelSpec } from './fixtures.js';
import { labelsFor, randn } from './helpers.js';

const fullSpec = modelSpec({ batch_norm: true, dropout: 0.3, input_dropout: 0.1, activation: 'leaky_relu', leaky_slope: 0.05 });

/** A trained-looking model: a few training forwards move the batch-norm running stats. */
function warmModel(seed = 1): { model: Sequential; x: Matrix } {
  const model = buildModel(fullSpec, 7, 4, new Rng(seed));
  const x = randn(50, 7, 'seq-x', 2).to('float32');
  for (let i = 0; i < 3; i++) model.forward(x, true);
  return { model, x };
}

describe('Sequential', () => {
  it('chains forward and backward by hand', () => {
    const d = new Dense(2, 2, { rng: new Rng(1), dtype: 'float64' });
    d.W.value.data.set([1, -1, 2, 1]);
    const model = new Sequential([d, new ReLU()]);
    const x = Matrix.fromRows([[1, 1]], 'float64'); // XW = [3, 0] → relu [3, 0]
    const seen: number[][] = [];
    expect(Array.from(model.forward(x, true, (_i, h) => seen.push(Array.from(h.data))).data)).toEqual([3, 0]);
    expect(seen).toEqual([[3, 0], [3, 0]]);
    // dy = [1, 1] → relu passes [1, 0] → dX = [1, 0]·Wᵀ = [1, 2]
    expect(Array.from(model.backward(Matrix.fromRows([[1, 1]], 'float64')).data)).toEqual([1, 2]);
    expect(Array.from(d.W.grad.data)).toEqual([1, 0, 1, 0]);
  });

  it('Dense→ReLU runs fused (bias and activation in one pass) with the bits and gradients of the separate layers', () => {
    // forward with onLayer takes the layer-by-layer path, so it is the reference.
    const spec = modelSpec({ activation: 'relu', hidden: [13, 9] });
    for (const dtype of ['float32', 'float64'] as const) {
      const fused = buildModel(spec, 7, 4, new Rng(5), dtype), plain = buildModel(spec, 7, 4, new Rng(5), dtype);
      const x = randn(33, 7, 'fuse-x').to(dtype), y = labelsFor(33, 4, 'fuse-y');
      const loss = makeLoss('softmax_cross_entropy');
      const outF = fused.forward(x, true).clone();
      const lf = loss.forward(outF, y);
      fused.backward(loss.backward());
      const outP = plain.forward(x, true, () => {}).clone();
      const lp = loss.forward(outP, y);
      plain.backward(loss.backward());
      expect(lf).toBe(lp);
      expect(Array.from(outF.data)).toEqual(Array.from(outP.data));
      const gf = fused.params().map((p) => Array.from(p.grad.data)), gp = plain.params().map((p) => Array.from(p.grad.data));
      expect(gf).toEqual(gp);
      expect(gf.flat().some((v) => v !== 0)).toBe(true);
    }
  });

  it('onLayer visits every layer in order with the output that layer alone computes', () => {
    const { model, x } = warmModel();
    const visited: number[] = [], seen: number[][] = [];
    const out = model.forward(x, false, (i, h) => {
      visited.push(i);
      seen.push(Array.from(h.data));
    });
    expect(visited).toEqual(model.layers.map((_l, i) => i));
    expect(seen[seen.length - 1]).toEqual(Array.from(out.data));
    // Each layer run by hand on the previous visited output gives the next one.
    for (let i = 1; i < model.layers.length; i++) {
      const prev = new Matrix(x.rows, seen[i - 1]!.length / x.rows, Float32Array.from(seen[i - 1]!));
      expect(Array.from(model.layers[i]!.forward(prev, false).data)).toEqual(seen[i]);
    }
  });

  it('backward with inputGrad=false gives the same param grads and skips dX', () => {
    const model = buildModel(fullSpec, 7, 4, new Rng(3), 'float64');
    for (const l of model.layers) if ('frozen' in l) (l as { frozen: boolean }).frozen = false;
    const x = randn(6, 7, 'ig'), y = labelsFor(6, 4, 'ig');
    const loss = makeLoss('softmax_cross_entropy');
    const grads = (inputGrad: boolean) => {
      zeroGrads(model.params());
      for (const l of model.layers) if ('frozen' in l) (l as { frozen: boolean }).frozen = true;
      loss.forward(model.forward(x, true), y);
      const dx = model.backward(loss.backward(), inputGrad);
      return { dx, g: model.params().map((p) => Array.from(p.grad.data)) };
    };
    const withDx = grads(true), without = grads(false);
    expect(without.g).toEqual(withDx.g);
    expect(withDx.dx.shape).toEqual([6, 7]);
    expect(without.dx.size).toBe(0);
  });

  it('evaluate matches unbatched loss and accuracy, in eval mode', () => {
    const { model, x } = warmModel();
    const y = labelsFor(50, 4, 'eval-y');
    const loss = makeLoss('softmax_cross_entropy');
    const out = model.forward(x, false).clone();
    const full = loss.forward(out, y);
    const pred = loss.predict(out);
    const acc = pred.filter((p, i) => p === y[i]).length / 50;
    const ev = model.evaluate(x, y, loss, 7); // 7 does not divide 50: a ragged last batch
    expect(ev.loss).toBeCloseTo(full, 5);
    expect(ev.accuracy).toBe(acc);
    expect(Array.from(model.predict(x, loss))).toEqual(Array.from(pred));
    // eval mode: repeated calls agree (no dropout, running stats untouched)
    expect(model.evaluate(x, y, loss).loss).toBeCloseTo(ev.loss, 5);
    expect(() => model.evaluate(x, y.subarray(1), loss)).toThrow(/50 rows but 49 labels/);
  });

  it('save/load round-trips architecture, weights and running stats to identical predictions', () => {
    const { model, x } = warmModel();
    const json = JSON.parse(JSON.stringify(model.toJSON())) as ModelJSON;
    expect(json.layers.map((l) => l.kind)).toEqual(model.layers.map((l) => l.kind));
    expect(Object.keys(json.buffers)).toEqual(['bn1.running_mean', 'bn1.running_var', 'bn2.running_mean', 'bn2.running_var']);
    const copy = Sequential.fromJSON(json);
    const before = Array.from(model.forward(x, false).data);
    expect(Array.from(copy.forward(x, false).data)).toEqual(before);
    // loadWeights into a freshly built (differently seeded) model of the same architecture
    const other = buildModel(fullSpec, 7, 4, new Rng(99));
    expect(Array.from(other.forward(x, false).data)).not.toEqual(before);
    other.loadWeights(json);
    expect(Array.from(other.forward(x, false).data)).toEqual(before);
  });

  it('loading into a different architecture throws a clear error and changes nothing', () => {
    const { model } = warmModel();
    const json = model.toJSON();
    const wider = buildModel({ ...fullSpec, hidden: [8, 5] }, 7, 4, new Rng(1));
    const w0 = Array.from(wider.params()[0]!.value.data);
    expect(() => wider.loadWeights(json)).toThrow(/loadWeights: parameter 'dense1.W' has shape \[7, 6\] in the saved weights but \[7, 8\] in the model — rebuild the model/);
    expect(Array.from(wider.params()[0]!.value.data)).toEqual(w0);
    const noBn = buildModel({ ...fullSpec, batch_norm: false }, 7, 4, new Rng(1));
    expect(() => noBn.loadWeights(json)).toThrow(/saved weights have bn1.gamma, bn1.beta, bn2.gamma, bn2.beta, bn1.running_mean/);
    const deeper = buildModel({ ...fullSpec, hidden: [6, 5, 5] }, 7, 4, new Rng(1));
    expect(() => deeper.loadWeights(json)).toThrow(/dense3.W' has shape \[5, 4\] in the saved weights but \[5, 5\]/);
    expect(() => Sequential.fromJSON({ format: 'x' } as unknown as ModelJSON)).toThrow(/not a saved nnlab model/);
  });

  it('rejects duplicate parameter names', () => {
    const a = new Dense(2, 2, { name: 'd', rng: new Rng(1) });
    const b = new Dense(2, 2, { name: 'd', rng: new Rng(1) });
    expect(() => new Sequential([a, b])).toThrow(/two parameters are named 'd.W'/);
  });
});
