/** The page's only stylesheet, inlined: system fonts, readable tables, and a print layout. */
export const STYLE = `
:root { color-scheme: light; --ink: #1d232a; --muted: #5b6670; --line: #d9dee3; --best: #e3f4e6; --bad: #a4262c; --warn-bg: #fff6e0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 26px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 6px; }
.question { font-size: 17px; margin: 6px 0 8px; white-space: pre-line; }
.meta, .caption, .small { color: var(--muted); font-size: 13px; }
.note { background: var(--warn-bg); border-left: 4px solid #e0a800; padding: 8px 12px; margin: 12px 0; }
.findings li { margin: 4px 0; }
.headline p { margin: 6px 0 8px; max-width: 980px; }
details.more { margin: 4px 0 0; }
details.more > summary { cursor: pointer; color: var(--muted); font-size: 14px; }
nav ol { list-style: none; padding: 0; margin: 10px 0; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 14px; }
table { border-collapse: collapse; margin: 8px 0 4px; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
thead th { background: #f3f5f7; }
th.corner { font-weight: normal; color: var(--muted); }
td.num { text-align: right; white-space: nowrap; }
td .sub { display: block; color: var(--muted); font-size: 11.5px; }
td.best { background: var(--best); font-weight: 600; }
td.best .sub { font-weight: normal; }
.bad { color: var(--bad); }
.scroll { overflow-x: auto; }
figure { margin: 18px 0 28px; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 13px; max-width: 820px; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: 10px; overflow-x: auto; font-size: 12.5px; white-space: pre-wrap; overflow-wrap: anywhere; }
code { font-size: 12.5px; }
td.err { max-width: 420px; overflow-wrap: anywhere; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav, .links { display: none; }
  /* A folded <details> would print as its summary line only: open it where ::details-content is supported; elsewhere the pairwise tables carry the same numbers. */
  details.more::details-content { content-visibility: visible; display: block; }
  details.more > summary { list-style: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table { page-break-inside: auto; font-size: 9pt; }
  th, td { padding: 2px 4px; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 15mm; }
}
`;

/**
 * The head of every page nnlab writes: the CSP that forbids scripts and any request, the style
 * inline, and (for a live report) a reload with no script.
 */
export function pageHead(title: string, refreshSeconds?: number): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refreshSeconds !== undefined ? `<meta http-equiv="refresh" content="${refreshSeconds}">\n` : ''}<title>${title}</title>
<style>${STYLE}</style>
</head>`;
}
