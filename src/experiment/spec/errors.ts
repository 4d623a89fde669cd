/**
 * The one error type a spec problem becomes. Every message is one line that
 * names the file, the place and the fix, so the CLI can print it as is.
 */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  /**
   * @param file  the spec file, or the flag the value came from (e.g. "--set")
   * @param line  1-based line; 0 when the problem has no place in a file
   * @param col   1-based column; 0 when unknown
   */
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly detail: string,
  ) {
    super(formatLocation(file, line, col) + ': ' + oneLine(detail));
  }

  /** `file:line:col: message` on one line. */
  format(): string {
    return this.message;
  }

  override toString(): string {
    return this.message;
  }
}

export function isSpecError(e: unknown): e is SpecError {
  return e instanceof SpecError;
}

function formatLocation(file: string, line: number, col: number): string {
  if (line <= 0) return file;
  return col > 0 ? `${file}:${line}:${col}` : `${file}:${line}`;
}

/** Values quoted into messages may hold newlines; a message must stay one line. */
function oneLine(s: string): string {
  return s.replace(/\r?\n|\r/g, '\\n');
}

/** A value as it appears in a message: strings quoted, long values cut. */
export function show(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (v === undefined) s = 'nothing';
  else if (typeof v === 'number' && !Number.isFinite(v)) s = String(v);
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}
