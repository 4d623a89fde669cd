import { describe, expect, it } from 'vitest';
import { bestGuess, closest, editDistance, suggestion } from '../../../src/experiment/spec/suggest.js';

describe('suggestions', () => {
  it('counts edits, with a swap of neighbours as one', () => {
    expect(editDistance('optimiser', 'optimizer')).toBe(1);
    expect(editDistance('sigmod', 'sigmoid')).toBe(1);
    expect(editDistance('rleu', 'relu')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests only plausible typos', () => {
    expect(closest('optimiser', ['name', 'optimizer', 'model'])).toBe('optimizer');
    expect(closest('RELU', ['relu', 'tanh'])).toBe('relu');
    expect(closest('banana', ['relu', 'tanh'])).toBeNull();
  });

  it('knows common synonyms on the last dotted part', () => {
    expect(bestGuess('optimizer.learning_rate', ['optimizer.lr', 'optimizer.name'])).toBe('optimizer.lr');
    expect(bestGuess('seed', ['seeds', 'sweep'])).toBe('seeds');
    expect(bestGuess('model.layers', ['model.hidden', 'model.sizes'])).toBe('model.hidden');
  });

  it('formats a suggestion with or without the list', () => {
    expect(suggestion('sigmod', ['relu', 'sigmoid'])).toBe(' — did you mean "sigmoid"? (valid: relu, sigmoid)');
    expect(suggestion('zzzzzz', ['relu', 'sigmoid'])).toBe(' (valid: relu, sigmoid)');
    expect(suggestion('zzzzzz', ['relu', 'sigmoid'], false)).toBe('');
  });
});
