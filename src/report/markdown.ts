/** report.md: the tables and findings as Markdown, linking the chart files, for a review form or a pull request. */
import type { SummaryTable } from './aggregate.js';
import type { ReportModel } from './build.js';
import type { RenderedChart } from './html.js';
import { environmentRows } from './environment.js';
import { escapeMarkdown as e } from './escape.js';
import { cellDisplay, fmt, runValue, runValuesNote, sweptLabel } from './format.js';
import { shortKey } from './layout.js';
import { comparisonCaption, comparisonCells, comparisonHead, comparisonTitle } from './comparisons.js';
import { summaryCaption } from './html.js';
import { armTable, trialTable } from './search/tables.js';

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(head: string[], rows: string[][]): string {
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
}

function label(key: string | null, v: string): string {
  if (key === null) return '';
  return key === 'variant' ? v || '(base)' : v;
}

function summaryTable(t: SummaryTable, missingWord?: string): string {
  const corner = [t.rowKey, t.colKey].filter((x) => x !== null).join(' \\ ');
  const head = [e(corner), ...t.colValues.map((v) => e(t.colKey === null ? t.measure.label : label(t.colKey, v)))];
  const rows = t.rowValues.map((rv, r) => [
    e(t.rowKey === null ? t.measure.label : label(t.rowKey, rv)),
    ...t.colValues.map((_, c) => {
      const d = cellDisplay(t.cells[r]![c]!, missingWord);
      if (t.chance[r]![c]) d.notes.push('near chance');
      const text = e(d.main) + (d.notes.length ? ` (${e(d.notes.join(', '))})` : '');
      return t.best[r]![c] ? `**★ ${text}**` : t.leader[r]![c] ? `☆ ${text}` : text;
    }),
  ]);
  return (t.title ? `#### ${e(t.title)}\n\n` : '') + table(head, rows);
}

function comparisons(t: SummaryTable): string {
  if (t.comparisons.length === 0) return '';
  return `${comparisonTitle(t)}${t.title ? ` (${e(t.title)})` : ''}. ${e(comparisonCaption(t))}\n\n`
    + table(comparisonHead(t).map(e), t.comparisons.map((k) => comparisonCells(t, k).map(e)));
}

export function renderMarkdown(m: ReportModel, charts: RenderedChart[]): string {
  const d = m.data;
  const out: string[] = [`# ${e(d.name)}`];
  if (d.spec.description) out.push(e(d.spec.description));
  if (m.completeness) out.push(`> **${e(m.completeness)}**`);
  const f = m.findings;
  out.push('## Findings', ...f.headline.map((x) => `${x.title ? `**${e(x.title)}:** ` : ''}${e(x.text)}`));
  if (f.notes.length) out.push(f.notes.map((n) => `- ${e(n)}`).join('\n'));
  if (f.details.length) out.push('### Leader against runner-up', f.details.map((d) => `- ${e(d)}`).join('\n'));
  if (m.search) {
    out.push('## Search', ...m.search.description.map(e));
    const arms = armTable(m.search);
    if (arms) out.push("### Each arm's choice and its test", table(arms.head.map(e), arms.rows.map((r) => r.map(e))));
    const trials = trialTable(m.search);
    out.push('### Trials, best first', table(trials.head.map(e), trials.rows.map((r) => r.map(e))), ...(trials.note ? [e(trials.note)] : []));
    if (m.search.notes.length) out.push(m.search.notes.map((n) => `- ${e(n)}`).join('\n'));
  }
  out.push(`## Summary: ${e(m.metric)}`,
    e(summaryCaption(m)));
  for (const t of m.tables) out.push(summaryTable(t));
  for (const t of m.tables) if (comparisons(t)) out.push(comparisons(t));
  if (m.gapTables.length) {
    out.push('### Generalization gap');
    for (const t of m.gapTables) out.push(summaryTable(t), comparisons(t));
  }
  if (m.targetTables.length) {
    out.push('### Epochs to reach the target');
    for (const t of m.targetTables) out.push(summaryTable(t, 'not reached'));
  }
  out.push('## Charts', charts.length
    ? charts.map((c, i) => `- Figure ${i + 1}. [${e(c.chart.title)}](${c.svgFile}) ([Vega-Lite spec](${c.specFile}))`).join('\n')
    : 'No charts fit these results.');
  out.push('## Failures and diverged runs', m.problemRuns.length === 0 ? 'None: every run completed.' : table(
    ['run', 'configuration', 'seed', 'status', 'diverged at epoch', 'error'],
    m.problemRuns.map((r) => [
      e(r.run_id), e(m.groups.find((g) => g.runs.includes(r))?.label ?? sweptLabel(r)), e(r.seed), e(r.status), e(fmt(r.diverged_epoch)), e(r.error || '—'),
    ]),
  ));
  out.push('## Every run', runValuesNote(m.score), table(
    ['run', ...m.keys.map((k) => e(k === 'variant' ? k : shortKey(k))), 'seed', 'status', 'epochs', m.metric],
    d.runs.map((r) => [e(r.run_id), ...m.keys.map((k) => e(k === 'variant' ? r.variant : r.swept[k])), e(r.seed), e(r.status), e(fmt(r.epochs)), e(runValue(r.metrics[m.metric]))]),
  ));
  const env = environmentRows(d.environment);
  if (env.length) out.push('## Environment', table(['', ''], env.map(([k, v]) => [e(k), e(v)])));
  if (d.specText !== null) {
    // A fence longer than any backtick run in the spec, so the spec cannot close it.
    const longest = Math.max(2, ...(d.specText.match(/`+/g) ?? []).map((s) => s.length));
    const fence = '`'.repeat(longest + 1);
    out.push('## The spec as run', `${fence}yaml\n${d.specText.replace(/\n$/, '')}\n${fence}`);
  }
  return out.join('\n\n') + '\n';
}
