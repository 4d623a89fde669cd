import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/tensor/rng.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { joinPieces, parseLayerExpr } from '../../src/nn/layer-expr.js';
import { denseCount, planStack, StackError } from '../../src/nn/stack.js';
import { buildModel } from '../../src/nn/build.js';
import { Sequential } from '../../src/nn/sequential.js';
import { checkModel, maxError } from '../../src/nn/gradcheck.js';
import { makeLoss } from '../../src/nn/losses.js';
import { labelsFor, randn } from './helpers.js';
import { modelSpec } from './fixtures.js';

const LENET = ['conv2d(16, 5)', 'relu', 'maxpool(2)', 'conv2d(32, 5)', 'relu', 'maxpool(2)', 'flatten', 'dense(128)', 'relu', 'dropout(0.5)', 'dense(10)'];

describe('layer expressions', () => {
  it('parse positional and keyword arguments to one canonical text', () => {
    expect(parseLayerExpr('conv2d(16, 5)')).toEqual({ name: 'conv2d', args: { filters: 16, kernel: 5, stride: 1, padding: 0 }, text: 'conv2d(16, 5)' });
    expect(parseLayerExpr(' conv2d( 16,5, stride=1, padding = 2 )').text).toBe('conv2d(16, 5, padding=2)');
    expect(parseLayerExpr('conv2d(16, 5, 2)').text).toBe('conv2d(16, 5, stride=2)');
    expect(parseLayerExpr('maxpool(2)').args).toEqual({ kernel: 2, stride: 2 });
    expect(parseLayerExpr('maxpool(3, stride=2)').text).toBe('maxpool(3, stride=2)');
    expect(parseLayerExpr('RELU').text).toBe('relu');
    expect(parseLayerExpr('dropout(0.5)').args).toEqual({ p: 0.5 });
  });

  it('explain what is wrong', () => {
    expect(() => parseLayerExpr('conv2d(16)')).toThrow('conv2d needs its kernel; usage: conv2d(filters, kernel, stride=1, padding=0)');
    expect(() => parseLayerExpr('maxpol(2)')).toThrow(/unknown layer 'maxpol' \(did you mean 'maxpool'\?\)/);
    expect(() => parseLayerExpr('dense(1.5)')).toThrow(/units must be an integer from 1 to 65536, got '1.5'/);
    expect(() => parseLayerExpr('dropout(1)')).toThrow(/p must be a number in \[0, 1\)/);
    expect(() => parseLayerExpr('conv2d(16, 5, size=3)')).toThrow(/conv2d has no argument 'size'/);
    expect(() => parseLayerExpr('conv2d(16, kernel=5, 3)')).toThrow(/positional argument follows a keyword/);
    expect(() => parseLayerExpr('relu(2)')).toThrow(/relu takes at most 0 argument/);
  });

  it('join the pieces a YAML flow list cuts at commas', () => {
    expect(joinPieces(['conv2d(16', 5, 'stride=2)', 'relu', 'dense(10)'])).toEqual(['conv2d(16, 5, stride=2)', 'relu', 'dense(10)']);
    expect(joinPieces([{ a: 1 }])).toBeNull();
  });
});

describe('planStack', () => {
  it('follows MNIST through a LeNet-like list', () => {
    const plan = planStack(LENET, { c: 1, h: 28, w: 28 }, 10);
    expect(plan.layers.map((l) => l.output)).toEqual([
      { c: 16, h: 24, w: 24 }, { c: 16, h: 24, w: 24 }, { c: 16, h: 12, w: 12 },
      { c: 32, h: 8, w: 8 }, { c: 32, h: 8, w: 8 }, { c: 32, h: 4, w: 4 }, 512, 128, 128, 128, 10,
    ]);
    expect(plan.params).toBe(25 * 16 + 16 + 400 * 32 + 32 + 512 * 128 + 128 + 128 * 10 + 10);
    expect(plan.dense).toBe(2);
    expect(denseCount({ hidden: [1], layers: LENET })).toBe(2);
    expect(denseCount({ hidden: [4, 4] })).toBe(3);
  });

  it.each([
    [['conv2d(32, 3)', 'maxpool(2)', 'flatten', 'dense(10)'], { c: 1, h: 7, w: 7 }, 1, 'layer 2 maxpool(2): input 32×5×5 has an odd size; give the convolution before it padding (conv2d(…, padding=1)), or use another maxpool window or stride'],
    [['conv2d(4, 9)', 'flatten', 'dense(10)'], { c: 1, h: 8, w: 8 }, 0, 'layer 1 conv2d(4, 9): its 9×9 kernel is larger than the input 1×8×8; use a smaller kernel or more padding'],
    [['conv2d(4, 3)', 'dense(10)'], { c: 1, h: 8, w: 8 }, 1, 'layer 2 dense(10): its input is the image 4×6×6; put flatten before it'],
    [['dense(10)', 'conv2d(4, 3)'], 2, 1, 'layer 2 conv2d(4, 3): needs an image (channels×height×width) but gets 10 flat features; convolutions come before flatten, on image data (mnist, digits)'],
    [['conv2d(4, 3)'], { c: 1, h: 8, w: 8 }, 0, 'layer 1 conv2d(4, 3): the network ends in the image 4×6×6; end with flatten and a dense layer of the output width'],
    [['flatten', 'dense(7)'], { c: 1, h: 8, w: 8 }, 1, 'layer 2 dense(7): the network ends with 7 outputs but the loss needs 10; make the last layer dense(10)'],
    [['maxpool(3, stride=2)', 'flatten', 'dense(10)'], { c: 1, h: 8, w: 8 }, 0, 'layer 1 maxpool(3, stride=2): input 1×8×8 does not divide into 3×3 windows 2 apart; give the convolution before it padding (conv2d(…, padding=1)), or use another maxpool window or stride'],
  ] as const)('refuses %j on %j naming the layer', (layers, input, index, message) => {
    let err: unknown;
    try {
      planStack(layers, input, 10);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StackError);
    expect((err as StackError).message).toBe(message);
    expect((err as StackError).index).toBe(index);
  });
});

describe('a built CNN', () => {
  const layers = ['conv2d(3, 3, padding=1)', 'batchnorm', 'tanh', 'maxpool(2)', 'conv2d(4, 2, stride=2)', 'leaky_relu', 'avgpool(1)', 'flatten', 'dense(5)', 'batchnorm', 'sigmoid', 'dense(3)'];

  it('passes the whole-model gradient check (float64, train mode, L2)', () => {
    const model = buildModel(modelSpec({ layers }), 36, 3, new Rng('cnn-gc'), 'float64', { imageShape: [6, 6] });
    expect(model.layers.map((l) => l.kind)).toEqual(['conv2d', 'batchnorm2d', 'tanh', 'maxpool', 'conv2d', 'leaky_relu', 'avgpool', 'flatten', 'dense', 'batchnorm', 'sigmoid', 'dense']);
    expect(model.params().map((p) => p.name)).toEqual(['conv1.W', 'conv1.b', 'bn1.gamma', 'bn1.beta', 'conv2.W', 'conv2.b', 'dense1.W', 'dense1.b', 'bn2.gamma', 'bn2.beta', 'dense2.W', 'dense2.b']);
    const x = randn(4, 36, 'cnn-gc-x');
    // Keep the max-pool windows free of near-ties, so the check sees no kinks.
    const order = Array.from(x.data.keys()).sort((i, j) => x.data[i]! - x.data[j]!);
    order.forEach((i, r) => (x.data[i] = r * 0.02 - 1.4));
    const y = labelsFor(4, 3, 'cnn-gc-y');
    expect(maxError(checkModel(model, makeLoss('softmax_cross_entropy'), x, y, { l2: 0.01 }))).toBeLessThan(1e-5);
  });

  it('saves and restores itself with the same outputs', () => {
    const model = buildModel(modelSpec({ layers }), 36, 3, new Rng('cnn-save'), 'float32', { imageShape: [6, 6] });
    const x = new Matrix(2, 36, Float32Array.from(randn(2, 36, 'cnn-save-x').data));
    model.forward(x, true); // moves the batch-norm running stats
    const again = Sequential.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(again.forward(x, false).data)).toEqual(Array.from(model.forward(x, false).data));
  });
});
