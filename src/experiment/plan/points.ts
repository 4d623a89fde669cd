/**
 * The sweep points of a spec: variants × the cartesian product of the sweep × the trials of a
 * random search, in a fixed order (variants in list order, then sweep keys in spec order with
 * the first key varying slowest, then trials). Seeds are crossed in by expand.
 */
import type { FieldKey } from '../spec/fields.js';
import type { ExperimentSpec } from '../spec/spec.js';
import { drawTrials } from './trials.js';

export interface Point {
  /** Index into spec.variants, or -1 when the spec has none. */
  variantIndex: number;
  variant: string | null;
  /** Index of each sweep key's value, in sweep key order. */
  sweepIndex: number[];
  /** Every swept key's value: the grid's, then the trial's draws. */
  swept: Record<string, unknown>;
  /** The random-search trial (null for a grid). */
  trial: number | null;
  /** The overrides in the order they apply: the variant's, then the sweep's, then the trial's. */
  sets: [FieldKey, unknown][];
}

type Planned = Pick<ExperimentSpec, 'sweep' | 'variants'> & Partial<Pick<ExperimentSpec, 'search'>>;

/** A random search with something to draw (while overrides are applied, --trials can come before its --sweep). */
function searching(spec: Planned): boolean {
  return spec.search?.method === 'random' && Object.keys(spec.search.space).length > 0;
}

export function pointCount(spec: Planned): number {
  let n = Math.max(1, spec.variants.length);
  for (const values of Object.values(spec.sweep)) n *= values.length;
  if (searching(spec)) n *= spec.search!.trials;
  return n;
}

export function* points(spec: Planned): Generator<Point> {
  const keys = Object.keys(spec.sweep);
  const lists = keys.map((k) => spec.sweep[k]!);
  const trials: (Record<string, unknown> | null)[] = searching(spec) ? drawTrials(spec.search!) : [null];
  const variants = spec.variants.length > 0 ? spec.variants.map((v, i) => [i, v] as const) : ([[-1, null]] as const);
  for (const [variantIndex, variant] of variants) {
    if (lists.some((l) => l.length === 0)) return;
    const idx = keys.map(() => 0);
    for (;;) {
      for (const [t, drawn] of trials.entries()) {
        const swept: Record<string, unknown> = {};
        const sets: [FieldKey, unknown][] = variant ? Object.entries(variant.set).map(([k, v]) => [k as FieldKey, v]) : [];
        keys.forEach((k, j) => {
          swept[k] = lists[j]![idx[j]!];
          sets.push([k as FieldKey, swept[k]]);
        });
        for (const [k, v] of Object.entries(drawn ?? {})) {
          swept[k] = v;
          sets.push([k as FieldKey, v]);
        }
        yield { variantIndex, variant: variant?.name ?? null, sweepIndex: [...idx], swept, trial: drawn ? t : null, sets };
      }
      // Odometer step: the last key varies fastest.
      let j = keys.length - 1;
      while (j >= 0 && ++idx[j]! === lists[j]!.length) idx[j--] = 0;
      if (j < 0) break;
    }
  }
}
