/** A fully resolved DataSpec for tests, with overrides: the spec defaults, on digits. */
import type { DataSpec } from '../../src/data/spec.js';
import { BASE_DEFAULTS } from '../../src/experiment/spec/defaults.js';

export function dataSpec(over: Partial<DataSpec> = {}): DataSpec {
  // samples 400 keeps the synthetic sets small enough for fast tests.
  return { ...BASE_DEFAULTS.data, dataset: 'digits', samples: 400, ...over };
}
