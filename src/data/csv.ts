/**
 * Any numeric CSV a user points to: one label column, every other column a
 * feature. Labels may be numbers or strings; their distinct values become
 * classes 0..k-1 in sorted order (numerically when all are numbers), so the
 * same file always gives the same class indices.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import type { Dataset } from './dataset.js';
import { prepare, type Samples } from './prepare.js';
import type { DataSpec } from './spec.js';

export interface CsvOptions {
  /** Label column: a header name, or a 0-based index (the only form without a header); null = the last column. */
  label: string | number | null;
  /** Is the first row a header of column names? */
  header: boolean;
  /** Regression: the real-valued target columns (names or 0-based indices); the label is then unused. */
  targets?: readonly (string | number)[];
}

export interface CsvTable extends Samples {
  /** Names of the feature columns (header names, or "column <i>"). */
  columns: string[];
  /** The label value of each class index. */
  classNames: string[];
}

/** The largest finite float32; within it every scaling (and its float64 sums of squares) stays finite. */
const FLOAT32_MAX = 3.4028234663852886e38;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Sort label values: numerically when every one is a number, else by code point (locale-free). */
function sortLabels(values: string[]): string[] {
  if (values.every((v) => NUMBER.test(v))) return values.sort((a, b) => Number(a) - Number(b));
  return values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Parse CSV text (pure). `file` names the source in error messages. */
export function parseCsv(text: string, file: string, opts: CsvOptions): CsvTable {
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false });
  // Delimiter auto-detection "fails" harmlessly on one-column files; anything else is a real error.
  const err = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (err) throw new Error(`${file} line ${(err.row ?? 0) + 1}: ${err.message}; fix the quoting of that line`);
  // Keep 1-based line numbers; drop blank lines (a lone empty field), e.g. the final newline.
  const lines = parsed.data.map((cells, i) => ({ cells, line: i + 1 })).filter((l) => !(l.cells.length === 1 && l.cells[0]!.trim() === ''));
  if (lines.length === 0) throw new Error(`${file}: the file is empty; point data.path at a CSV with rows`);
  const width = lines[0]!.cells.length;
  const names = opts.header ? lines[0]!.cells.map((c) => c.trim()) : Array.from({ length: width }, (_, i) => `column ${i}`);
  const body = opts.header ? lines.slice(1) : lines;
  if (body.length === 0) throw new Error(`${file}: no data rows after the header; add rows or set data.header: false`);

  const column = (c: string | number, what: string): number => {
    if (typeof c === 'number') {
      if (!Number.isInteger(c) || c < 0 || c >= width) throw new Error(`${file}: ${what} ${c} is not a column index; the file has ${width} columns (0..${width - 1})`);
      return c;
    }
    const j = opts.header ? names.indexOf(c) : -1;
    if (j < 0) {
      const has = opts.header ? `the columns are ${names.map((n) => `"${n}"`).join(', ')}` : 'the file has no header (header: false), so give a 0-based column index';
      throw new Error(`${file}: ${what} column "${c}" not found; ${has}`);
    }
    return j;
  };
  const targetCols = opts.targets?.map((c) => column(c, 'data.target'));

  let labelCol: number;
  if (targetCols !== undefined) labelCol = -1;
  else if (opts.label === null) labelCol = width - 1;
  else if (typeof opts.label === 'number') {
    if (!Number.isInteger(opts.label) || opts.label < 0 || opts.label >= width) {
      throw new Error(`${file}: data.label ${opts.label} is not a column index; the file has ${width} columns (0..${width - 1})`);
    }
    labelCol = opts.label;
  } else {
    labelCol = opts.header ? names.indexOf(opts.label) : -1;
    if (labelCol < 0) {
      const has = opts.header ? `the columns are ${names.map((n) => `"${n}"`).join(', ')}` : 'the file has no header (header: false), so give a 0-based column index';
      throw new Error(`${file}: data.label column "${opts.label}" not found; ${has}`);
    }
  }
  if (targetCols !== undefined) {
    if (targetCols.length === 0) throw new Error(`${file}: data.target lists no columns; name the target column(s), e.g. target: [price]`);
    if (new Set(targetCols).size !== targetCols.length) throw new Error(`${file}: data.target names a column twice`);
    if (targetCols.length >= width) throw new Error(`${file}: data.target takes all ${width} columns; at least one must stay a feature`);
  } else if (width < 2) throw new Error(`${file}: needs a label column and at least one feature column, but has ${width} column`);

  const isTarget = new Set(targetCols ?? []);
  const nt = targetCols?.length ?? 0;
  const features = width - (targetCols !== undefined ? nt : 1);
  const colName = (j: number): string => (opts.header ? `column "${names[j]}"` : `column ${j}`);
  const x = new Float64Array(body.length * features);
  const t = new Float64Array(body.length * nt);
  const rawLabels: string[] = [];
  body.forEach(({ cells, line }, i) => {
    if (cells.length !== width) {
      throw new Error(`${file} line ${line}: ragged row with ${cells.length} cells, expected ${width} like line ${lines[0]!.line}; fix that row`);
    }
    let k = 0, kt = 0;
    for (let j = 0; j < width; j++) {
      const cell = cells[j]!.trim();
      if (cell === '') throw new Error(`${file} line ${line}, ${colName(j)}: empty cell; fill it in or drop the row`);
      if (j === labelCol) {
        rawLabels.push(cell);
        continue;
      }
      if (!NUMBER.test(cell)) throw new Error(`${file} line ${line}, ${colName(j)}: "${cell}" is not a number`);
      const v = Number(cell);
      // Training runs in float32: a larger value (1e39, or 1e309, which is Infinity even as a double) became
      // an Infinity input and a run recorded as diverged at epoch 0, never retried. Refused like a non-number.
      if (!(Math.abs(v) <= FLOAT32_MAX)) {
        throw new Error(`${file} line ${line}, ${colName(j)}: "${cell}" is outside the range of 32-bit floats (±3.4e38) that training uses; rescale that column`);
      }
      if (isTarget.has(j)) t[i * nt + kt++] = v;
      else x[i * features + k++] = v;
    }
  });
  if (targetCols !== undefined) {
    // Targets in the order data.target lists them (the loop above met them in file order).
    const order = [...targetCols].sort((a, b) => a - b);
    const perm = targetCols.map((c) => order.indexOf(c));
    const tt = new Float64Array(t.length);
    for (let i = 0; i < body.length; i++) for (let q = 0; q < nt; q++) tt[i * nt + q] = t[i * nt + perm[q]!]!;
    const columns = names.filter((_, j) => !isTarget.has(j));
    return { x, y: new Int32Array(body.length), rows: body.length, features, columns, classNames: [], t: tt, targets: targetCols.map((c) => names[c]!) };
  }

  const classNames = sortLabels([...new Set(rawLabels)]);
  if (classNames.length < 2) {
    throw new Error(`${file}: the label ${colName(labelCol)} has a single value "${classNames[0]}"; classification needs at least 2 classes`);
  }
  const index = new Map(classNames.map((c, i) => [c, i]));
  const y = Int32Array.from(rawLabels, (l) => index.get(l)!);
  return { x, y, rows: body.length, features, columns: names.filter((_, j) => j !== labelCol), classNames };
}

/**
 * The largest data CSV read. The file is read and parsed whole (a cell is a string until it is
 * checked), which takes several times its size in memory; past ~512 MB Node cannot even hold it
 * as one string (a 1.1 GB file took 20 s and 2 GB before ERR_STRING_TOO_LONG).
 */
export const MAX_CSV_BYTES = 256 * 1024 * 1024;

function formatSize(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

/**
 * UTF-8 text of a CSV file. UTF-16 (what some spreadsheet tools save as "Unicode text") would read
 * as cells full of NUL characters and end in a puzzling "label not found": named instead.
 */
function decodeCsv(bytes: Buffer, file: string): string {
  const bom16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  const head = bytes.subarray(0, 1024);
  if (bom16 || (head.length > 1 && head.includes(0))) {
    throw new Error(`${file}: the file is ${bom16 ? 'UTF-16' : 'not text (it has NUL bytes; UTF-16?)'}; save it as UTF-8 (e.g. "CSV UTF-8" in a spreadsheet tool)`);
  }
  return bytes.toString('utf8');
}

/** Read the file at `spec.path` (relative paths from the current directory) and prepare it. */
export function loadCsv(spec: DataSpec): Dataset {
  if (!spec.path) throw new Error('data.path: the csv dataset needs a path to a CSV file, e.g. path: data/iris.csv');
  const file = resolve(spec.path);
  let bytes: Buffer;
  try {
    const st = statSync(file);
    // A fifo or device has no end (or no writer, and reading it waits forever); a folder keeps its EISDIR below.
    if (!st.isFile() && !st.isDirectory()) throw new Error(`${spec.path}: not a regular file (a device, pipe or socket); point data.path at a CSV file`);
    if (st.size > MAX_CSV_BYTES) {
      throw new Error(
        `${spec.path}: the file is ${formatSize(st.size)}; nnlab reads CSV data whole into memory and takes files up to ${formatSize(MAX_CSV_BYTES)} — point data.path at a sample of the rows`,
      );
    }
    bytes = readFileSync(file);
  } catch (e) {
    if (!(e as NodeJS.ErrnoException).code) throw e;
    throw new Error(`data.path: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path`);
  }
  const text = decodeCsv(bytes, spec.path);
  const regression = spec.task === 'regression';
  if (regression && (spec.target === undefined || spec.target.length === 0)) throw new Error(`data.target: task regression needs the target column(s), e.g. target: [price]`);
  const table = parseCsv(text, spec.path, { label: spec.label, header: spec.header, ...(regression ? { targets: spec.target } : {}) });
  const shape = spec.shape;
  if (shape !== undefined && shape[0] * shape[1] * shape[2] !== table.features) {
    throw new Error(`data.shape [${shape.join(', ')}] holds ${shape[0] * shape[1] * shape[2]} values per row, but ${spec.path} has ${table.features} feature columns; give channels×height×width = ${table.features}`);
  }
  const ds = prepare({ name: 'csv', classes: table.classNames.length, imageShape: shape ? [shape[1], shape[2]] : null, pool: table, test: null, defaultVal: null, unitDivisor: null }, spec);
  if (shape) ds.channels = shape[0];
  return ds;
}
