/**
 * A validated spec back to YAML, every default written out. The runner saves
 * this beside the results so the report (and a later re-run) sees the spec as
 * it actually ran, overrides included; parseSpec(formatSpec(s)) equals s.
 */
import { stringify } from 'yaml';
import type { ExperimentSpec } from './spec.js';
import { formatDistribution } from './distribution.js';

export function formatSpec(spec: ExperimentSpec): string {
  const doc: Record<string, unknown> = {
    name: spec.name,
    description: spec.description,
    ...structuredClone(spec.base),
    seeds: [...spec.seeds],
    sweep: { ...structuredClone(spec.sweep), ...Object.fromEntries(Object.entries(spec.search.space).map(([k, d]) => [k, formatDistribution(d)])) },
    ...(spec.search.method === 'random' || spec.search.halving
      ? { search: { method: spec.search.method, ...(spec.protocol ? {} : spec.search.method === 'random' ? { trials: spec.search.trials } : {}), seed: spec.search.seed, ...(spec.search.halving ? { halving: { ...spec.search.halving } } : {}) } }
      : {}),
    ...(spec.protocol ? { protocol: structuredClone(spec.protocol) } : {}),
    variants: structuredClone(spec.variants),
    report: structuredClone(spec.report),
  };
  // Short lists on one line keep sweeps readable (sweep values that are lists stay lists).
  return stringify(doc, { lineWidth: 0, flowCollectionPadding: false, collectionStyle: 'any' });
}
