import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../../src/experiment/spec/parse.js';
import { expand } from '../../../src/experiment/plan/expand.js';
import { message, yaml } from '../helpers.js';

describe('model.layers', () => {
  it('reads a flow list written as it reads (commas inside calls) to canonical texts', () => {
    const s = parseSpec(yaml('name: a', 'data: mnist', 'model:', '  layers: [conv2d(16, 5), relu, maxpool(2), conv2d(32, 5, stride=1), relu, maxpool(2), flatten, dense(128), relu, dropout(0.5), dense(10)]'), 'x.yaml');
    expect(s.base.model.layers).toEqual(['conv2d(16, 5)', 'relu', 'maxpool(2)', 'conv2d(32, 5)', 'relu', 'maxpool(2)', 'flatten', 'dense(128)', 'relu', 'dropout(0.5)', 'dense(10)']);
  });

  it('leaves MLP configs without the key (their run ids do not change)', () => {
    const s = parseSpec(yaml('name: a', 'data: digits', 'model: { hidden: [8] }'), 'x.yaml');
    expect('layers' in s.base.model).toBe(false);
    const t = parseSpec(yaml('name: a', 'data: digits', 'model: { hidden: [8], layers: null }'), 'x.yaml');
    expect(expand(t)[0]!.id).toBe(expand(s)[0]!.id);
  });

  it('checks shapes at validate time with one line naming the file and the layer', () => {
    expect(message(yaml('name: a', 'data: mnist', 'model:', '  layers: [conv2d(16, 5), relu, maxpool(2), conv2d(32, 8), relu, maxpool(2), flatten, dense(10)]'))).toBe(
      'x.yaml:4:11: model.layers on mnist: layer 6 maxpool(2): input 32×5×5 has an odd size; give the convolution before it padding (conv2d(…, padding=1)), or use another maxpool window or stride',
    );
  });

  it('checks the last width against the loss', () => {
    expect(message(yaml('name: a', 'data: digits', 'model:', '  layers: [flatten, dense(32), relu, dense(2)]'))).toBe(
      'x.yaml:4:11: model.layers on digits: layer 4 dense(2): the network ends with 2 outputs but softmax_cross_entropy on digits (10 classes) needs 10; make the last layer dense(10)',
    );
  });

  it('refuses a layer expression it cannot parse, and MLP keys beside it', () => {
    expect(message(yaml('name: a', 'data: digits', 'model:', '  layers: [flatten, dense(32), rleu, dense(10)]'))).toMatch(/^x\.yaml:4:11: model\.layers: layer 3 "rleu": unknown layer 'rleu' \(did you mean 'relu'\?\)/);
    expect(message(yaml('name: a', 'data: digits', 'model:', '  hidden: [10]', '  layers: [flatten, dense(10)]'))).toMatch(/^x\.yaml:4:3: model\.hidden has no effect on runs whose network is model\.layers \(set by the model section\)/);
    // At its default value an MLP key changes nothing (a run's resolved config, written back, has them all).
    expect(parseSpec(yaml('name: a', 'data: digits', 'model:', '  hidden: [100]', '  layers: [flatten, dense(10)]'), 'x.yaml').base.model.layers).toEqual(['flatten', 'dense(10)']);
  });

  it('sweeps whole layer lists', () => {
    const s = parseSpec(yaml('name: a', 'data: digits', 'sweep:', '  model.layers:', '    - [conv2d(8, 3), relu, maxpool(2), flatten, dense(10)]', '    - [flatten, dense(64), relu, dense(10)]'), 'x.yaml');
    expect(s.sweep['model.layers']).toEqual([['conv2d(8, 3)', 'relu', 'maxpool(2)', 'flatten', 'dense(10)'], ['flatten', 'dense(64)', 'relu', 'dense(10)']]);
    expect(message(yaml('name: a', 'data: digits', 'sweep:', '  model.layers:', '    - [conv2d(8, 3), relu, flatten, dense(10)]', '    - [conv2d(8, 2), maxpool(2), flatten, dense(10)]'))).toBe(
      'x.yaml:6:7: model.layers on digits: layer 2 maxpool(2): input 8×7×7 has an odd size; give the convolution before it padding (conv2d(…, padding=1)), or use another maxpool window or stride',
    );
  });
});

describe('model.layers beside MLP keys in a sweep or variant', () => {
  it('refuses an MLP key that a run with a layer list would ignore, pointing at it', () => {
    expect(message(yaml('name: a', 'data: digits', 'model: { layers: [flatten, dense(10)] }', 'sweep:', '  model.hidden: [[8], [16]]'))).toMatch(/^x\.yaml:5:3: model\.hidden has no effect on runs whose network is model\.layers \(set by the model section\)/);
    expect(message(yaml('name: a', 'data: digits', 'variants:', '  - name: cnn', '    set: { model.layers: [flatten, dense(10)], model.dropout: 0.5 }'))).toMatch(/^x\.yaml:5:48: model\.dropout has no effect on runs whose network is model\.layers \(set by variant "cnn"\)/);
  });

  it('lets variants choose between a layer list and an MLP', () => {
    const s = parseSpec(yaml('name: a', 'data: digits', 'variants:', '  - name: cnn', '    set: { model.layers: [flatten, dense(10)] }', '  - name: mlp', '    set: { model.hidden: [32] }'), 'x.yaml');
    expect(expand(s).map((p) => [p.variant, p.config.model.layers ?? null, p.config.model.hidden])).toEqual([['cnn', ['flatten', 'dense(10)'], [100]], ['mlp', null, [32]]]);
  });
});

describe('model.layers beside MLP keys given on the command line', () => {
  const cnn = () => parseSpec(yaml('name: a', 'data: digits', 'model: { layers: [conv2d(8, 3), relu, flatten, dense(10)] }'), 'x.yaml');
  it('refuses --set and --sweep of an MLP key (it would change the run id, not the net)', async () => {
    const { applyOverrides } = await import('../../../src/experiment/spec/overrides.js');
    const refused = (o: object): string => {
      try {
        applyOverrides(cnn(), o);
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(refused({ set: ['model.dropout=0.5'] })).toMatch(/model\.dropout has no effect on runs whose network is model\.layers — write it into the layer list \(e\.g\. dense\(100\), relu, dropout\(0\.5\)\)/);
    expect(refused({ set: ['model.batch_norm=true'] })).toMatch(/e\.g\. dense\(100\), batchnorm, relu/);
    expect(refused({ set: ['model.activation=tanh'] })).toMatch(/e\.g\. dense\(100\), tanh/);
    expect(refused({ set: ['model.sizes=[64,10]'] })).toMatch(/model\.sizes has no effect/);
    expect(refused({ sweep: ['model.hidden=[64],[32]'] })).toMatch(/model\.hidden has no effect/);
    // The other way round: a layer list given to an MLP spec whose hidden sizes it would ignore.
    const mlp = parseSpec(yaml('name: a', 'data: digits', 'model: { hidden: [64, 64] }'), 'x.yaml');
    expect(() => applyOverrides(mlp, { set: ['model.layers=[flatten, dense(10)]'] })).toThrow(/model\.hidden has no effect/);
    // Keys at their defaults, and keys a layer list reads (init), stay fine.
    expect(refused({ set: ['model.dropout=0', 'model.init.weights=xavier_uniform'] })).toBe('accepted');
  });
});
