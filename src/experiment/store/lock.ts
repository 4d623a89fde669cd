/**
 * Lock files for a results folder.
 *
 * - The run lock (`.lock`, or `.lock.shard-i-of-n` for a shard) says "an nnlab
 *   process is running this (part of the) sweep". Created with the exclusive
 *   flag so two processes can never both believe they hold it.
 * - The append lock (`.append.lock`) is held for the few milliseconds it takes
 *   to append one finished run to the CSVs (or to rewrite them), so shards of
 *   one sweep appending into the same files never interleave.
 *
 * A lock is stale, and is reported and removed, when its holder is known to be gone:
 * - on this host, its pid is dead (the holder was killed -9);
 * - on another host (shards over NFS), it has not been refreshed for RUN_LOCK_STALE_MS: a run
 *   lock's holder touches its mtime every HEARTBEAT_MS while it runs (as proper-lockfile does),
 *   so a lock that stops changing belongs to a dead process or a dead host. This assumes the
 *   hosts' clocks agree to well within that time (NTP). An append lock is held for one append,
 *   so it is stale after APPEND_LOCK_STALE_MS without any heartbeat.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LockInfo {
  pid: number;
  host: string;
  since: string;
  /** Milliseconds since the lock file last changed (its heartbeat), when known. */
  age?: number;
}

/** How often a running nnlab refreshes its run lock's mtime. */
export const HEARTBEAT_MS = 15_000;
/** A run lock of another host not refreshed for this long is stale: eight missed heartbeats. */
export const RUN_LOCK_STALE_MS = 120_000;
/** An append lock of another host older than this is stale (it is held for one append of a few lines). */
export const APPEND_LOCK_STALE_MS = 30_000;

export class LockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockedError';
  }
}

export function readLock(file: string): LockInfo | null {
  let text: string;
  let age: number;
  try {
    text = fs.readFileSync(file, 'utf8');
    age = Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.host === 'string') return { pid: v.pid, host: v.host, since: String(v.since ?? '?'), age };
  } catch {
    // Not (yet) whole JSON: see below.
  }
  // tryCreate makes a lock whole in one step (a hard link to a written file), so an empty or
  // unreadable lock is not one being written: it was left by a crash of an nnlab that created
  // locks in two steps, or by a full disk. Stale at once (it stalled the next run for 5 s), unless
  // it is younger than a moment, in case it comes from a filesystem without hard links (see tryCreate).
  return { pid: age > PARTIAL_LOCK_GRACE_MS ? -1 : 0, host: os.hostname(), since: '?', age };
}

/** How long an unreadable lock counts as being written (only where hard links are missing: see tryCreate). */
const PARTIAL_LOCK_GRACE_MS = 50;

/**
 * True when the holder is known to be gone: on this host, no such pid; on another host (where a
 * pid means nothing to us), no heartbeat for `staleMs`.
 */
export function isStale(info: LockInfo, staleMs = RUN_LOCK_STALE_MS): boolean {
  if (info.pid === 0) return false; // being written
  if (info.pid < 0) return true;
  if (info.host !== os.hostname()) return info.age !== undefined && info.age > staleMs;
  if (info.pid === process.pid) return false;
  try {
    process.kill(info.pid, 0);
    return false;
  } catch (e) {
    // EPERM: exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

let tmpCount = 0;
const HOST_TAG = os.hostname().replace(/[^A-Za-z0-9.-]/g, '_');

/**
 * Create `file` holding `info`, unless it exists. The content is written to a file of our own
 * first and then hard-linked into place: link() fails if the name exists (also over NFS), and
 * the lock is never seen empty. Where hard links are not supported, an exclusive create (wx)
 * followed by the write. A write that fails (disk full) leaves neither file behind.
 */
function tryCreate(file: string, info: LockInfo): boolean {
  const text = JSON.stringify(info) + '\n';
  // Ours alone: host and pid tell apart shards on other hosts sharing the folder. Overwritten if a
  // crashed process with our pid left one, so EEXIST below can only come from link().
  const tmp = `${file}.new-${HOST_TAG}-${process.pid}-${tmpCount++}`;
  try {
    fs.writeFileSync(tmp, text);
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return tryCreateInTwoSteps(file, text);
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function tryCreateInTwoSteps(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    fs.writeFileSync(fd, text);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true }); // ours: created just now, and useless empty
    throw e;
  }
  fs.closeSync(fd);
  return true;
}

/**
 * Remove a stale lock, but only the one we judged stale: two processes may
 * judge it at once, and the second must not delete the fresh lock the first
 * just created. Renaming is atomic, so we take the file aside, check it is
 * still the stale one, and put it back if it is not.
 */
function removeStale(file: string, seen: LockInfo): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // already gone: someone else cleared it
  }
  const got = readLock(aside);
  const same = got !== null && got.pid === seen.pid && got.host === seen.host && got.since === seen.since;
  if (!same) {
    try {
      fs.linkSync(aside, file); // hand the fresh lock back (fails only if yet another one was created meanwhile)
    } catch {
      // A third process holds the lock now; the one we took aside belongs to a process that will find it gone.
    }
  }
  fs.rmSync(aside, { force: true });
}

function staleWhy(held: LockInfo): string {
  if (held.pid < 0) return 'empty or unreadable: left by a crash or a full disk';
  if (held.host !== os.hostname()) return `pid ${held.pid} on ${held.host} since ${held.since} has not refreshed it for ${Math.round((held.age ?? 0) / 1000)} s`;
  return `pid ${held.pid} on ${held.host} since ${held.since} is gone`;
}

export interface RunLock {
  file: string;
  release(): void;
  /** Refresh the lock's mtime now (done every HEARTBEAT_MS on its own). */
  beat(): void;
}

/**
 * Take the run lock `file`. `others` are sibling locks that conflict with this one (an
 * unsharded run vs any shard of the same folder); a live one refuses. Given as a function, they
 * are listed once ours exists, which a folder's shard locks (found by listing it) need.
 * `warn` receives one line when a stale lock is cleared.
 */
export function acquireRunLock(
  file: string,
  opts: { now: Date; label: string; others?: string[] | (() => string[]); warn: (msg: string) => void; heartbeatMs?: number },
): RunLock {
  const info: LockInfo = { pid: process.pid, host: os.hostname(), since: opts.now.toISOString() };
  // Names the lock file that is actually held (ours, or a conflicting sibling's), so removing it is the right fix.
  const refuse = (held: LockInfo, heldFile: string): never => {
    throw new LockedError(
      `${opts.label} is in use by nnlab pid ${held.pid} on host ${held.host} since ${held.since}; ` +
        `wait for it or remove ${path.basename(heldFile)} if that process is gone`,
    );
  };
  let taken = false;
  for (let attempt = 0; attempt < 3 && !taken; attempt++) {
    taken = tryCreate(file, info);
    if (taken) break;
    const held = readLock(file);
    if (held === null) continue; // released between our two looks
    if (!isStale(held)) refuse(held, file);
    opts.warn(`removed a stale lock ${file} (${staleWhy(held)})`);
    removeStale(file, held);
  }
  if (!taken) throw new LockedError(`${opts.label}: could not take ${file}; other processes keep taking it`);
  const ours = (): boolean => {
    const held = readLock(file);
    return held !== null && held.pid === process.pid && held.host === info.host;
  };
  // The heartbeat: shards on other hosts judge this lock by its mtime (see isStale).
  const beat = (): void => {
    try {
      if (!ours()) return;
      const t = new Date();
      fs.utimesSync(file, t, t);
    } catch {
      // A missed beat is harmless; eight in a row make the lock look stale to other hosts.
    }
  };
  const timer = setInterval(beat, opts.heartbeatMs ?? HEARTBEAT_MS);
  timer.unref();
  const release = (): void => {
    clearInterval(timer);
    if (ours()) fs.rmSync(file, { force: true });
  };
  // Listed only now that our lock exists: of two processes starting at once, the later lister sees
  // the other's lock (listed before creating, each could miss the other and both would run).
  const others = typeof opts.others === 'function' ? opts.others() : (opts.others ?? []);
  for (const other of others) {
    const held = readLock(other);
    if (!held) continue;
    if (isStale(held)) {
      opts.warn(`removed a stale lock ${other} (${staleWhy(held)})`);
      removeStale(other, held);
      continue;
    }
    release();
    refuse(held, other);
  }
  return { file, release, beat };
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepMs(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/**
 * Run fn while holding `file` exclusively. Synchronous on purpose: the
 * critical sections are single appends, and a sync body cannot be interleaved
 * with our own event loop (e.g. a SIGINT handler).
 */
export function withAppendLock<T>(file: string, fn: () => T, timeoutMs = 60_000): T {
  const info: LockInfo = { pid: process.pid, host: os.hostname(), since: new Date(0).toISOString() };
  let waited = 0;
  for (;;) {
    if (tryCreate(file, info)) break;
    const held = readLock(file);
    if (held === null) continue; // vanished between our tries
    if (isStale(held, APPEND_LOCK_STALE_MS)) {
      removeStale(file, held);
      continue;
    }
    if (waited >= timeoutMs) {
      throw new LockedError(
        `${file} has been held by pid ${held.pid} on ${held.host} for over ${timeoutMs / 1000}s; remove it if that process is gone`,
      );
    }
    sleepMs(5);
    waited += 5;
  }
  try {
    return fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** The live run locks of a results folder (the whole sweep's and the shards'), by file name. */
export function liveLocks(dir: string): { name: string; info: LockInfo }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n === '.lock' || n.startsWith('.lock.shard-'));
  } catch {
    return [];
  }
  const out: { name: string; info: LockInfo }[] = [];
  for (const name of names) {
    const info = readLock(path.join(dir, name));
    if (info && !isStale(info)) out.push({ name, info });
  }
  return out;
}
