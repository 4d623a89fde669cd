/**
 * Locks on a shared filesystem (issue #16, item 4). Shards of a cluster job run on other hosts
 * over NFS, where a pid means nothing: a dead host's lock stayed forever. A run lock now carries
 * a heartbeat (its holder refreshes the file's mtime every 15 s), and a lock of another host
 * that has not been refreshed for 2 minutes is stale. Another host's lock is faked here by its
 * host name; its age by the file's mtime.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireRunLock, APPEND_LOCK_STALE_MS, HEARTBEAT_MS, isStale, readLock, RUN_LOCK_STALE_MS, withAppendLock } from '../../src/experiment/store/lock.js';
import { cleanTmp, nnlab, requireBuild, tmpDir, writeSpec } from './helpers.js';

afterAll(cleanTmp);
beforeAll(requireBuild);

const SPEC = `data: digits
model: { hidden: [8] }
train: { epochs: 1, batch_size: 64 }
seeds: 2
`;

/** A lock file as a live nnlab on another host writes it, last refreshed `ageMs` ago. */
function otherHostLock(file: string, ageMs: number): void {
  fs.writeFileSync(file, JSON.stringify({ pid: 4242, host: 'node17.cluster.example', since: '2026-01-01T00:00:00.000Z' }) + '\n');
  const t = new Date(Date.now() - ageMs);
  fs.utimesSync(file, t, t);
}

describe('a run lock of another host', () => {
  it('refuses while it is refreshed, and is cleared with a warning once it has missed its heartbeats', () => {
    const dir = tmpDir();
    writeSpec(dir, 'q', SPEC);
    const out = path.join(dir, 'res', 'q');
    fs.mkdirSync(out, { recursive: true });
    const lock = path.join(out, '.lock.shard-0-of-2');

    otherHostLock(lock, HEARTBEAT_MS); // one heartbeat late: still alive
    const refused = nnlab(dir, ['run', 'q.yaml', '--shard', '0/2', '--no-report', '--results-dir', 'res']);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/^nnlab: res\/q \(shard 0\/2\) is in use by nnlab pid 4242 on host node17\.cluster\.example since 2026-01-01T00:00:00\.000Z; wait for it or remove \.lock\.shard-0-of-2 if that process is gone\n$/);

    otherHostLock(lock, RUN_LOCK_STALE_MS + 60_000); // a dead host: three minutes without a heartbeat
    const r = nnlab(dir, ['run', 'q.yaml', '--shard', '0/2', '--no-report', '--results-dir', 'res']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^nnlab: removed a stale lock \S+\.lock\.shard-0-of-2 \(pid 4242 on node17\.cluster\.example since 2026-01-01T00:00:00\.000Z has not refreshed it for 18\d s\)\n$/);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('an unsharded run clears a dead host\'s shard lock too, and status no longer lists it as running', () => {
    const dir = tmpDir();
    writeSpec(dir, 'q', SPEC);
    const out = path.join(dir, 'res', 'q');
    fs.mkdirSync(out, { recursive: true });
    otherHostLock(path.join(out, '.lock.shard-1-of-2'), RUN_LOCK_STALE_MS + 1000);
    const st = nnlab(dir, ['status', 'q.yaml', '--results-dir', 'res', '--json']);
    expect(JSON.parse(st.stdout).running).toEqual([]);
    const r = nnlab(dir, ['run', 'q.yaml', '--no-report', '--results-dir', 'res']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/removed a stale lock .*has not refreshed it for \d+ s/);
  });
});

describe('two runs that start at once', () => {
  it('list the conflicting locks only once their own exists, so of two at once the later one always sees the other', () => {
    const dir = tmpDir();
    const file = path.join(dir, '.lock.shard-0-of-3');
    let ownExisted: boolean | null = null;
    const lock = acquireRunLock(file, {
      now: new Date(),
      label: 'x',
      warn: () => {},
      others: () => {
        ownExisted = fs.existsSync(file);
        return [];
      },
    });
    lock.release();
    expect(ownExisted).toBe(true);
  });
});

describe('the heartbeat', () => {
  it('a held run lock is refreshed: its mtime moves forward on each beat, so other hosts see it alive', () => {
    const dir = tmpDir();
    const file = path.join(dir, '.lock');
    const lock = acquireRunLock(file, { now: new Date(), label: 'x', warn: () => {} });
    try {
      const old = new Date(Date.now() - RUN_LOCK_STALE_MS - 1000);
      fs.utimesSync(file, old, old);
      // As another host would judge it before and after a beat.
      const before = { ...readLock(file)!, host: 'elsewhere' };
      expect(isStale(before)).toBe(true);
      lock.beat();
      const after = { ...readLock(file)!, host: 'elsewhere' };
      expect(isStale(after)).toBe(false);
    } finally {
      lock.release();
    }
    expect(fs.existsSync(file)).toBe(false);
  });

  it('an append lock of another host is stale after 30 s (it is held for one append), not waited on forever', () => {
    const dir = tmpDir();
    const file = path.join(dir, '.append.lock');
    otherHostLock(file, APPEND_LOCK_STALE_MS + 5000);
    expect(withAppendLock(file, () => 'ran', 1000)).toBe('ran');
    expect(fs.existsSync(file)).toBe(false);
    otherHostLock(file, 1000);
    expect(() => withAppendLock(file, () => 'ran', 100)).toThrow(/has been held by pid 4242 on node17\.cluster\.example/);
  });
});
