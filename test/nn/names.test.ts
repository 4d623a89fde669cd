import { describe, expect, it } from 'vitest';
import { didYouMean, unknownNameMessage } from '../../src/nn/names.js';

describe('did-you-mean', () => {
  const valid = ['relu', 'leaky_relu', 'sigmoid', 'tanh', 'linear'];
  it('suggests close typos only', () => {
    expect(didYouMean('rleu', valid)).toBe('relu');
    expect(didYouMean('Sigmoid', valid)).toBe('sigmoid');
    expect(didYouMean('leakyrelu', valid)).toBe('leaky_relu');
    expect(didYouMean('softplus', valid)).toBeNull();
  });
  it('formats one line listing the valid names', () => {
    expect(unknownNameMessage('activation', 'tahn', valid)).toBe("unknown activation 'tahn' (did you mean 'tanh'?); valid: relu, leaky_relu, sigmoid, tanh, linear");
    expect(unknownNameMessage('activation', 'softplus', valid)).toBe("unknown activation 'softplus'; valid: relu, leaky_relu, sigmoid, tanh, linear");
  });
});
