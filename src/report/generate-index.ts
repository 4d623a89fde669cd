/**
 * writeIndex: a results folder in, <reports>/index.html out, listing every
 * experiment under it (the only IO of the catalog; catalog.ts is pure).
 * Rebuilt after every nnlab run and nnlab report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RUNS_FILE } from '../experiment/store/store.js';
import { liveLocks } from '../experiment/store/lock.js';
import { catalogEntry, type CatalogEntry } from './catalog.js';
import { renderCatalog } from './catalog-html.js';
import { loadResults } from './load.js';
import { writeAtomically } from './write.js';

export interface Catalog {
  entries: CatalogEntry[];
  /** Folders that hold a runs.csv nnlab cannot read (named, not silently skipped). */
  unreadable: string[];
}

/** Every experiment folder (a subfolder with a runs.csv) under resultsRoot, by name. */
export function readCatalog(resultsRoot: string): Catalog {
  let names: string[];
  try {
    names = fs.readdirSync(resultsRoot, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return { entries: [], unreadable: [] };
  }
  const entries: CatalogEntry[] = [];
  const unreadable: string[] = [];
  for (const folder of names) {
    const dir = path.join(resultsRoot, folder);
    const runs = path.join(dir, RUNS_FILE);
    if (!fs.existsSync(runs)) continue;
    try {
      // Our own lock is a sweep that has ended and is writing its report, not one still running.
      const others = liveLocks(dir).filter(({ info }) => !(info.pid === process.pid && info.host === os.hostname()));
      entries.push(catalogEntry(folder, loadResults(dir), others.length > 0, fs.statSync(runs).mtime));
    } catch (e) {
      unreadable.push(`${dir}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return { entries, unreadable };
}

/** Write <reportsRoot>/index.html for resultsRoot; returns its path and the catalog. */
export function writeIndex(resultsRoot: string, reportsRoot: string, now = new Date()): { htmlPath: string; catalog: Catalog } {
  const catalog = readCatalog(resultsRoot);
  fs.mkdirSync(reportsRoot, { recursive: true });
  const reportOf = (e: CatalogEntry): string | null =>
    fs.existsSync(path.join(reportsRoot, e.folder, 'index.html')) ? `${encodeURIComponent(e.folder)}/index.html` : null;
  const html = renderCatalog(catalog.entries, resultsRoot, now.toISOString().replace(/\.\d+Z$/, 'Z'), reportOf);
  const file = path.join(reportsRoot, 'index.html');
  writeAtomically(file, html);
  return { htmlPath: file, catalog };
}
