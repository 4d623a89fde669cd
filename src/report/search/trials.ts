/**
 * A search's runs as trials: one configuration (variant, grid point, drawn values), with its
 * seeds at every rung it reached. Everything the search section and its charts show is read
 * from here, so they agree on what a trial scored.
 */
import type { EpochRow, RunRow, SearchInfo } from '../model.js';
import { metricMeasure } from '../aggregate.js';
import { shortKey } from '../layout.js';
import { trained } from '../../train/learned.js';

export interface Trial {
  key: string;
  /** "#6 lr=0.3256" (trial number, then the searched values). */
  label: string;
  trial: number | null;
  variant: string;
  /** The configuration's swept values (grid keys and draws; no rung or stage). */
  swept: Record<string, string>;
  /** The protocol arm ("sgd"), or null. */
  arm: string | null;
  /** Furthest rung reached (0-based) and its epoch budget. */
  rung: number;
  epochs: number;
  /** Tuning seeds at the furthest rung. */
  seeds: number;
  /** Mean selection metric over those seeds (diverged/failed seeds at their untrained level); null when one cannot be scored. */
  score: number | null;
  /** The same at rung 0, where every trial had the same budget. */
  firstScore: number | null;
  /** Statuses at the furthest rung, e.g. ["stopped", "stopped"]. */
  statuses: string[];
  /** A seed at the furthest rung diverged or failed: the search ranked it last there (plan/stages.ts). */
  broken: boolean;
  /** The protocol chose it for its arm's final runs. */
  chosen: boolean;
}

const OUTSIDE = new Set(['rung', 'stage']);

/** Values of the searched keys, shortly: "lr=0.3256, momentum=0.91". */
export function drawnLabel(swept: Record<string, string>, search: SearchInfo): string {
  return Object.keys(search.space).map((k) => `${shortKey(k)}=${swept[k] ?? ''}`).join(', ');
}

export function trialLabel(swept: Record<string, string>, search: SearchInfo): string {
  const drawn = drawnLabel(swept, search);
  return swept['trial'] !== undefined && swept['trial'] !== '' ? `#${swept['trial']}${drawn ? ' ' + drawn : ''}` : drawn;
}

function mean(xs: (number | null)[]): number | null {
  if (xs.length === 0 || xs.some((x) => x === null || !Number.isFinite(x))) return null;
  return (xs as number[]).reduce((a, b) => a + b, 0) / xs.length;
}

/** The tuning runs (not a protocol's final runs) grouped into trials, in trial order. */
export function trialsOf(runs: readonly RunRow[], epochs: Map<string, EpochRow[]>, search: SearchInfo): Trial[] {
  const tuning = runs.filter((r) => r.swept['stage'] !== 'final');
  const m = metricMeasure(search.selection, epochs, tuning);
  // Every seed counts: a broken seed at its untrained level, as in the tables.
  const value = (r: RunRow): number | null => (trained(r.status) ? m.value(r) : m.untrained?.(r) ?? null);
  const byKey = new Map<string, RunRow[]>();
  for (const r of tuning) {
    const swept = Object.fromEntries(Object.entries(r.swept).filter(([k]) => !OUTSIDE.has(k)));
    const key = JSON.stringify([r.variant, swept]);
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const finals = new Set(runs.filter((r) => r.swept['stage'] === 'final').map((r) => JSON.stringify([r.variant, Object.fromEntries(Object.entries(r.swept).filter(([k]) => !OUTSIDE.has(k)))])));
  const out: Trial[] = [];
  for (const [key, list] of byKey) {
    const rungOf = (r: RunRow) => Number(r.swept['rung'] ?? 0) || 0;
    const rung = Math.max(...list.map(rungOf));
    const at = list.filter((r) => rungOf(r) === rung);
    const first = list.filter((r) => rungOf(r) === 0);
    const swept = Object.fromEntries(Object.entries(list[0]!.swept).filter(([k]) => !OUTSIDE.has(k)));
    const compare = search.protocol?.compare ?? null;
    out.push({
      key,
      label: trialLabel(swept, search),
      trial: swept['trial'] !== undefined && swept['trial'] !== '' ? Number(swept['trial']) : null,
      variant: list[0]!.variant,
      swept,
      arm: compare === null ? null : compare === 'variant' ? list[0]!.variant : swept[compare] ?? '',
      rung,
      epochs: search.budgets[rung] ?? search.budgets[search.budgets.length - 1]!,
      seeds: at.length,
      score: mean(at.map(value)),
      firstScore: mean(first.map(value)),
      statuses: at.map((r) => r.status),
      broken: at.some((r) => !trained(r.status)),
      chosen: finals.has(key),
    });
  }
  return out.sort((a, b) => (a.arm ?? '').localeCompare(b.arm ?? '') || (a.trial ?? 0) - (b.trial ?? 0) || a.key.localeCompare(b.key));
}
