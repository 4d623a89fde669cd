import { describe, expect, it } from 'vitest';
import { MAX_PARAMETERS, formatCount, maxParameters, parameterCount } from '../../../src/experiment/spec/modelsize.js';
import { applySet } from '../../../src/experiment/spec/overrides.js';
import { parseSpec } from '../../../src/experiment/spec/parse.js';
import { buildModel } from '../../../src/nn/build.js';
import { Rng } from '../../../src/tensor/rng.js';
import { message, yaml } from '../helpers.js';

const model = (hidden: number[], batch_norm = false) => ({
  hidden, batch_norm, activation: 'relu', leaky_slope: 0.01, init: { weights: 'he_normal', biases: 'zeros' },
  dropout: 0, input_dropout: 0, bn_momentum: 0.1, bn_eps: 1e-5,
});

describe('parameterCount', () => {
  it('equals the trainable parameters of the model buildModel makes (dense weights + biases, batch-norm γ and β)', () => {
    const cases: [number[], boolean, number, number][] = [
      [[], false, 64, 10],
      [[100], false, 784, 10],
      [[30, 20, 10], false, 2, 1],
      [[30, 20], true, 64, 10],
      [[5], true, 2, 3],
    ];
    for (const [hidden, bn, inputs, outputs] of cases) {
      const built = buildModel(model(hidden, bn), inputs, outputs, new Rng(1));
      const actual = built.params().reduce((n, p) => n + p.value.data.length, 0);
      expect(parameterCount({ hidden, batch_norm: bn }, inputs, outputs), `${JSON.stringify(hidden)} bn=${bn}`).toBe(actual);
    }
  });

  it('counts by hand: 784-100-10 is 79,510; [65536, 65536] on 2 inputs and 2 outputs is 4,295,360,514', () => {
    expect(parameterCount({ hidden: [100], batch_norm: false }, 784, 10)).toBe(784 * 100 + 100 + 100 * 10 + 10);
    expect(parameterCount({ hidden: [65536, 65536], batch_norm: false }, 2, 2)).toBe(4_295_360_514);
    expect(parameterCount({ hidden: [7068, 7068], batch_norm: false }, 2, 2)).toBe(49_999_034);
    expect(parameterCount({ hidden: [7069, 7069], batch_norm: false }, 2, 2)).toBe(50_013_177);
    expect(formatCount(4_295_360_514)).toBe('4,295,360,514');
    expect(formatCount(999)).toBe('999');
  });

  it('the limit is 50 million unless NNLAB_MAX_PARAMETERS says otherwise', () => {
    expect(MAX_PARAMETERS).toBe(50_000_000);
    expect(maxParameters({})).toBe(50_000_000);
    expect(maxParameters({ NNLAB_MAX_PARAMETERS: '100_000_000' })).toBe(100_000_000);
    expect(() => maxParameters({ NNLAB_MAX_PARAMETERS: 'lots' })).toThrow(
      'NNLAB_MAX_PARAMETERS: must be a positive whole number of parameters (default 50,000,000), got "lots"',
    );
  });
});

describe('the spec refuses a model over the limit, at the line that made it', () => {
  it('hidden: [65536, 65536]', () => {
    expect(message(yaml('name: a', 'data: circles', 'model: { hidden: [65536, 65536] }'))).toBe(
      'x.yaml:3:18: model.hidden [65536,65536] makes a model with 4,295,360,514 trainable parameters (circles: 2 inputs, 2 outputs); ' +
        'the limit is 50,000,000 — use smaller hidden widths (or raise the limit with NNLAB_MAX_PARAMETERS)',
    );
  });

  it('sizes, batch norm and the loss output width are counted', () => {
    // 784·63000 + 63000 + 2·63000 (γ, β) + 63000·10 + 10
    expect(message(yaml('name: a', 'data: mnist', 'model: { sizes: [784, 63000, 10], batch_norm: true }'))).toBe(
      'x.yaml:3:17: model.sizes [784,63000,10] makes a model with 50,211,010 trainable parameters (mnist: 784 inputs, 10 outputs); ' +
        'the limit is 50,000,000 — use smaller hidden widths (or raise the limit with NNLAB_MAX_PARAMETERS)',
    );
    // hinge has one output unit: 2·65536 + 65536 + 65536·1000 + 1000 + 1000·1 + 1
    expect(message(yaml('name: a', 'data: { dataset: circles }', 'loss: hinge', 'model: { hidden: [65536, 1000] }'))).toMatch(
      /^x\.yaml:4:18: model\.hidden \[65536,1000\] makes a model with 65,734,609 trainable parameters \(circles: 2 inputs, 1 outputs\)/,
    );
  });

  it('only the sweep value that is too large is blamed', () => {
    expect(message(yaml('name: a', 'data: digits', 'sweep:', '  model.hidden: [[32], [20000, 3000], [64]]'))).toBe(
      'x.yaml:4:24: model.hidden [20000,3000] makes a model with 61,333,010 trainable parameters (digits: 64 inputs, 10 outputs); ' +
        'the limit is 50,000,000 — use smaller hidden widths (or raise the limit with NNLAB_MAX_PARAMETERS)',
    );
  });

  it('a variant, and a --set override', () => {
    expect(message(yaml('name: a', 'data: circles', 'variants:', '  - name: big', '    set: { model.hidden: [7069, 7069] }'))).toBe(
      'x.yaml:5:26: model.hidden [7069,7069] makes a model with 50,013,177 trainable parameters (circles: 2 inputs, 2 outputs); ' +
        'the limit is 50,000,000 — use smaller hidden widths (or raise the limit with NNLAB_MAX_PARAMETERS) (variant "big")',
    );
    const spec = parseSpec(yaml('name: a', 'data: circles'), 'x.yaml');
    expect(() => applySet(spec, 'model.hidden=[65536, 65536]')).toThrow(
      '--set model.hidden=[65536, 65536]: model.hidden [65536,65536] makes a model with 4,295,360,514 trainable parameters (circles: 2 inputs, 2 outputs); ' +
        'the limit is 50,000,000 — use smaller hidden widths (or raise the limit with NNLAB_MAX_PARAMETERS)',
    );
  });

  it('accepts a model just under the limit (49,999,034 parameters), and with batch norm just over it', () => {
    expect(parseSpec(yaml('name: a', 'data: circles', 'model: { hidden: [7068, 7068] }'), 'x.yaml').base.model.hidden).toEqual([7068, 7068]);
    // + 2·(7068 + 7068) γ and β = 50,027,306
    expect(message(yaml('name: a', 'data: circles', 'model: { hidden: [7068, 7068], batch_norm: true }'))).toMatch(
      /^x\.yaml:3:18: model\.hidden \[7068,7068\] makes a model with 50,027,306 trainable parameters /,
    );
  });
});
