/**
 * Spec text → plain JS value plus a way to find where any part of it was
 * written. The yaml package parses; a LineCounter turns node offsets into
 * line:col; hostile input (huge files, alias bombs, bad bytes, deep nesting)
 * is refused with a SpecError instead of a crash.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { SpecError } from './errors.js';

/** Specs are a page of YAML; anything near this size is a mistake or an attack. */
export const MAX_SPEC_BYTES = 1024 * 1024;
/** Aliases are handy for sharing a value list; thousands are an expansion bomb. */
export const MAX_ALIAS_COUNT = 100;

export type Path = readonly (string | number)[];

export interface Located {
  /** The document as plain data (maps → objects, sequences → arrays). */
  value: unknown;
  /** The 1-based position of the value at path (or of the nearest ancestor that exists). */
  at(path: Path): Pos;
  /** The position of the key of the map entry at path (falls back to the value's). */
  keyAt(path: Path): Pos;
}

export interface Pos {
  line: number;
  col: number;
}

/** UTF-8 bytes → text, refusing invalid bytes and oversized files with a one-line SpecError. */
export function decodeSpecBytes(bytes: Uint8Array, file: string): string {
  checkSpecSize(bytes.byteLength, file);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a BOM is legal UTF-8 but not YAML content
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const lines = before.split('\n');
    throw new SpecError(
      file,
      lines.length,
      lines[lines.length - 1]!.length + 1,
      `the file is not valid UTF-8 (byte 0x${bytes[bad]?.toString(16).padStart(2, '0') ?? '??'} at offset ${bad}) — save it as UTF-8`,
    );
  }
}

/** A spec of `bytes` bytes is refused past MAX_SPEC_BYTES (the CLI checks the size on disk before reading). */
export function checkSpecSize(bytes: number, file: string): void {
  if (bytes > MAX_SPEC_BYTES) {
    throw new SpecError(
      file,
      1,
      1,
      `spec is ${(bytes / (1024 * 1024)).toFixed(1)} MB; the limit is ${MAX_SPEC_BYTES / (1024 * 1024)} MB — a spec should be a short YAML file; use sweep: lists instead of spelling out runs`,
    );
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  const strict = new TextDecoder('utf-8', { fatal: true });
  // Binary search on the longest valid prefix; a cut mid-character counts as invalid, so step back over it.
  let lo = 0;
  let hi = b.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      strict.decode(b.subarray(0, mid));
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

/** Parse YAML text into data plus positions. Throws SpecError for any syntax problem. */
export function readYaml(text: string, file: string): Located {
  checkSpecSize(Buffer.byteLength(text, 'utf8'), file);
  const lc = new LineCounter();
  const pos = (offset: number): Pos => {
    const p = lc.linePos(offset);
    return p.line === 0 ? { line: 1, col: offset + 1 } : p;
  };
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' });
  } catch (e) {
    throw new SpecError(file, 1, 1, parserCrash(e));
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    const p = pos(problem.pos[0]);
    throw new SpecError(file, p.line, p.col, yamlMessage(problem.code, problem.message, text, problem.pos));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/alias/i.test(msg)) {
      throw new SpecError(file, 1, 1, `too many YAML aliases (limit ${MAX_ALIAS_COUNT}); aliases that expand into aliases are refused as a resource-exhaustion attack — write the values out`);
    }
    throw new SpecError(file, 1, 1, parserCrash(e));
  }
  const valuePos = new Map<string, Pos>();
  const keyPos = new Map<string, Pos>();
  if (doc.contents) index(doc.contents as Node, [], valuePos, keyPos, pos);
  const find = (m: Map<string, Pos>, path: Path): Pos => {
    for (let n = path.length; n >= 0; n--) {
      const p = m.get(pathKey(path.slice(0, n))) ?? valuePos.get(pathKey(path.slice(0, n)));
      if (p !== undefined) return p;
    }
    return { line: 1, col: 1 };
  };
  return { value, at: (p) => find(valuePos, p), keyAt: (p) => find(keyPos, p) };
}

function pathKey(path: Path): string {
  return JSON.stringify(path);
}

/** Record where every map value, map key and sequence item starts. Aliases are not followed (no bomb). */
function index(node: Node, path: (string | number)[], vals: Map<string, Pos>, keys: Map<string, Pos>, pos: (o: number) => Pos, depth = 0): void {
  if (node.range) vals.set(pathKey(path), pos(node.range[0]));
  if (depth > 64 || isAlias(node)) return;
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const k = isScalar(item.key) ? String(item.key.value) : String(item.key);
      const child = [...path, k];
      if (isScalar(item.key) && item.key.range) keys.set(pathKey(child), pos(item.key.range[0]));
      if (item.value && (item.value as Node).range) index(item.value as Node, child, vals, keys, pos, depth + 1);
      else if (isScalar(item.key) && item.key.range) vals.set(pathKey(child), pos(item.key.range[0]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (item && (item as Node).range) index(item as Node, [...path, i], vals, keys, pos, depth + 1);
    });
  }
}

function parserCrash(e: unknown): string {
  if (e instanceof RangeError) return 'the YAML is nested too deeply to read — flatten it';
  const msg = e instanceof Error ? e.message : String(e);
  return `the YAML could not be read: ${msg.split('\n')[0]}`;
}

/** The yaml package's messages, made specific where it helps (which key is duplicated). */
function yamlMessage(code: string, message: string, text: string, span: [number, number]): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
  if (code === 'DUPLICATE_KEY') {
    const key = text.slice(span[0], span[0] + 200).split(/[:\n]/)[0]!.trim();
    return `duplicate key ${JSON.stringify(key)} — each key may appear once in a section; delete or merge one of them`;
  }
  if (code === 'MULTIPLE_DOCS') return 'the file holds more than one YAML document (a second "---"); a spec is one document';
  if (code === 'TAB_AS_INDENT') return 'a tab is used for indentation; YAML needs spaces';
  if (code === 'TAG_RESOLVE_FAILED') return `${first} — specs use plain YAML values, no custom tags`;
  return `invalid YAML: ${first}`;
}
