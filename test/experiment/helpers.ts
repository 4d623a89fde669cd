import { parseSpec } from '../../src/experiment/spec/parse.js';
import { isSpecError, type SpecError } from '../../src/experiment/spec/errors.js';

/** The SpecError parseSpec throws for `text` (fails the test if it parses or throws something else). */
export function specError(text: string, file = 'x.yaml'): SpecError {
  try {
    parseSpec(text, file);
  } catch (e) {
    if (isSpecError(e)) return e;
    throw new Error(`expected a SpecError, got ${String(e)}`);
  }
  throw new Error('expected a SpecError, but the spec parsed');
}

/** The one-line message of the error for `text`. */
export function message(text: string): string {
  return specError(text).format();
}

/** Lines joined with "\n" — keeps multi-line specs readable in tests. */
export function yaml(...lines: string[]): string {
  return lines.join('\n') + '\n';
}
