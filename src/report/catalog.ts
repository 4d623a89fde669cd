/**
 * The catalog of a results folder: one entry per experiment found under it,
 * for reports/index.html and `nnlab list`. Pure: the experiments' ResultsData
 * (load.ts) and their live locks in, entries out.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { buildReport } from './build.js';
import { configLabel } from './aggregate.js';
import type { ResultsData } from './model.js';

export type CatalogStatus = 'running' | 'complete' | 'partial' | 'failed';

export interface CatalogEntry {
  /** The results subfolder's name (the report's folder name too). */
  folder: string;
  name: string;
  question: string | null;
  status: CatalogStatus;
  /** Runs with an outcome (any status but pending). */
  done: number;
  /** Runs the spec as last run plans; null when it cannot be told. */
  total: number | null;
  failed: number;
  /** The best cell of the report metric (every seed counts), with its 95% t interval; null without one. */
  best: { label: string; metric: string; mean: number; lo: number; hi: number; n: number; starred: boolean } | null;
  /** When runs.csv last changed (ISO 8601). */
  updated: string;
}

/** One experiment's entry; `running` says whether a live lock holds its folder. */
export function catalogEntry(folder: string, data: ResultsData, running: boolean, updated: Date): CatalogEntry {
  const m = buildReport(data);
  const done = data.runs.filter((r) => ['completed', 'failed_to_learn', 'stopped', 'diverged', 'failed'].includes(r.status)).length;
  const failed = data.runs.filter((r) => r.status === 'failed').length;
  const total = data.spec.expectedRuns;
  const status: CatalogStatus = running ? 'running' : failed > 0 ? 'failed' : total !== null && done >= total ? 'complete' : total === null && done === data.runs.length ? 'complete' : 'partial';
  let best: CatalogEntry['best'] = null;
  for (const t of m.tables) {
    const sign = t.measure.higherBetter ? 1 : -1;
    t.cells.forEach((row, r) => row.forEach((c, col) => {
      if (!c.stats || (best && sign * (c.stats.mean - best.mean) <= 0)) return;
      const { n, mean, std } = c.stats;
      const half = std === null ? 0 : tQuantile(0.975, n - 1) * std / Math.sqrt(n);
      const parts: Record<string, string> = {};
      if (t.rowKey) parts[t.rowKey] = t.rowValues[r]!;
      if (t.colKey) parts[t.colKey] = t.colValues[col]!;
      const where = [configLabel(parts, Object.keys(parts)), t.title].filter((x) => x && x !== 'all runs').join(', ');
      // An accuracy interval cannot leave [0, 1].
      const clip = t.measure.id.endsWith('accuracy') ? (v: number) => Math.min(1, Math.max(0, v)) : (v: number) => v;
      best = { label: where || 'all runs', metric: t.measure.id, mean, lo: clip(mean - half), hi: clip(mean + half), n, starred: t.best[r]![col]! };
    }));
  }
  return { folder, name: data.name, question: data.spec.description, status, done, total, failed, best, updated: updated.toISOString().replace(/\.\d+Z$/, 'Z') };
}
