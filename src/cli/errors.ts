/**
 * How the CLI ends on an error: one line on stderr, no stack trace, and an
 * exit code saying whose fault it was (2: the input — spec, flags, files;
 * 1: something failed at run time).
 */
import path from 'node:path';
import { SpecError } from '../experiment/spec/errors.js';
import { ShardError } from '../experiment/cluster/shard.js';
import { StoreError } from '../experiment/store/store.js';
import { LockedError } from '../experiment/store/lock.js';

export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** Bad input from the user: a flag, a path, a spec. Exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An expected failure at run time (e.g. a report that could not be written). Exit code 1. */
export class RuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeError';
  }
}

/** Errors thrown by data loaders for bad data files, and a bad NNLAB_BACKEND (EnvError), are input errors too; they carry these names. */
const INPUT_ERROR_NAMES = new Set(['SpecError', 'UsageError', 'ShardError', 'StoreError', 'DataError', 'CsvError', 'DatasetError', 'EnvError']);

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** The exit code and the one line to print for an error. */
export function describeError(e: unknown, debug: boolean): { code: number; line: string } {
  if (e instanceof SpecError || e instanceof UsageError || e instanceof ShardError || e instanceof StoreError) {
    return { code: EXIT_USAGE, line: `nnlab: ${oneLine(e.message)}` };
  }
  if (e instanceof LockedError || e instanceof RuntimeError) return { code: EXIT_RUNTIME, line: `nnlab: ${oneLine(e.message)}` };
  if (e instanceof Error && INPUT_ERROR_NAMES.has(e.name)) return { code: EXIT_USAGE, line: `nnlab: ${oneLine(e.message)}` };
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && typeof err.code === 'string' && typeof err.path === 'string') {
    // Filesystem errors name the file and the cause; a user can act on them.
    const full = err.code === 'ENOSPC' || err.code === 'EDQUOT';
    if (full) {
      return {
        code: EXIT_RUNTIME,
        line: `nnlab: ${err.path}: ${err.code === 'EDQUOT' ? 'disk quota exceeded' : 'disk full'} (${err.code}); free some space in ${path.dirname(err.path)} and run the same command again (runs recorded so far are kept)`,
      };
    }
    return { code: EXIT_RUNTIME, line: `nnlab: ${err.path}: ${err.code} (${oneLine(err.message)})` };
  }
  const msg = e instanceof Error ? e.message : String(e);
  if (debug && e instanceof Error && e.stack) return { code: EXIT_RUNTIME, line: `nnlab: unexpected error: ${e.stack}` };
  return { code: EXIT_RUNTIME, line: `nnlab: unexpected error: ${oneLine(msg)} — please report this (NNLAB_DEBUG=1 shows the stack trace)` };
}
