/** Spec file text → validated ExperimentSpec: the entry point the CLI and the report use. */
import { readYaml } from './source.js';
import type { ExperimentSpec } from './spec.js';
import { validate, type Validated } from './validate.js';

/**
 * Parse and validate a spec. `file` is only used in messages. Throws a
 * SpecError (one line: `file:line:col: what — fix`) for any problem.
 */
export function parseSpec(text: string, file: string): ExperimentSpec {
  return parseSpecFull(text, file).spec;
}

/** parseSpec plus what override re-checks need (the base model.sizes, if written). */
export function parseSpecFull(text: string, file: string): Validated {
  return validate(readYaml(text, file), file);
}
