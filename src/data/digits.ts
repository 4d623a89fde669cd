/**
 * The 8×8 handwritten digits (UCI "Optical Recognition of Handwritten Digits",
 * E. Alpaydin & C. Kaynak, 1998, CC BY 4.0): 1797 images, 64 pixel counts in
 * 0..16 then the label. The same file scikit-learn's load_digits() reads,
 * shipped gzipped in the package's data/ folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseCsv, type CsvTable } from './csv.js';
import type { Dataset } from './dataset.js';
import { bundledDataFile } from './paths.js';
import { prepare } from './prepare.js';
import type { DataSpec } from './spec.js';

export const DIGITS_FILE = 'digits.csv.gz';
export const DIGITS_ROWS = 1797;

/** Parse the CSV text (pure) and check it is the digits table: 64 features in 0..16, labels 0..9. */
export function parseDigits(text: string, file: string): CsvTable {
  const t = parseCsv(text, file, { label: 64, header: false });
  if (t.features !== 64) throw new Error(`${file}: expected 64 pixel columns and a label, got ${t.features + 1} columns; restore the file from the package`);
  if (t.classNames.join() !== '0,1,2,3,4,5,6,7,8,9') {
    throw new Error(`${file}: expected labels 0..9, got ${t.classNames.join(', ')}; restore the file from the package`);
  }
  for (let i = 0; i < t.x.length; i++) {
    const v = t.x[i]!;
    if (!(v >= 0 && v <= 16)) {
      throw new Error(`${file} line ${Math.floor(i / 64) + 1}, column ${i % 64}: pixel ${v} is outside 0..16; restore the file from the package`);
    }
  }
  return t;
}

let cached: CsvTable | null = null;

export function readDigits(): CsvTable {
  if (cached) return cached;
  const path = bundledDataFile(DIGITS_FILE);
  if (!existsSync(path)) throw new Error(`digits: ${path} is missing; reinstall nnlab (the file ships in its data/ folder)`);
  let text: string;
  try {
    text = gunzipSync(readFileSync(path)).toString('utf8');
  } catch (e) {
    throw new Error(`digits: ${path} is not a valid gzip file (${(e as Error).message}); reinstall nnlab`);
  }
  cached = parseDigits(text, path);
  return cached;
}

export function loadDigits(spec: DataSpec): Dataset {
  const t = readDigits();
  return prepare({ name: 'digits', classes: 10, imageShape: [8, 8], pool: t, test: null, defaultVal: null, unitDivisor: 16 }, spec);
}
