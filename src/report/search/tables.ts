/** The search section's tables as plain cells, laid out by html.ts and markdown.ts alike. */
import type { SearchSection } from './section.js';
import { drawnLabel } from './trials.js';

/** Most trials listed; the rest are counted (every run is still in the "Every run" table and runs.csv). */
export const MAX_TRIAL_ROWS = 30;

export interface PlainTable {
  head: string[];
  rows: string[][];
  note: string | null;
}

const f4 = (x: number | null): string => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(4));

function outcome(statuses: string[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s.replace(/_/g, ' ')}`).join(', ');
}

export function armTable(s: SearchSection): PlainTable | null {
  const p = s.info.protocol;
  if (!p) return null;
  const sel = s.info.selection;
  return {
    head: [p.compare, 'chosen configuration', 'tuning trials', `its tuning ${sel}`, `expected best ${sel}, k = 1 → ${p.budget}`, `${s.testMetric} (final runs), mean [95% CI]`, 'final seeds'],
    rows: s.arms.map((a) => [
      a.arm,
      a.chosen ? a.chosen.label : 'not chosen yet',
      String(a.trials),
      a.chosen ? f4(a.chosen.score) : '—',
      a.curve.length ? `${f4(a.curve[0]!)} → ${f4(a.curve[a.curve.length - 1]!)}` : '—',
      a.final ? `${f4(a.final.mean)}${a.final.lo !== null ? ` [${f4(a.final.lo)}, ${f4(a.final.hi)}]` : ''}` : 'not run yet',
      a.final ? `${a.final.n}${a.final.broken ? ` (${a.final.broken} diverged or failed, at their untrained level)` : ''}` : '—',
    ]),
    note: null,
  };
}

export function trialTable(s: SearchSection): PlainTable {
  const sel = s.info.selection;
  // Every arm's trials are shown, up to MAX_TRIAL_ROWS in all.
  const arms = [...new Set(s.trials.map((t) => t.arm))];
  const per = Math.max(1, Math.floor(MAX_TRIAL_ROWS / arms.length));
  const shown = arms.flatMap((a) => s.trials.filter((t) => t.arm === a).slice(0, per));
  const arm = s.info.protocol !== null;
  return {
    head: [arm ? 'rank in arm' : 'rank', ...(arm ? [s.info.protocol!.compare] : []), 'trial', ...(s.info.halving ? ['trained for'] : []), 'seeds', `mean ${sel}`, 'outcome', ...(arm ? ['chosen'] : [])],
    // Ranks count within each arm (a protocol ranks each arm's trials against each other only).
    rows: shown.map((t, i) => [
      String(i + 1 - shown.findIndex((x) => x.arm === t.arm)),
      ...(arm ? [t.arm ?? ''] : []),
      t.trial !== null ? `#${t.trial} ${drawnLabel(t.swept, s.info)}` : t.label || '(base)',
      ...(s.info.halving ? [`${t.epochs} epoch${t.epochs === 1 ? '' : 's'}`] : []),
      String(t.seeds),
      f4(t.score),
      outcome(t.statuses),
      ...(arm ? [t.chosen ? '✓' : ''] : []),
    ]),
    note: s.trials.length > shown.length ? `${s.trials.length - shown.length} more trials rank below these${arms.length > 1 ? ' in their arms' : ''} (all are in runs.csv).` : null,
  };
}
