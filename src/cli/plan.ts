/** Spec file + command-line overrides → validated spec and its expanded runs (shared by run, validate, status). */
import { checkSpecSize, decodeSpecBytes, MAX_SPEC_BYTES } from '../experiment/spec/source.js';
import { parseSpecFull } from '../experiment/spec/parse.js';
import { expand } from '../experiment/plan/expand.js';
import { applyOverridesFull } from '../experiment/spec/overrides.js';
import type { ExperimentSpec, RunPlan } from '../experiment/spec/spec.js';
import { readInput } from './fsutil.js';

export interface Overrides {
  /** `key=value` strings from --set, in command-line order. */
  set: string[];
  /** `key=v1,v2` or `key=loguniform(a,b)` strings from --sweep, in command-line order. */
  sweep?: string[];
  /** --trials N as typed. */
  trials?: string;
  /** As typed; checked (and reported as `--seeds: …`) by the spec module. */
  seeds?: string;
  epochs?: string;
}

export interface Experiment {
  file: string;
  /** The spec text exactly as read (recorded in spec.yaml). */
  text: string;
  spec: ExperimentSpec;
  plans: RunPlan[];
  /** model.sizes as written in the base after overrides (null when hidden was used): checked against csv data once it is read. */
  baseSizes: number[] | null;
}

export function loadExperiment(file: string, overrides: Overrides): Experiment {
  const { bytes, size } = readInput(file, 'spec file', MAX_SPEC_BYTES);
  checkSpecSize(size, file);
  const text = decodeSpecBytes(bytes, file);
  const { spec, baseSizes } = parseSpecFull(text, file);
  const final = applyOverridesFull(spec, overrides, baseSizes);
  return { file, text, spec: final.spec, plans: expand(final.spec), baseSizes: final.baseSizes };
}
