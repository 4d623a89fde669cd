/** `nnlab report <results dir>` and the end-of-run report: both go through generateReport (src/report/). */
import fs from 'node:fs';
import path from 'node:path';
import { generateCombinedReport, generateReport } from '../report/generate.js';
import type { LiveStatus } from '../report/html.js';
import { writeIndex } from '../report/generate-index.js';
import { CutError, type ReportCut } from '../report/cut.js';
import { RunsTableError } from '../report/tables.js';
import { RuntimeError, UsageError } from './errors.js';
import { unwritableFolder } from './fsutil.js';

/** Render the report of a results folder into <reportsRoot>/<folder name>/; returns the HTML path. */
export async function writeReport(resultsDir: string, reportsRoot: string, warn?: (m: string) => void, afterRun = false, cut: ReportCut = {}, live?: LiveStatus): Promise<string> {
  let out;
  try {
    out = await generateReport(resultsDir, reportsRoot, { cut, ...(live ? { live } : {}) });
  } catch (e) {
    if (!afterRun && (e instanceof RunsTableError || e instanceof CutError)) throw e; // bad input: one line, exit 2
    // After a sweep the results are safe on disk whatever happens here; say so rather than show a trace.
    throw new RuntimeError(`cannot write the report for ${resultsDir}: ${e instanceof Error ? e.message : String(e)}${afterRun ? ' (the results themselves are saved)' : ''}`);
  }
  for (const w of out.warnings) warn?.(w);
  // The index of every experiment beside it follows each report (not each live render: it rebuilds every
  // experiment's tables, and the sweep's final report rewrites it anyway); a failure there is only a warning.
  if (!live) {
    try {
      const { catalog } = writeIndex(path.dirname(path.resolve(resultsDir)), reportsRoot);
      for (const u of catalog.unreadable) warn?.(`${u}; left out of ${path.join(reportsRoot, 'index.html')}`);
    } catch (e) {
      warn?.(`cannot write ${path.join(reportsRoot, 'index.html')}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }
  return out.htmlPath;
}

/**
 * `nnlab report <dir> [<dir> …] [--rows K] [--columns K] [--metric M]`: the flags re-cut a finished
 * sweep without retraining; several folders make one report with a row per sweep (the `sweep` key).
 */
export async function reportCommand(
  dirs: string | readonly string[], reportsRoot: string, out: (l: string) => void, err: (l: string) => void, cut: ReportCut = {},
): Promise<number> {
  const all = typeof dirs === 'string' ? [dirs] : [...dirs];
  for (const d of all) {
    if (!fs.existsSync(path.join(d, 'runs.csv'))) {
      throw new UsageError(`${d}: not a results folder (no runs.csv); run an experiment first, e.g. nnlab run experiments/quick.yaml`);
    }
  }
  // A read-only or unwritable reports folder is bad input, named as such (mkdir would say a bare ENOENT).
  const why = unwritableFolder(reportsRoot);
  if (why) throw new UsageError(`--reports-dir ${reportsRoot}: ${why}; pass a folder you can write to`);
  if (all.length === 1) {
    out(`report: ${await writeReport(all[0]!, reportsRoot, (w) => err(`nnlab: warning: ${w}`), false, cut)}`);
    return 0;
  }
  let result;
  try {
    result = await generateCombinedReport(all, reportsRoot, { cut });
  } catch (e) {
    if (e instanceof RunsTableError || e instanceof CutError) throw e;
    throw new RuntimeError(`cannot write the report of ${all.join(', ')}: ${e instanceof Error ? e.message : String(e)}`);
  }
  for (const w of result.warnings) err(`nnlab: warning: ${w}`);
  out(`report: ${result.htmlPath}`);
  return 0;
}
