/** reports/index.html: every experiment of a results folder on one static page, no script, nothing fetched. */
import type { CatalogEntry } from './catalog.js';
import { escapeHtml as h } from './escape.js';
import { fmt } from './format.js';
import { pageHead } from './style.js';

export function bestText(e: CatalogEntry): string {
  const b = e.best;
  if (!b) return '—';
  return `${b.label}: ${b.metric} ${fmt(b.mean)} [${fmt(b.lo, 3)}, ${fmt(b.hi, 3)}]${b.starred ? ' ★' : ''} (n=${b.n})`;
}

export function runsText(e: CatalogEntry): string {
  return `${e.done} of ${e.total ?? '?'}${e.failed ? ` (${e.failed} failed)` : ''}`;
}

/** The page; `reportOf` gives the link to an experiment's report relative to the page, or null when it has none. */
export function renderCatalog(entries: readonly CatalogEntry[], resultsDir: string, generatedAt: string, reportOf: (e: CatalogEntry) => string | null): string {
  const rows = entries.map((e) => {
    const link = reportOf(e);
    const name = link ? `<a href="${h(link)}">${h(e.name)}</a>` : h(e.name);
    return `<tr><th>${name}${e.question ? `<span class="sub">${h(e.question)}</span>` : ''}</th><td class="${e.status === 'complete' ? '' : 'bad'}">${h(e.status)}</td>`
      + `<td class="num">${h(runsText(e))}</td><td>${h(bestText(e))}</td><td class="num">${h(e.updated)}</td></tr>`;
  }).join('\n');
  return `${pageHead('nnlab experiments')}
<body>
<main>
<header><h1>Experiments</h1><p class="meta">nnlab · ${entries.length} experiment${entries.length === 1 ? '' : 's'} in <code>${h(resultsDir)}</code> · generated ${h(generatedAt)}</p></header>
${entries.length === 0 ? '<p>No results yet: run an experiment, e.g. <code>nnlab run experiments/quick.yaml</code>.</p>' : `<div class="scroll"><table><thead><tr><th>experiment</th><th>status</th><th>runs</th><th>best cell (mean [95% t interval]; ★ = separated from the rest of its column)</th><th>last update</th></tr></thead><tbody>
${rows}
</tbody></table></div>`}
<p class="small">Status: complete (every planned run recorded), running (a live lock holds the folder), partial (runs missing), failed (a run failed; the next nnlab run retries it). The best cell counts every seed, as the reports do.</p>
</main>
</body>
</html>
`;
}
