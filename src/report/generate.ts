/**
 * generateReport: results folder in, report folder out. The only module that
 * writes report files; everything it writes is computed by pure functions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildReport } from './build.js';
import { mergeResults, sweepNames } from './merge.js';
import type { ResultsData } from './model.js';
import { writeAtomically } from './write.js';
import { applyCut, type ReportCut } from './cut.js';
import { ALL_CHARTS } from './specinfo.js';
import { renderHtml, type LiveStatus, type RenderedChart } from './html.js';
import { loadResults } from './load.js';
import { renderMarkdown } from './markdown.js';
import { renderSvg, scopeSvgIds } from './charts/svg.js';

export interface ReportOptions {
  /** Write into exactly this folder instead of <reportsDir>/<results folder name>. */
  outDir?: string;
  /** The "generated" time shown on the page (tests pin it). */
  now?: Date;
  /** Rows, columns or metric other than the spec's (nnlab report --rows/--columns/--metric). */
  cut?: ReportCut;
  /** The sweep is still running: banner and self-reload (nnlab run's live view). */
  live?: LiveStatus;
}

export interface ReportOutput {
  htmlPath: string;
  markdownPath: string;
  warnings: string[];
}

/**
 * Reads results/<name>/ and writes <reportsDir>/<name>/index.html, report.md
 * and charts/<chart>.{vl.json,svg}. Throws a one-line Error for a folder that
 * is not a results folder.
 */
export async function generateReport(resultsDir: string, reportsDir: string, opts: ReportOptions = {}): Promise<ReportOutput> {
  const data = applyCut(loadResults(resultsDir), opts.cut ?? {}, resultsDir);
  return writeReportFiles(data, opts.outDir ?? path.join(reportsDir, path.basename(path.resolve(resultsDir))), resultsDir, opts);
}

/** Several results folders in one report (a row per sweep by default) under <reportsDir>/<a>+<b>/. */
export async function generateCombinedReport(resultsDirs: readonly string[], reportsDir: string, opts: ReportOptions = {}): Promise<ReportOutput> {
  const names = sweepNames(resultsDirs);
  const merged = mergeResults(names, resultsDirs.map((d) => loadResults(d)));
  const data = applyCut(merged, opts.cut ?? {}, resultsDirs.join(' '));
  const folder = names.map((n) => path.basename(n)).join('+');
  return writeReportFiles(data, opts.outDir ?? path.join(reportsDir, folder), resultsDirs.join(', '), opts);
}

async function writeReportFiles(data: ResultsData, out: string, resultsDir: string, opts: ReportOptions): Promise<ReportOutput> {
  const model = buildReport(data);
  const chartsDir = path.join(out, 'charts');
  fs.mkdirSync(chartsDir, { recursive: true });
  // Charts a previous report drew but this one does not would otherwise linger beside it.
  for (const name of ALL_CHARTS) {
    for (const ext of ['.svg', '.vl.json']) fs.rmSync(path.join(chartsDir, name + ext), { force: true });
  }
  const warnings = [...model.warnings];
  const rendered: RenderedChart[] = [];
  for (const [i, chart] of model.charts.entries()) {
    const specFile = `charts/${chart.name}.vl.json`;
    const svgFile = `charts/${chart.name}.svg`;
    writeAtomically(path.join(out, specFile), JSON.stringify(chart.spec, null, 2) + '\n');
    let svg: string | null = null;
    try {
      const raw = await renderSvg(chart.spec);
      writeAtomically(path.join(out, svgFile), raw + '\n');
      svg = scopeSvgIds(raw, `f${i + 1}`);
    } catch (e) {
      warnings.push(`chart ${chart.name} could not be rendered: ${(e as Error).message.split('\n')[0]}`);
    }
    rendered.push({ chart, svg, svgFile, specFile });
  }
  const html = renderHtml({ ...model, warnings }, rendered, {
    generatedAt: (opts.now ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z'),
    ...(opts.live ? { live: opts.live } : {}),
    resultsDir,
  });
  const htmlPath = path.join(out, 'index.html');
  const markdownPath = path.join(out, 'report.md');
  writeAtomically(htmlPath, html);
  writeAtomically(markdownPath, renderMarkdown({ ...model, warnings }, rendered.filter((r) => r.svg !== null)));
  return { htmlPath, markdownPath, warnings };
}
