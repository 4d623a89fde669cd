/** Run ids: stable hashes of what determines a run's numbers. */
import { hashId } from '../spec/canonical.js';
import type { RunConfig } from '../../train/spec.js';

/**
 * The id of a run: a hash of everything that determines its numbers (the
 * resolved config and seed) and nothing else — not the spec's name,
 * description, report, or which variant or sweep produced the config. A run
 * that halving stops early (`stop_at`) or that tunes without a test
 * (`stage: tune`) records other numbers, so those go into its id too.
 */
export function runId(config: RunConfig, extra: { stop_at?: number; stage?: 'tune' } = {}): string {
  return Object.keys(extra).length === 0 ? hashId(config) : hashId({ ...config, ...extra });
}

