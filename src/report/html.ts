/**
 * The HTML page: one self-contained file with the charts' SVG inline, no
 * script and nothing fetched. Every string from the results is escaped here.
 */
import type { CellStats, SummaryTable } from './aggregate.js';
import type { ReportModel } from './build.js';
import type { Score } from './model.js';
import type { Chart } from './charts/common.js';
import { environmentRows } from './environment.js';
import { escapeHtml as h } from './escape.js';
import { cellDisplay, duration, fmt, runValue, runValuesNote, sweptLabel } from './format.js';
import { metricTask } from '../experiment/spec/metrics.js';
import { shortKey } from './layout.js';
import { comparisonCaption, comparisonCells, comparisonHead, comparisonTitle, FOLD_ROWS } from './comparisons.js';
import { MIN_SEEDS_FOR_CI } from './stats/index.js';
import { pageHead } from './style.js';
import type { SearchSection } from './search/section.js';
import { armTable, trialTable, type PlainTable } from './search/tables.js';
import { count } from './words.js';

export interface RenderedChart {
  chart: Chart;
  /** SVG markup (already id-scoped), or null if rendering failed. */
  svg: string | null;
  /** Paths relative to the page. */
  svgFile: string;
  specFile: string;
}

export interface PageMeta {
  generatedAt: string;
  resultsDir: string;
  /** Set while the sweep runs: the page shows a banner and reloads itself (no script: a meta refresh). */
  live?: LiveStatus;
}

export interface LiveStatus {
  done: number;
  total: number;
  startedAt: string;
  /** Seconds to go, estimated from the runs so far; null before the first. */
  etaSeconds: number | null;
  refreshSeconds: number;
}

function liveBanner(l: LiveStatus): string {
  const eta = l.etaSeconds === null ? '' : `, ETA ${duration(l.etaSeconds)}`;
  return `<div class="note live"><strong>running: ${l.done} of ${count(l.total, 'run')}, started ${h(l.startedAt)}${h(eta)}</strong>. This page reloads itself every ${l.refreshSeconds} s while the sweep runs; the numbers below cover the finished runs only.</div>`;
}

function cellHtml(c: CellStats, best: boolean, leader: boolean, missingWord?: string, chance = false): string {
  const d = cellDisplay(c, missingWord);
  if (chance) d.notes.push('near chance');
  const bad = c.stats === null && c.total > 0 ? ' bad' : '';
  const sub = d.notes.length ? `<span class="sub${c.completed < c.total ? ' bad' : ''}">${h(d.notes.join(' · '))}</span>` : '';
  const mark = best ? '★ ' : leader ? '☆ ' : '';
  return `<td class="num${best ? ' best' : ''}${bad}">${mark}${h(d.main)}${sub}</td>`;
}

function axisLabel(key: string | null, v: string): string {
  if (key === null) return '';
  return key === 'variant' ? v || '(base)' : v;
}

/** How to read the summary tables: the counting rule and the marks. */
export function summaryCaption(m: ReportModel): string {
  const dir = m.tables[0]?.measure.higherBetter === false ? 'lowest' : 'highest';
  return `Mean ± sample standard deviation (divisor n − 1) of the final ${m.metric} over every seed of a configuration. `
    + `Every seed counts: a diverged or failed seed counts at its untrained (epoch-0) level, a seed that failed to learn with its measured value; a cell says "k/n succeeded" when not all n did (succeeded: trained to the end with a final training loss below the untrained one; a success can still sit at chance, which the findings say and no ★ ever marks), and gives the survivor-only mean (succeeded seeds), labelled, beside it. `
    + `★ marks the ${dir} mean in its column when it is clear of the untrained level and a Welch test separates it from every other row there after Holm's correction over the table's comparisons; ☆ marks a best mean the seeds do not separate; ties are not marked. `
    + `A cell whose diverged or failed seed cannot be scored (no epoch-0 row) shows its survivor mean, labelled, and is never ranked.`;
}

function summaryTableHtml(t: SummaryTable, missingWord?: string): string {
  const corner = `${t.rowKey ? h(t.rowKey) : ''}${t.rowKey && t.colKey ? ' \\ ' : ''}${t.colKey ? h(t.colKey) : ''}`;
  const head = `<tr><th class="corner">${corner}</th>${t.colValues.map((v) => `<th>${h(t.colKey === null ? t.measure.label : axisLabel(t.colKey, v))}</th>`).join('')}</tr>`;
  // A one-row table's row is labelled by its measure, never "all" (a variant may be called "all").
  const body = t.rowValues.map((rv, r) =>
    `<tr><th>${h(t.rowKey === null ? t.measure.label : axisLabel(t.rowKey, rv))}</th>${t.colValues.map((_, c) => cellHtml(t.cells[r]![c]!, t.best[r]![c]!, t.leader[r]![c]!, missingWord, t.chance[r]![c]!)).join('')}</tr>`,
  ).join('\n');
  const title = t.title ? `<h3>${h(t.title)}</h3>` : '';
  return `${title}<div class="scroll"><table><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

/**
 * The answer first (a paragraph per table), the short notes, then the
 * per-column detail folded into a <details>, which needs no script; print CSS opens it.
 */
function findingsHtml(m: ReportModel): string {
  const f = m.findings;
  const head = f.headline.map((x) => `<p>${x.title ? `<strong>${h(x.title)}:</strong> ` : ''}${h(x.text)}</p>`).join('\n');
  const notes = f.notes.length ? `<ul class="findings">${f.notes.map((n) => `<li>${h(n)}</li>`).join('\n')}</ul>` : '';
  const col = m.tables[0]?.colKey;
  const more = f.details.length === 0 ? '' : `<details class="more"><summary>Leader against runner-up at each ${h(col ? shortKey(col) : 'setting')} (${f.details.length} comparisons)</summary>
<ul class="findings">${f.details.map((d) => `<li>${h(d)}</li>`).join('\n')}</ul></details>`;
  return `<div class="headline">${head}</div>\n${notes}\n${more}`;
}

function comparisonsHtml(t: SummaryTable): string {
  if (t.comparisons.length === 0) return '';
  const head = `<thead><tr>${comparisonHead(t).map((x) => `<th>${h(x)}</th>`).join('')}</tr></thead>`;
  const rowHtml = (k: SummaryTable['comparisons'][number]) => {
    const cells = comparisonCells(t, k);
    const last = cells.length - 1;
    return `<tr>${cells.map((x, i) => (i === last ? `<td${k.separated ? '' : ' class="small"'}>${h(x)}</td>` : `<td${i >= cells.length - 10 && i < last ? ' class="num"' : ''}>${h(x)}</td>`)).join('')}</tr>`;
  };
  const shown = t.comparisons.slice(0, FOLD_ROWS).map(rowHtml).join('\n');
  const rest = t.comparisons.slice(FOLD_ROWS);
  // Past FOLD_ROWS the table folds, so a long family does not push the charts pages down.
  const folded = rest.length === 0 ? '' : `<details class="more"><summary>${rest.length} more comparisons</summary><div class="scroll"><table>${head}<tbody>
${rest.map(rowHtml).join('\n')}
</tbody></table></div></details>`;
  return `<h3>${h(comparisonTitle(t))}${t.title ? ` (${h(t.title)})` : ''}</h3>
<p class="caption">${h(comparisonCaption(t))}</p>
<div class="scroll"><table>${head}<tbody>
${shown}
</tbody></table></div>${folded}`;
}

/**
 * Every measure per configuration, as two narrower tables (the task's scores — accuracies, or
 * r2/rmse/mae —, then losses and epochs) so each fits a printed page.
 */
function overviewHtml(m: ReportModel): string {
  const scores = m.overviewMeasures.filter((x) => metricTask(x.id) !== null);
  const rest = m.overviewMeasures.filter((x) => metricTask(x.id) === null);
  return [scores, rest].filter((ms) => ms.length > 0).map((ms) => overviewTable(m, ms)).join('\n');
}

function overviewTable(m: ReportModel, measures: ReportModel['overviewMeasures']): string {
  const head = `<tr><th>configuration</th><th>runs</th>${measures.map((x) => `<th>${h(x.label)}</th>`).join('')}</tr>`;
  const body = m.overview.map((o) => {
    const runs = o.group.runs;
    const done = runs.filter((r) => r.status === 'completed').length;
    const cells = measures.map((x) => {
      const c = o.cells[x.id]!;
      const range = c.stats && c.stats.n > 1 ? `<span class="sub">${h(fmt(c.stats.min))} – ${h(fmt(c.stats.max))}</span>` : '';
      return `<td class="num">${h(cellDisplay(c, x.id === 'epochs_to_target' ? 'not reached' : undefined).main)}${range}</td>`;
    }).join('');
    const status = `${done}/${runs.length} succeeded${runs.length > done ? `<span class="sub bad">${h(statusCounts(runs.map((r) => r.status)))}</span>` : ''}`;
    return `<tr><th>${h(o.group.label)}</th><td class="num">${status}</td>${cells}</tr>`;
  }).join('\n');
  return `<div class="scroll"><table><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

function statusCounts(statuses: string[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) if (s !== 'completed') counts.set(s || 'unknown', (counts.get(s || 'unknown') ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
}

function chartHtml(rc: RenderedChart, i: number): string {
  const c = rc.chart;
  const body = rc.svg ?? `<p class="bad">This chart could not be rendered; its Vega-Lite spec is in ${h(rc.specFile)}.</p>`;
  const notes = c.notes.length ? `<br>${c.notes.map(h).join(' ')}` : '';
  return `<figure id="chart-${i + 1}"><h3>Figure ${i + 1}. ${h(c.title)}</h3>${body}
<figcaption>${h(c.caption)}${notes} <span class="links">Files: <a href="${h(rc.svgFile)}">SVG</a>, <a href="${h(rc.specFile)}">Vega-Lite spec</a>.</span></figcaption></figure>`;
}

/** The per-run columns of each task: its scores, validation first, then the losses. */
const RUN_TABLE_METRICS: Record<Score['base'], readonly string[]> = {
  accuracy: ['val_accuracy', 'best_val_accuracy', 'test_accuracy', 'train_accuracy', 'val_loss', 'train_loss'],
  // train_rmse and train_mae stay in runs.csv: train_r2 already shows the fit to the training rows, and the page keeps its width.
  r2: ['val_r2', 'test_r2', 'train_r2', 'val_rmse', 'test_rmse', 'val_mae', 'test_mae', 'val_loss', 'train_loss'],
};

function runTableHtml(m: ReportModel): string {
  const metrics = RUN_TABLE_METRICS[m.score.base];
  const head = `<tr><th>run</th>${m.keys.map((k) => `<th>${h(k === 'variant' ? k : shortKey(k))}</th>`).join('')}<th>seed</th><th>status</th><th>epochs</th>${metrics.map((x) => `<th>${h(x)}</th>`).join('')}<th>time</th></tr>`;
  // By configuration (the order of the tables), then seed: not the completion order of parallel workers.
  const order = new Map(m.groups.flatMap((g, gi) => g.runs.map((r) => [r.run_id, gi] as const)));
  const runs = [...m.data.runs].sort((x, y) => (order.get(x.run_id)! - order.get(y.run_id)!) || (Number(x.seed) - Number(y.seed)) || x.seed.localeCompare(y.seed));
  const body = runs.map((r) => {
    const keys = m.keys.map((k) => `<td>${h(k === 'variant' ? r.variant : r.swept[k])}</td>`).join('');
    const ms = metrics.map((x) => `<td class="num">${h(runValue(r.metrics[x]))}</td>`).join('');
    const st = r.status === 'completed' ? h(r.status) : `<span class="bad">${h(r.status || 'unknown')}</span>`;
    return `<tr><td><code>${h(r.run_id)}</code></td>${keys}<td class="num">${h(r.seed)}</td><td>${st}</td><td class="num">${h(fmt(r.epochs))}</td>${ms}<td class="num">${h(duration(r.seconds))}</td></tr>`;
  }).join('\n');
  return `<div class="scroll"><table><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

function problemsHtml(m: ReportModel): string {
  if (m.problemRuns.length === 0) return '<p>None: every run completed.</p>';
  const rows = m.problemRuns.map((r) => {
    const g = m.groups.find((x) => x.runs.includes(r));
    return `<tr><td><code>${h(r.run_id)}</code></td><td>${h(g?.label ?? sweptLabel(r))}</td><td class="num">${h(r.seed)}</td><td class="bad">${h(r.status || 'unknown')}</td>`
      + `<td class="num">${h(fmt(r.diverged_epoch))}</td><td class="err">${h(r.error || '—')}</td></tr>`;
  }).join('\n');
  return `<p class="caption">Runs that did not learn. Diverged runs stopped when a loss became NaN or infinite; failed runs stopped with an error; both count at their untrained (epoch-0) level in every mean, ranking and test. Runs that failed to learn trained to the end but ended with a training loss above their untrained one; they count with their measured values.</p>
<div class="scroll"><table><thead><tr><th>run</th><th>configuration</th><th>seed</th><th>status</th><th>diverged at epoch</th><th>error</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

function environmentHtml(m: ReportModel): string {
  const rows = environmentRows(m.data.environment);
  if (rows.length === 0) return '<p>environment.json is missing or empty.</p>';
  return `<table><tbody>${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`).join('')}</tbody></table>`;
}

function plainTableHtml(t: PlainTable): string {
  return `<table><thead><tr>${t.head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>${t.note ? `<p class="small">${h(t.note)}</p>` : ''}`;
}

function searchHtml(s: SearchSection): string {
  const arms = armTable(s);
  return `${s.description.map((d) => `<p>${h(d)}</p>`).join('\n')}
${arms ? `<h3>Each arm's choice and its test</h3>${plainTableHtml(arms)}` : ''}
<h3>Trials, best first</h3><p class="caption">Mean ${h(s.info.selection)} over each trial's seeds${s.info.halving ? ' at the furthest rung it reached (trials that went further rank first)' : ''}.</p>${plainTableHtml(trialTable(s))}
${s.notes.length ? `<ul>${s.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : ''}`;
}

export function renderHtml(m: ReportModel, charts: RenderedChart[], meta: PageMeta): string {
  const d = m.data;
  const metricTitle = m.metric;
  const notes = [
    ...(meta.live ? [liveBanner(meta.live)] : []),
    ...(m.completeness && !meta.live ? [`<div class="note"><strong>${h(m.completeness)}</strong></div>`] : []),
    ...(m.warnings.length ? [`<div class="note"><strong>Warnings while reading the results</strong><ul>${m.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul></div>`] : []),
  ].join('\n');
  const missingTarget = 'not reached';
  const skipped = m.skippedCharts.length
    ? `<p class="small">Not drawn: ${m.skippedCharts.map((s) => `${h(s.name)} (${h(s.reason)})`).join('; ')}.</p>` : '';
  const sections: [string, string, string][] = [
    ['findings', 'Findings', findingsHtml(m)],
    ...(m.search ? [['search', 'Search', searchHtml(m.search)] as [string, string, string]] : []),
    ['summary', `Summary: ${metricTitle}`, `<p class="caption">${h(summaryCaption(m))}</p>
${m.tables.map((t) => summaryTableHtml(t)).join('\n')}
${m.tables.map((t) => comparisonsHtml(t)).join('\n')}
${m.gapTables.length ? `<h3>Generalization gap</h3><p class="caption">Final train − validation ${h(m.score.name)} per level, over the seeds that trained to the end (a diverged net has no meaningful gap; its cell counts it). Smaller means less overfitting.</p>${m.gapTables.map((t) => summaryTableHtml(t) + comparisonsHtml(t)).join('\n')}` : ''}
${m.targetTables.length ? `<h3>Epochs to reach the target</h3><p class="caption">First epoch whose validation accuracy reached the target, mean ± sample std over the completed seeds that reached it; "not reached" counts the others.</p>${m.targetTables.map((t) => summaryTableHtml(t, missingTarget)).join('\n')}` : ''}
<h3>All configurations</h3><p class="caption">Every metric per configuration: mean ± sample std over every seed (diverged and failed seeds at their untrained level where the metric has one), range (min – max) below.</p>
${overviewHtml(m)}`],
    ['charts', 'Charts', (charts.length ? charts.map(chartHtml).join('\n') : '<p>No charts fit these results.</p>') + skipped],
    ['failures', 'Failures and diverged runs', problemsHtml(m)],
    ['runs', 'Every run', `<p class="caption">Final values of each run (${d.runs.length} in all). ${h(runValuesNote(m.score))}</p>${runTableHtml(m)}`],
    ['spec', 'The spec as run', d.specText === null ? '<p>spec.yaml is missing from the results folder.</p>' : `<pre>${h(d.specText)}</pre>`],
    ['environment', 'Environment', `${environmentHtml(m)}
<p class="small">To check these numbers without trusting this page: <code>nnlab verify ${h(meta.resultsDir)}</code> retrains a seeded sample of the recorded runs from the spec as run and compares every value bit for bit (<code>--runs 0</code> for all, <code>--seed S</code> for your own sample).</p>`],
  ];
  return `${pageHead(`${h(d.name)} — nnlab report`, meta.live?.refreshSeconds)}
<body>
<main>
<header>
<h1>${h(d.name)}</h1>
${d.spec.description ? `<p class="question">${h(d.spec.description)}</p>` : ''}
<p class="meta">nnlab report · ${m.search ? `${m.search.runs} runs; the tables compare ${d.runs.length} in ${m.groups.length} configurations` : `${count(d.runs.length, 'run')} in ${count(m.groups.length, 'configuration')}`} · results: <code>${h(meta.resultsDir)}</code> · generated ${h(meta.generatedAt)}</p>
</header>
${notes}
<nav><ol>${sections.map(([id, title]) => `<li><a href="#${id}">${h(title)}</a></li>`).join('')}</ol></nav>
${sections.map(([id, title, body]) => `<section id="${id}">\n<h2>${h(title)}</h2>\n${body}\n</section>`).join('\n')}
<p class="small">Statistics (each explained in docs/report.md): standard deviations are sample standard deviations (n − 1). Intervals are two-sided 95% Welch intervals and seeded percentile-bootstrap intervals, given when both sides have at least ${MIN_SEEDS_FOR_CI} seeds. Claims of a best configuration are Holm-corrected over the comparisons of their table.</p>
</main>
</body>
</html>
`;
}
