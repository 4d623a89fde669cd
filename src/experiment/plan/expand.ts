/** A validated spec → its runs, in a fixed order, each with a stable id. */
import { hashId } from '../spec/canonical.js';
import { points } from './points.js';
import { resolve } from './resolve.js';
import type { ExperimentSpec, RunPlan } from '../spec/spec.js';
import type { RunConfig } from '../../train/spec.js';

/**
 * The id of a run: a hash of everything that determines its numbers (the
 * resolved config and seed) and nothing else — not the spec's name,
 * description, report, or which variant or sweep produced the config.
 */
export function runId(config: RunConfig): string {
  return hashId(config);
}

/** Variants × sweep (first key slowest) × seeds, in that order. */
export function expand(spec: ExperimentSpec): RunPlan[] {
  const runs: RunPlan[] = [];
  for (const pt of points(spec)) {
    const { config } = resolve(spec.base, pt.sets, null);
    for (const seed of spec.seeds) {
      const full: RunConfig = { ...structuredClone(config), seed };
      runs.push({ id: runId(full), variant: pt.variant, swept: structuredClone(pt.swept), seed, config: full });
    }
  }
  return runs;
}
