/**
 * The model-size cap: a run whose network has more trainable parameters than
 * MAX_PARAMETERS is refused before anything runs or is written. Each width is
 * capped at 65536 by the field table, but their products are not: a typo like
 * `hidden: [65536, 65536]` asks for 4.3 billion parameters (16 GB per weight
 * matrix), which would otherwise end in an out-of-memory failure per run.
 *
 * The count is computed from the spec, the way src/nn/build.ts builds the
 * model, without building it: each Dense layer has in·out weights and out
 * biases; batch norm adds γ and β (2 per hidden unit). Running means and
 * variances are buffers, not trained, and are not counted.
 */
import { SpecError, show } from './errors.js';

/**
 * 50 million parameters. Training keeps float32 weights and gradients, plus
 * two moment arrays for Adam/AdamW (and a copy of the weights with patience):
 * about 16 bytes per parameter, so ≈ 800 MB per worker at the limit, before
 * activations — several workers at once still fit a laptop. Larger nets are
 * also far too slow to train on these CPU kernels (one forward pass of one
 * sample is 50 M multiply-adds). Raise it with NNLAB_MAX_PARAMETERS.
 */
export const MAX_PARAMETERS = 50_000_000;

/** The environment variable that overrides MAX_PARAMETERS (a machine with much more memory). */
export const MAX_PARAMETERS_ENV = 'NNLAB_MAX_PARAMETERS';

/** The cap in force: NNLAB_MAX_PARAMETERS when set (a positive integer), else MAX_PARAMETERS. */
export function maxParameters(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAX_PARAMETERS_ENV];
  if (raw === undefined || raw.trim() === '') return MAX_PARAMETERS;
  const n = Number(raw.trim().replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new SpecError(MAX_PARAMETERS_ENV, 0, 0, `must be a positive whole number of parameters (default ${formatCount(MAX_PARAMETERS)}), got ${show(raw)}`);
  }
  return n;
}

export interface ModelShape {
  hidden: readonly number[];
  batch_norm: boolean;
}

/** Trainable parameters of the model buildModel makes for `inputs` features and `outputs` output units. */
export function parameterCount(model: ModelShape, inputs: number, outputs: number): number {
  let n = 0;
  let width = inputs;
  for (const h of model.hidden) {
    n += width * h + h;
    if (model.batch_norm) n += 2 * h;
    width = h;
  }
  return n + width * outputs + outputs;
}

/** 4295360514 → "4,295,360,514" (fixed locale: messages must not depend on the machine). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Why the model is too large, or null. `key` and `value` name what set the
 * widths (model.hidden or model.sizes); `data` says where inputs and outputs
 * come from, e.g. "circles: 2 inputs, 2 outputs".
 */
export function modelSizeProblem(model: ModelShape, inputs: number, outputs: number, key: string, value: unknown, data: string): string | null {
  const n = parameterCount(model, inputs, outputs);
  const max = maxParameters();
  if (n <= max) return null;
  return (
    `${key} ${show(value)} makes a model with ${formatCount(n)} trainable parameters (${data}); ` +
    `the limit is ${formatCount(max)} — use smaller hidden widths (or raise the limit with ${MAX_PARAMETERS_ENV})`
  );
}

/** What the run-time check needs of a run: its resolved config and where it sits in the sweep. */
export interface SizedPlan {
  variant: string | null;
  swept: Record<string, unknown>;
  config: { model: ModelShape; data: { dataset: string; path: string | null } };
}

/**
 * The same cap for a run whose input width is only known once its data is
 * loaded (csv): a SpecError naming the spec file, the run's variant and swept
 * values, or null. `outputs` is the loss's output width for the data's classes.
 */
export function planModelSizeError(file: string, plan: SizedPlan, features: number, outputs: number): SpecError | null {
  const d = plan.config.data;
  const data = `${d.dataset === 'csv' && d.path !== null ? `csv ${d.path}` : d.dataset}: ${features} inputs, ${outputs} outputs`;
  const problem = modelSizeProblem(plan.config.model, features, outputs, 'model.hidden', plan.config.model.hidden, data);
  if (problem === null) return null;
  const swept = Object.entries(plan.swept);
  const where =
    (plan.variant !== null ? ` (variant ${show(plan.variant)})` : '') +
    (swept.length > 0 ? ` (with ${swept.map(([k, v]) => `${k}=${show(v)}`).join(', ')})` : '');
  return new SpecError(file, 0, 0, problem + where);
}
