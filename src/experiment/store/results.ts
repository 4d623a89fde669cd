/**
 * The two results tables, their columns, and how rows become CSV text and back.
 * Pure: the store (src/experiment/store/store.ts) does the file IO; the report reads
 * through parseCsv too, so writer and reader agree on one definition.
 */
import Papa from 'papaparse';

// The column names live in columns.ts; re-exported so callers keep one import.
export * from '../../train/columns.js';

/** A value as runs.csv writes it (the report matches a spec's base value against swept columns this way). */
export function cell(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v); // NaN/Infinity as text, never blank
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return v;
  return JSON.stringify(v); // arrays/objects in swept values, e.g. hidden: [256, 256]
}

/**
 * CSV text for rows (each line ends in "\n", so an append is whole lines).
 * Text cells a spreadsheet would run as a formula (=, +, -, @) are neutralized
 * by papaparse's escapeFormulae; numbers stay numbers.
 */
export function formatCsv(columns: readonly string[], rows: readonly Record<string, unknown>[], header: boolean): string {
  const data = rows.map((r) => columns.map((c) => cell(r[c])));
  const text = Papa.unparse(
    { fields: [...columns], data },
    { header, newline: '\n', escapeFormulae: true, quotes: false },
  );
  return text.length > 0 ? text + '\n' : '';
}

export interface ParsedCsv {
  columns: string[];
  rows: Record<string, string>[];
  /** Human-readable problems (a final line cut off mid-write, ragged rows); the rows they affect are dropped. */
  warnings: string[];
}

/**
 * Parse a results table. A last line without its newline is what a crash or a
 * full disk leaves: it is dropped with a warning rather than read as data.
 */
export function parseCsv(text: string, file: string): ParsedCsv {
  const t = parseCsvRows(text, file);
  return { ...t, rows: dedupe(t.columns, t.rows, file, t.warnings) };
}

/** parseCsv without the deduplication: every row as in the file (for checks that a file holds each run once). */
export function parseCsvRows(text: string, file: string): ParsedCsv {
  const warnings: string[] = [];
  // A spreadsheet tool that saves the file back writes CRLF; our appends then add LF lines. Papaparse
  // takes its line ending from the first line, so the LF lines would all read as one ragged row and
  // be lost: every line ending is read as LF instead.
  let body = text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
  if (body.length > 0 && !body.endsWith('\n')) {
    const cut = body.lastIndexOf('\n');
    warnings.push(`${file}: last line is incomplete (cut off mid-write); ignoring it`);
    body = cut >= 0 ? body.slice(0, cut + 1) : '';
  }
  if (body.trim() === '') return { columns: [], rows: [], warnings };
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: true });
  const [head, ...lines] = parsed.data;
  const columns = head ?? [];
  const rows: Record<string, string>[] = [];
  lines.forEach((line, i) => {
    if (line.length !== columns.length) {
      warnings.push(`${file}: line ${i + 2} has ${line.length} cells, expected ${columns.length}; ignoring it`);
      return;
    }
    const row: Record<string, string> = {};
    columns.forEach((c, j) => (row[c] = line[j]!));
    rows.push(row);
  });
  return { columns, rows, warnings };
}

/**
 * Each run once (runs.csv), each epoch of a run once (epochs.csv): a row that appears again, e.g.
 * from two overlapping shards of an older nnlab, must not count twice in a mean. The last row wins,
 * as in a Map of the rows (the run's epoch rows and its runs.csv row are appended together, so the
 * last of each belong to the same session).
 */
function dedupe(columns: readonly string[], rows: Record<string, string>[], file: string, warnings: string[]): Record<string, string>[] {
  if (!columns.includes('run_id')) return rows;
  const perEpoch = columns.includes('epoch');
  const key = (r: Record<string, string>): string => (perEpoch ? `${r.run_id}\u0000${r.epoch}` : r.run_id!);
  const last = new Map<string, number>();
  rows.forEach((r, i) => last.set(key(r), i));
  if (last.size === rows.length) return rows;
  const dup = [...new Set(rows.filter((r, i) => last.get(key(r)) !== i).map((r) => r.run_id!))];
  const what = perEpoch ? 'epoch rows of run' : 'run';
  warnings.push(`${file}: ${what}${dup.length > 1 ? 's' : ''} ${dup.slice(0, 5).join(', ')}${dup.length > 5 ? ` and ${dup.length - 5} more` : ''} appear${dup.length > 1 ? '' : 's'} more than once; keeping the last row of each`);
  return rows.filter((r, i) => last.get(key(r)) === i);
}

/**
 * The text a stored cell stands for: the quote formatCsv put before a leading
 * =, +, -, @, tab or CR (so spreadsheets do not run it) is not part of it. For
 * readers that show values (report, compare); the store keeps cells as stored.
 */
export function unescapeCell(v: string): string {
  return /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v;
}

/** A numeric cell: '' → null, 'NaN'/'Infinity' kept as such. */
export function num(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isNaN(n) && v !== 'NaN' ? null : n;
}
