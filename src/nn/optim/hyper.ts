/**
 * Hyper-parameter checks shared by the optimizers and schedules. Each throws a
 * one-line Error naming the owner (e.g. "adam"), the key as written in a spec
 * (e.g. "optimizer.beta1"), the bad value, and what would be valid — so a
 * typo in a YAML sweep fails before any run starts, not as NaN losses later.
 */

function fail(owner: string, key: string, rule: string, value: unknown, hint: string): never {
  throw new Error(`${owner}: ${key} must be ${rule}, got ${String(value)} (${hint})`);
}

/** A positive, finite number (learning rates, eps). */
export function checkPositive(owner: string, key: string, v: number, hint: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(owner, key, 'a finite number > 0', v, hint);
  return v;
}

/** A finite number ≥ 0 (weight decay, min_lr). */
export function checkNonNegative(owner: string, key: string, v: number, hint: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(owner, key, 'a finite number >= 0', v, hint);
  return v;
}

/** A decay rate in [0, 1): 1 would freeze the running average at its start value forever. */
export function checkUnitOpen(owner: string, key: string, v: number, hint: string): number {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) fail(owner, key, 'in [0, 1)', v, hint);
  return v;
}

/** A factor in (0, 1] (step-schedule gamma). */
export function checkUnitHalfOpen(owner: string, key: string, v: number, hint: string): number {
  if (typeof v !== 'number' || !(v > 0 && v <= 1)) fail(owner, key, 'in (0, 1]', v, hint);
  return v;
}

/** An integer ≥ 1 (step sizes, epoch counts). */
export function checkCount(owner: string, key: string, v: number, hint: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(owner, key, 'an integer >= 1', v, hint);
  return v;
}
