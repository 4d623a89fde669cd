/**
 * The configurations a random search tries: trial t draws every distribution of the space from
 * its own stream, seeded by the search seed and t alone. So trial t is the same on every
 * machine, with any worker count, and raising `trials` from 8 to 16 keeps trials 0–7 (and
 * their run ids) and adds 8. A draw equal to an earlier trial's is drawn again (from the same
 * trial's stream), so trials are distinct configurations.
 */
import { Rng } from '../../tensor/rng.js';
import { canonicalJson } from '../spec/canonical.js';
import { draw } from '../spec/distribution.js';
import type { SearchSpec } from '../spec/search.js';

/** Redraws of one trial before the space is called exhausted (validation bounds trials by its size). */
const MAX_REDRAWS = 10_000;

export function drawTrials(search: Pick<SearchSpec, 'method' | 'trials' | 'seed' | 'space'>): Record<string, unknown>[] {
  if (search.method !== 'random') return [];
  const keys = Object.keys(search.space);
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  for (let t = 0; t < search.trials; t++) {
    const rng = new Rng(`search/${search.seed}/trial/${t}`);
    for (let attempt = 0; ; attempt++) {
      if (attempt === MAX_REDRAWS) throw new Error(`random search: trial ${t} found no configuration unlike trials 0–${t - 1} in ${MAX_REDRAWS} draws; lower search.trials`);
      // Each key draws from a stream of its own: adding a distribution leaves the others' draws as they were.
      const values: Record<string, unknown> = {};
      for (const k of keys) values[k] = draw(search.space[k]!, rng.fork(attempt === 0 ? k : `${k}#${attempt}`));
      const c = canonicalJson(values);
      if (seen.has(c)) continue;
      seen.add(c);
      out.push(values);
      break;
    }
  }
  return out;
}
