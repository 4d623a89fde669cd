/** Canonical JSON (sorted keys, no spaces) and the run id hashed from it. */
import { createHash } from 'node:crypto';

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number') return Object.is(v, -0) ? '0' : Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
    return JSON.stringify(v) ?? 'null';
  }
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
}

/** First 12 hex digits of sha256 over the canonical JSON: short, stable across machines and key order. */
export function hashId(v: unknown): string {
  return createHash('sha256').update(canonicalJson(v)).digest('hex').slice(0, 12);
}
