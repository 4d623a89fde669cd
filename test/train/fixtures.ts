/** Shared helpers for the trainer tests: a full RunConfig from the defaults, and cached small datasets. */
import { baseDefaults } from '../../src/experiment/spec/defaults.js';
import { loadDataset } from '../../src/data/load.js';
import type { Dataset } from '../../src/data/dataset.js';
import type { DataSpec } from '../../src/data/spec.js';
import type { RunConfig } from '../../src/train/spec.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

function merge<T>(base: T, over: DeepPartial<T> | undefined): T {
  if (!over) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && b !== null && typeof b === 'object' ? merge(b, v as object) : v;
  }
  return out as T;
}

/** The defaults (digits, diagnostics off unless asked) with overrides; seed 1 unless given. */
export function makeConfig(over: DeepPartial<RunConfig> = {}): RunConfig {
  const base: RunConfig = { ...baseDefaults(), seed: 1 };
  base.data = { ...base.data, dataset: 'digits', val_size: 300, test_fraction: 0.2 };
  base.train = { ...base.train, diagnostics: false, epochs: 5 };
  return merge(base, over);
}

/** loadDataset (itself memoized per data spec, so repeated calls are cheap). */
export function data(spec: DataSpec): Dataset {
  return loadDataset(spec);
}

/** A clock that advances 1 ms per call: deterministic seconds for equality checks. */
export function fakeClock(): () => number {
  let t = 0;
  return () => t++;
}
