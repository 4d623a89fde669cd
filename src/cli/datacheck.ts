/**
 * The data checks `nnlab run` makes before it writes anything, and `nnlab validate` makes for csv
 * data: each plan's data loads (memoized), and the model fits it (size cap, model.sizes widths).
 */
import type { RunPlan } from '../experiment/spec/spec.js';
import { loadDataset } from '../data/load.js';
import { planModelSizeError } from '../experiment/spec/modelsize.js';
import { lossOutputWidth } from '../experiment/spec/names.js';
import { points } from '../experiment/plan/points.js';
import { resolve } from '../experiment/plan/resolve.js';
import { sizesProblem } from '../experiment/spec/runcheck.js';
import type { Experiment } from './plan.js';
import { UsageError } from './errors.js';
import { planStack, StackError } from '../nn/stack.js';

/**
 * What `nnlab run` checks of csv data before it writes anything (the file, its rows and cells,
 * and the model against its widths), for `nnlab validate`: a missing or broken file, or a model
 * too large for its width, is found without a run. Built-in sets are checked with the spec.
 */
export function checkCsvData(specFile: string, exp: Experiment): void {
  for (const p of exp.plans) if (p.config.data.dataset === 'csv') loadData(specFile, p);
  checkCsvSizes(specFile, exp);
}

/**
 * A plan's dataset (memoized by loadDataset); a bad data file is bad input, named with the spec.
 * Also the model-size cap for sets whose input width is only known now (csv): the spec check
 * (src/experiment/spec/runcheck.ts) has already applied it to the built-in sets.
 */
export function loadData(specFile: string, plan: RunPlan): ReturnType<typeof loadDataset> {
  let data: ReturnType<typeof loadDataset>;
  try {
    data = loadDataset(plan.config.data);
  } catch (e) {
    throw new UsageError(`${specFile}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const outputs = lossOutputWidth(plan.config.loss, data.classes, data.targets?.length);
  // A loss that cannot handle these classes is reported by the run itself, as before.
  const layers = plan.config.model.layers;
  if (layers !== undefined && typeof outputs === 'number' && plan.config.data.dataset === 'csv') {
    // A layer list on csv data: its shapes can only be followed now that the file is read.
    const input = data.imageShape ? { c: data.channels ?? 1, h: data.imageShape[0], w: data.imageShape[1] } : data.features;
    try {
      planStack(layers, input, outputs);
    } catch (e) {
      if (!(e instanceof StackError)) throw e;
      throw new UsageError(`${specFile}: model.layers on csv ${plan.config.data.path}: ${e.message}${plan.variant !== null ? ` (variant "${plan.variant}")` : ''}`);
    }
    return data;
  }
  const tooBig = typeof outputs === 'number' ? planModelSizeError(specFile, plan, data.features, outputs) : null;
  if (tooBig !== null) throw tooBig;
  return data;
}

/**
 * model.sizes must start with the input width and end with the classes (or, for regression, the
 * targets). For csv data those are
 * known only once the file is read, so the spec check cannot make it: it is made here, for every
 * point that writes sizes, before anything is created (the widths of digits and mnist are checked
 * with the spec).
 */
export function checkCsvSizes(specFile: string, exp: Experiment): void {
  for (const pt of points(exp.spec)) {
    const { config, sizes } = resolve(exp.spec.base, pt.sets, exp.baseSizes);
    if (sizes === null || config.data.dataset !== 'csv') continue;
    let data: ReturnType<typeof loadDataset>;
    try {
      data = loadDataset(config.data);
    } catch (e) {
      throw new UsageError(`${specFile}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const width = lossOutputWidth(config.loss, data.classes, data.targets?.length);
    if (typeof width === 'string') continue; // the run reports a loss that cannot take these classes
    const bad = sizesProblem(sizes, data.features, data.classes, width, config.loss, `${config.data.path}`);
    if (bad !== null) throw new UsageError(`${specFile}: ${bad.key}: ${bad.message}${pt.variant !== null ? ` (variant "${pt.variant}")` : ''}`);
  }
}
