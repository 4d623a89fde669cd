/**
 * Whether an experiment trains on real-valued targets anywhere (its base,
 * sweep or variants name friedman or task: regression): its results tables
 * then carry the rmse / mae / r2 columns (src/train/columns.ts).
 */
import { getKey } from '../plan/resolve.js';
import type { FieldKey } from './fields.js';
import type { ExperimentSpec } from './spec.js';

export function isRegressionSpec(spec: Pick<ExperimentSpec, 'base' | 'sweep' | 'variants'>): boolean {
  const values = (key: FieldKey): unknown[] => [getKey(spec.base, key), ...(spec.sweep[key] ?? []), ...spec.variants.map((v) => v.set[key])];
  return values('data.dataset').includes('friedman') || values('data.task').includes('regression');
}
