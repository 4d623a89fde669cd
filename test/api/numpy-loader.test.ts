/**
 * Saved models: the safetensors file round-trips through loadModel to the same bits, and the
 * numpy-only Python of docs/api.md, run as written, computes nnlab's logits to 1e-6.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainRun } from '../../src/train/trainer.js';
import { decodeModel, encodeModel, loadModel } from '../../src/nn/model-file.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/nn/safetensors.js';
import { makeLoss } from '../../src/nn/losses.js';
import { data, fakeClock, makeConfig } from '../train/fixtures.js';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnlab-numpy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function pythonBlock(): string {
  const md = fs.readFileSync(path.join(root, 'docs/api.md'), 'utf8');
  const blocks = [...md.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks).toHaveLength(1);
  return blocks[0]!;
}

/** Train a small net and keep its saved bytes: final weights and (early stopping) the best epoch's. */
function trained(over: Parameters<typeof makeConfig>[0]) {
  const cfg = makeConfig(over);
  const files: Record<string, Uint8Array> = {};
  const result = trainRun(cfg, data(cfg.data), {
    now: fakeClock(),
    onModel: (kind, model, epoch) => (files[kind] = encodeModel(model, { config: JSON.stringify(cfg), epoch: String(epoch) })),
  });
  return { cfg, result, files };
}

describe('saved models', () => {
  it('safetensors: header length, JSON header, aligned little-endian data; malformed files are one line', () => {
    const bytes = encodeSafetensors({ a: { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) }, b: { shape: [1], data: new Int32Array([-7]) } }, { k: 'v' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({ __metadata__: { k: 'v' }, a: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] }, b: { dtype: 'I32', shape: [1], data_offsets: [24, 28] } });
    const back = decodeSafetensors(bytes);
    expect(Array.from(back.tensors.get('a')!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(back.tensors.get('b')!.data)).toEqual([-7]);
    expect(() => decodeSafetensors(bytes.subarray(0, 20), 'm.safetensors')).toThrow(/^m\.safetensors: not a readable safetensors file \(header length \d+ exceeds the file\)$/);
    expect(() => decodeModel(bytes, 'm.safetensors')).toThrow(/^m\.safetensors: not an nnlab model/);
  });

  it('loadModel gives back the trained model: the same test accuracy to the last bit, best epoch saved too', () => {
    const { cfg, result, files } = trained({ model: { hidden: [24], batch_norm: true }, optimizer: { name: 'adam', lr: 0.01 }, train: { patience: 2, epochs: 12 } });
    const ds = data(cfg.data), loss = makeLoss(cfg.loss);
    // The weights test_accuracy is of: the best epoch's when early stopping restored one, else the final ones.
    const file = path.join(dir, 'bn.safetensors');
    fs.writeFileSync(file, files.best ?? files.final!);
    const model = loadModel(file);
    expect(model.evaluate(ds.test.x, ds.test.y, loss, 256).accuracy).toBe(result.test_accuracy);
    expect(Object.keys(model.buffers())).toEqual(['bn1.running_mean', 'bn1.running_var']);
  });

  it("docs/api.md's numpy-only Python computes nnlab's logits to 1e-6", () => {
    const { cfg, files } = trained({ model: { hidden: [32, 16] }, optimizer: { name: 'adam', lr: 0.01 } });
    const file = path.join(dir, 'mlp.safetensors');
    fs.writeFileSync(file, files.final!);
    const x = data(cfg.data).test.x;
    const xFile = path.join(dir, 'x.f32');
    fs.writeFileSync(xFile, new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength));
    const script = path.join(dir, 'load.py');
    fs.writeFileSync(script, `${pythonBlock()}
import sys
t, meta = load_nnlab(sys.argv[1])
x = np.fromfile(sys.argv[2], '<f4').reshape(-1, ${x.cols})
print(json.dumps(logits(t, meta, x).astype(float).ravel().tolist()))
`);
    let stdout: string;
    try {
      stdout = execFileSync('python3', [script, file, xFile], { encoding: 'utf8', maxBuffer: 64 << 20 });
    } catch (e) {
      throw new Error(`python3 with numpy is needed for this test (apt-get install python3-numpy): ${(e as Error).message}`);
    }
    const py = JSON.parse(stdout) as number[];
    // The same saved weights in float64: what the snippet computes, up to summation order.
    const ours = Array.from(loadModel(file, { dtype: 'float64' }).forward(x.to('float64'), false).data);
    expect(py).toHaveLength(ours.length);
    expect(Math.max(...py.map((v, i) => Math.abs(v - ours[i]!)))).toBeLessThanOrEqual(1e-6);
    expect(Math.max(...ours.map(Math.abs))).toBeGreaterThan(1); // real logits, not zeros
    // nnlab's float32 forward (the one the run used) agrees to float32 rounding: a few ulp of the largest logit.
    const f32 = loadModel(file).forward(x, false).data;
    const scale = Math.max(...ours.map(Math.abs));
    expect(Math.max(...py.map((v, i) => Math.abs(v - f32[i]!)))).toBeLessThanOrEqual(8 * 2 ** -23 * scale);
  });
});
