/** One line per planned run, for `--dry-run` and `status --runs`. */
import type { RunPlan } from '../experiment/spec/spec.js';

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `a1b2c3d4e5f6  variant=wide  optimizer.lr=0.1  seed=2` */
export function describePlan(p: RunPlan): string {
  const parts = [p.id];
  if (p.variant !== null) parts.push(`variant=${p.variant}`);
  for (const [k, v] of Object.entries(p.swept)) parts.push(`${k}=${show(v)}`);
  parts.push(`seed=${p.seed}`);
  return parts.join('  ');
}
