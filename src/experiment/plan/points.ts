/**
 * The sweep points of a spec: variants × the cartesian product of the sweep,
 * in a fixed order (variants in list order, then sweep keys in spec order with
 * the first key varying slowest). Seeds are crossed in by expand.
 */
import type { FieldKey } from '../spec/fields.js';
import type { ExperimentSpec } from '../spec/spec.js';

export interface Point {
  /** Index into spec.variants, or -1 when the spec has none. */
  variantIndex: number;
  variant: string | null;
  /** Index of each sweep key's value, in sweep key order. */
  sweepIndex: number[];
  swept: Record<string, unknown>;
  /** The overrides in the order they apply: the variant's, then the sweep's. */
  sets: [FieldKey, unknown][];
}

export function pointCount(spec: Pick<ExperimentSpec, 'sweep' | 'variants'>): number {
  let n = Math.max(1, spec.variants.length);
  for (const values of Object.values(spec.sweep)) n *= values.length;
  return n;
}

export function* points(spec: Pick<ExperimentSpec, 'sweep' | 'variants'>): Generator<Point> {
  const keys = Object.keys(spec.sweep);
  const lists = keys.map((k) => spec.sweep[k]!);
  const variants = spec.variants.length > 0 ? spec.variants.map((v, i) => [i, v] as const) : ([[-1, null]] as const);
  for (const [variantIndex, variant] of variants) {
    if (lists.some((l) => l.length === 0)) return;
    const idx = keys.map(() => 0);
    for (;;) {
      const swept: Record<string, unknown> = {};
      const sets: [FieldKey, unknown][] = variant ? Object.entries(variant.set).map(([k, v]) => [k as FieldKey, v]) : [];
      keys.forEach((k, j) => {
        swept[k] = lists[j]![idx[j]!];
        sets.push([k as FieldKey, swept[k]]);
      });
      yield { variantIndex, variant: variant?.name ?? null, sweepIndex: [...idx], swept, sets };
      // Odometer step: the last key varies fastest.
      let j = keys.length - 1;
      while (j >= 0 && ++idx[j]! === lists[j]!.length) idx[j--] = 0;
      if (j < 0) break;
    }
  }
}
