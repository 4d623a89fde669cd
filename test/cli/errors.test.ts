import { describe, expect, it } from 'vitest';
import { describeError, RuntimeError, UsageError } from '../../src/cli/errors.js';
import { SpecError } from '../../src/experiment/spec/errors.js';
import { ShardError } from '../../src/experiment/cluster/shard.js';
import { LockedError } from '../../src/experiment/store/lock.js';

describe('describeError', () => {
  it('maps input errors to exit 2 and run-time ones to exit 1, one line each', () => {
    expect(describeError(new SpecError('x.yaml', 7, 3, 'unknown key "lr"'), false)).toEqual({ code: 2, line: 'nnlab: x.yaml:7:3: unknown key "lr"' });
    expect(describeError(new UsageError('--workers 0: must be\n a whole number'), false)).toEqual({ code: 2, line: 'nnlab: --workers 0: must be a whole number' });
    expect(describeError(new ShardError('--shard 5/2: bad'), false).code).toBe(2);
    expect(describeError(new LockedError('results/q is in use'), false)).toEqual({ code: 1, line: 'nnlab: results/q is in use' });
    expect(describeError(new RuntimeError('report failed'), false).code).toBe(1);
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: 'results/q/runs.csv' });
    expect(describeError(enospc, false)).toEqual({ code: 1, line: 'nnlab: results/q/runs.csv: disk full (ENOSPC); free some space in results/q and run the same command again (runs recorded so far are kept)' });
  });

  it('an unexpected error is one line asking for a report; NNLAB_DEBUG adds the stack', () => {
    const e = new TypeError("Cannot read properties of undefined (reading 'x')");
    const plain = describeError(e, false);
    expect(plain.code).toBe(1);
    expect(plain.line).toBe("nnlab: unexpected error: Cannot read properties of undefined (reading 'x') — please report this (NNLAB_DEBUG=1 shows the stack trace)");
    expect(plain.line).not.toContain('\n');
    expect(describeError(e, true).line).toMatch(/^nnlab: unexpected error: TypeError: Cannot read .*\n\s+at /);
  });
});
