/**
 * Several sweeps as one: their runs under a `sweep` key named by folder, for
 * `nnlab report results/a results/b` and `nnlab compare` with several folders.
 * Pure: the folders' ResultsData in, one ResultsData out.
 */
import path from 'node:path';
import type { EpochRow, ResultsData } from './model.js';

/** The key that tells the sweeps apart. */
export const SWEEP = 'sweep';

/** Folder names, or their paths where two folders share a name. */
export function sweepNames(dirs: readonly string[]): string[] {
  const base = dirs.map((d) => path.basename(path.resolve(d)));
  return base.map((b, i) => (base.indexOf(b) !== base.lastIndexOf(b) ? dirs[i]! : b));
}

/** Dotted keys whose base values differ between the sweeps and are not swept or shown, with each sweep's value. */
export function differingSettings(names: readonly string[], data: readonly ResultsData[], shown: readonly string[]): string[] {
  const keys = [...new Set(data.flatMap((d) => Object.keys(d.spec.baseConfig ?? {})))].filter((k) => !shown.includes(k) && k !== 'name');
  const out: string[] = [];
  for (const k of keys.sort()) {
    // A key swept inside a sweep is told apart by its own column, not its base value.
    if (data.some((d) => d.sweptKeys.includes(k))) continue;
    const vs = data.map((d) => d.spec.baseConfig?.[k] ?? '(unset)');
    if (new Set(vs).size > 1) out.push(`${k} (${names.map((n, i) => `${n}: ${vs[i]}`).join(', ')})`);
  }
  return out;
}

export function mergeResults(names: readonly string[], data: readonly ResultsData[]): ResultsData {
  const sweptKeys = [SWEEP, ...new Set(data.flatMap((d) => d.sweptKeys))];
  const runs = data.flatMap((d, i) => d.runs.map((r) => ({ ...r, swept: { ...r.swept, [SWEEP]: names[i]! } as Record<string, string> })));
  for (const r of runs) for (const k of sweptKeys) r.swept[k] ??= '';
  const epochs = new Map<string, EpochRow[]>(data.flatMap((d) => [...d.epochs]));
  const first = data[0]!;
  const columns = first.spec.report.columns !== null && sweptKeys.includes(first.spec.report.columns) ? first.spec.report.columns : null;
  const warnings = data.flatMap((d, i) => d.warnings.map((w) => `${names[i]}: ${w}`));
  for (const d of differingSettings(names, data, sweptKeys)) warnings.push(`the sweeps also differ in ${d}, which the tables do not show`);
  return {
    name: names.join(' + '),
    sweptKeys,
    hasVariants: data.some((d) => d.hasVariants),
    runs,
    epochs,
    specText: data.map((d, i) => `# ${names[i]}\n${d.specText ?? '(no spec.yaml)\n'}`).join('\n'),
    spec: {
      name: names.join(' + '),
      description: `${names.join(' against ')}: ${data.map((d, i) => `${names[i]}${d.spec.description ? ` (${d.spec.description})` : ''}`).join('; ')}`,
      report: { ...first.spec.report, rows: SWEEP, columns },
      expectedRuns: data.every((d) => d.spec.expectedRuns !== null) ? data.reduce((s, d) => s + d.spec.expectedRuns!, 0) : null,
      plannedIds: null,
    },
    environment: first.environment,
    warnings,
  };
}
