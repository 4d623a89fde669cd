/** `nnlab list`: every experiment under a results folder, in the terminal; also rewrites <reports>/index.html. */
import fs from 'node:fs';
import path from 'node:path';
import { bestText, runsText } from '../report/catalog-html.js';
import { writeIndex } from '../report/generate-index.js';
import { renderTable } from './compare.js';
import { UsageError } from './errors.js';
import { unwritableFolder } from './fsutil.js';

export function listCommand(resultsDir: string, reportsDir: string, out: (l: string) => void, err: (l: string) => void): number {
  if (!fs.existsSync(resultsDir) || !fs.statSync(resultsDir).isDirectory()) {
    throw new UsageError(`--results-dir ${resultsDir}: no such folder; run an experiment first, e.g. nnlab run experiments/quick.yaml`);
  }
  const why = unwritableFolder(reportsDir);
  if (why) throw new UsageError(`--reports-dir ${reportsDir}: ${why}; pass a folder you can write to`);
  const { htmlPath, catalog } = writeIndex(resultsDir, reportsDir);
  for (const u of catalog.unreadable) err(`nnlab: warning: ${u}; left out`);
  if (catalog.entries.length === 0) {
    out(`${resultsDir}: no experiments yet; run one, e.g. nnlab run experiments/quick.yaml`);
    return 0;
  }
  const rows = catalog.entries.map((e) => [e.name, e.status, runsText(e), bestText(e), e.updated]);
  renderTable(['experiment', 'status', 'runs', 'best cell (mean [95% t interval])', 'updated'], rows).forEach((l) => out(l));
  out(`index: ${path.join(reportsDir, path.basename(htmlPath))}`);
  return 0;
}
