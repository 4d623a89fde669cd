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
export function modelSizeProblem(model: ModelShape, inputs: number, outputs: number, key: string, value: unknown, data: string, batchSize?: number): string | null {
  const n = parameterCount(model, inputs, outputs);
  const max = maxParameters();
  if (n > max) {
    return (
      `${key} ${show(value)} makes a model with ${formatCount(n)} trainable parameters (${data}); ` +
      `the limit is ${formatCount(max)} — use smaller hidden widths (or raise the limit with ${MAX_PARAMETERS_ENV})`
    );
  }
  if (batchSize === undefined) return null;
  const bytes = activationBytes(model, inputs, outputs, batchSize);
  const cap = maxActivationBytes();
  if (bytes <= cap) return null;
  return (
    `${key} ${show(value)} with train.batch_size ${batchSize} needs about ${gb(bytes)} of activations per run ` +
    `(${ACTIVATION_BYTES_PER_UNIT} bytes per unit per row: values and gradients); the limit is ${gb(cap)} — use a smaller batch or narrower layers (or raise the limit with ${MAX_ACTIVATION_ENV})`
  );
}

/**
 * The activation cap. The parameter cap bounds the weights, but a wide layer times a large batch
 * allocates its activations per step (hidden: [65536] with batch_size 16384 is 4 GB per matrix)
 * and ended in an out-of-memory failure, or the OOM killer, inside a run. 4 GB per run.
 */
export const MAX_ACTIVATION_BYTES = 4 * 1024 ** 3;
export const MAX_ACTIVATION_ENV = 'NNLAB_MAX_ACTIVATION_GB';
/** float32 values, pre-activations and the gradients of both: 4 arrays of 4 bytes per unit and row. */
export const ACTIVATION_BYTES_PER_UNIT = 16;
/** Rows of the evaluation batches (src/train/trainer.ts EVAL_BATCH): a smaller training batch still evaluates this many. */
export const EVAL_ROWS = 256;

/** Estimated bytes of activations and their gradients for one step of `batchSize` rows. */
export function activationBytes(model: ModelShape, inputs: number, outputs: number, batchSize: number): number {
  const units = inputs + model.hidden.reduce((a, b) => a + b, 0) + outputs;
  return ACTIVATION_BYTES_PER_UNIT * Math.max(batchSize, EVAL_ROWS) * units;
}

export function maxActivationBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAX_ACTIVATION_ENV];
  if (raw === undefined || raw.trim() === '') return MAX_ACTIVATION_BYTES;
  const n = Number(raw.trim());
  if (!Number.isFinite(n) || n <= 0) throw new SpecError(MAX_ACTIVATION_ENV, 0, 0, `must be a positive number of gigabytes (default ${MAX_ACTIVATION_BYTES / 1024 ** 3}), got ${show(raw)}`);
  return n * 1024 ** 3;
}

export function gb(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** What the run-time check needs of a run: its resolved config and where it sits in the sweep. */
export interface SizedPlan {
  variant: string | null;
  swept: Record<string, unknown>;
  config: { model: ModelShape; data: { dataset: string; path: string | null }; train: { batch_size: number } };
}

/**
 * The same cap for a run whose input width is only known once its data is
 * loaded (csv): a SpecError naming the spec file, the run's variant and swept
 * values, or null. `outputs` is the loss's output width for the data's classes.
 */
export function planModelSizeError(file: string, plan: SizedPlan, features: number, outputs: number): SpecError | null {
  const d = plan.config.data;
  const data = `${d.dataset === 'csv' && d.path !== null ? `csv ${d.path}` : d.dataset}: ${features} inputs, ${outputs} outputs`;
  const problem = modelSizeProblem(plan.config.model, features, outputs, 'model.hidden', plan.config.model.hidden, data, plan.config.train.batch_size);
  if (problem === null) return null;
  const swept = Object.entries(plan.swept);
  const where =
    (plan.variant !== null ? ` (variant ${show(plan.variant)})` : '') +
    (swept.length > 0 ? ` (with ${swept.map(([k, v]) => `${k}=${show(v)}`).join(', ')})` : '');
  return new SpecError(file, 0, 0, problem + where);
}
