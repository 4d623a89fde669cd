/** --checkpoint-every N: whole epochs, written as digits; anything else is one line naming the value. */
import { describe, expect, it } from 'vitest';
import { checkpointEvery } from '../../src/cli/run.js';

describe('--checkpoint-every', () => {
  it('takes a whole number of epochs written as digits', () => {
    expect(checkpointEvery(undefined)).toBeUndefined();
    expect(checkpointEvery('1')).toBe(1);
    expect(checkpointEvery('25')).toBe(25);
  });

  it('refuses what Number() would quietly read (0x3, 1e2, " 2", 1.5) and what is not a count', () => {
    for (const bad of ['0', '-1', 'abc', '1.5', 'NaN', 'Infinity', '0x3', '1e2', ' 2', '99999999999999999999']) {
      expect(() => checkpointEvery(bad), bad).toThrow(`--checkpoint-every ${bad}: must be a whole number of epochs from 1 to 999999 (default 1: after every epoch)`);
    }
    expect(() => checkpointEvery('')).toThrow('--checkpoint-every needs a value: a whole number of epochs >= 1');
  });
});
