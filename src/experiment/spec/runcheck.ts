/**
 * Checks that need more than one key: a run's resolved config as a whole.
 * Each sweep point and variant is checked this way before anything runs, so a
 * bad combination is reported at the spec line that produced it.
 */
import { lossOutputWidth, validateOptimizer, validateSchedule } from './names.js';
import { modelSizeProblem } from './modelsize.js';
import { knownShape } from './shapes.js';
import { layersProblem } from './layers.js';
import type { BaseConfig } from './spec.js';
import { BASE_DEFAULTS } from './defaults.js';
import { canonicalJson } from './canonical.js';

/** What is wrong and which dotted key to blame (its line is where the error points). */
export interface RunProblem {
  key: string;
  message: string;
}

const IMAGE_SETS = ['mnist', 'digits'];

/**
 * model.sizes against the data: it must start with the input features and end with the classes (or the
 * loss's output width). Also used by the CLI for csv data, whose widths are known only once the file is read.
 */
export function sizesProblem(sizes: readonly number[], features: number, classes: number, width: number, loss: string, dataset: string): RunProblem | null {
  const first = sizes[0]!;
  const last = sizes[sizes.length - 1]!;
  if (first === features && (last === classes || last === width)) return null;
  const end = width === classes || classes === 0 ? `${width}` : `${width} (the output width of ${loss})`;
  return {
    key: 'model.sizes',
    message: `layer sizes ${JSON.stringify(sizes)} do not fit the dataset: ${dataset} has ${features} input features and ${classes > 0 ? `${classes} classes` : `${width} regression target${width === 1 ? '' : 's'}`}, so sizes must start with ${features} and end with ${end}`,
  };
}

export function checkRun(c: BaseConfig, sizes: number[] | null): RunProblem | null {
  const d = c.data;
  const ignored = layersIgnore(c, sizes);
  if (ignored !== null) return ignored;
  if (d.dataset === 'csv' && d.path === null) {
    return { key: 'data.dataset', message: 'dataset csv needs data.path (the CSV file) — add e.g. `path: data/iris.csv`' };
  }
  if (d.dataset !== 'csv' && (d.path !== null || d.label !== null)) {
    const key = d.path !== null ? 'data.path' : 'data.label';
    return { key, message: `${key} only applies to dataset csv, but the dataset is ${d.dataset} — remove it` };
  }
  if (!IMAGE_SETS.includes(d.dataset) && (d.augment.shift > 0 || d.augment.rotate > 0)) {
    const key = d.augment.shift > 0 ? 'data.augment.shift' : 'data.augment.rotate';
    return { key, message: `${key} augments images (mnist, digits), but the dataset is ${d.dataset} — set it to 0` };
  }
  const shape = knownShape(d);
  if (shape !== null) {
    if (typeof shape.trainRows === 'string') {
      return { key: /^data\.(\w+)/.exec(shape.trainRows)?.[0] ?? 'data.dataset', message: shape.trainRows };
    }
    const width = lossOutputWidth(c.loss, shape.classes, shape.targets, d.dataset);
    if (typeof width === 'string') return { key: 'loss', message: width };
    if (c.model.layers !== undefined) {
      const bad = layersProblem(c, shape, width);
      if (bad !== null) return bad;
    } else if (sizes !== null) {
      const bad = sizesProblem(sizes, shape.features, shape.classes, width, c.loss, d.dataset);
      if (bad !== null) return bad;
    }
    const key = sizes !== null ? 'model.sizes' : 'model.hidden';
    const tooBig = c.model.layers !== undefined ? null : modelSizeProblem(c.model, shape.features, width, key, sizes ?? c.model.hidden, `${d.dataset}: ${shape.features} inputs, ${width} outputs`, c.train.batch_size);
    if (tooBig !== null) return { key, message: tooBig };
    if (c.train.batch_size > shape.trainRows) {
      return {
        key: 'train.batch_size',
        message: `train.batch_size ${c.train.batch_size} is larger than the ${shape.trainRows} training samples of ${d.dataset}${d.train_size !== null ? ' (data.train_size)' : ''} — use at most ${shape.trainRows}`,
      };
    }
  }
  const regression = d.dataset === 'friedman' || d.task === 'regression';
  if (d.dataset !== 'csv' && d.shape !== undefined) return { key: 'data.shape', message: `data.shape only applies to dataset csv (${d.dataset} ${IMAGE_SETS.includes(d.dataset) ? 'knows its image shape' : 'is flat'}) — remove it` };
  if (d.dataset !== 'csv' && (d.task !== undefined || d.target !== undefined)) {
    const key = d.task !== undefined ? 'data.task' : 'data.target';
    return { key, message: `${key} only applies to dataset csv (${d.dataset} ${d.dataset === 'friedman' ? 'is always regression' : 'has class labels'}) — remove it` };
  }
  if (d.dataset === 'csv' && regression && d.target === undefined) return { key: 'data.task', message: 'task regression needs data.target, the real-valued target column(s), e.g. `target: [price]`' };
  if (d.dataset === 'csv' && !regression && d.target !== undefined) return { key: 'data.target', message: 'data.target names regression targets; add `task: regression` (or use data.label for class labels)' };
  if (d.dataset === 'csv' && regression && d.label !== null) return { key: 'data.label', message: 'data.label names the class column of a classification csv; a regression run learns data.target — remove data.label' };
  if (!regression && d.target_scale !== undefined) return { key: 'data.target_scale', message: `data.target_scale scales regression targets, but ${d.dataset} runs learn class labels — remove it${d.dataset === 'csv' ? ' (or add `task: regression` and data.target)' : ''}` };
  if (regression && c.train.patience !== null) return { key: 'train.patience', message: 'train.patience stops on validation accuracy, which regression runs do not have — set it to null' };
  if (d.dataset === 'csv' && regression) {
    const width = lossOutputWidth(c.loss, 0, d.target!.length, 'csv (task regression)');
    if (typeof width === 'string') return { key: 'loss', message: width };
  }
  const opt = validateOptimizer(c.optimizer);
  if (opt !== null) return { key: /optimizer\.\w+/.exec(opt)?.[0] ?? 'optimizer.name', message: opt };
  const sched = validateSchedule(c.schedule, c.optimizer.lr, c.train.epochs);
  if (sched !== null) return { key: /schedule\.\w+/.exec(sched)?.[0] ?? 'schedule.name', message: sched };
  return null;
}

/** The MLP keys model.layers replaces: their non-default values would change nothing. */
const MLP_KEYS = ['hidden', 'activation', 'dropout', 'input_dropout', 'batch_norm'] as const;

/**
 * A run whose network is model.layers and which also gets an MLP key (from the file, a sweep, a
 * variant, or --set/--sweep on the command line) would silently ignore that key: two such runs
 * would differ in their id and config but train the same net, a comparison of nothing.
 */
function layersIgnore(c: BaseConfig, sizes: number[] | null): RunProblem | null {
  if (c.model.layers === undefined) return null;
  const key = sizes !== null ? 'sizes' : MLP_KEYS.find((k) => canonicalJson(c.model[k]) !== canonicalJson(BASE_DEFAULTS.model[k]));
  if (key === undefined) return null;
  return { key: `model.${key}`, message: ignoredByLayers(`model.${key}`, null) };
}

/** What the layer list says instead of each MLP key. */
const IN_LAYERS: Record<string, string> = {
  'model.hidden': 'dense(100), relu',
  'model.sizes': 'dense(100), relu, dense(10)',
  'model.activation': 'dense(100), tanh',
  'model.dropout': 'dense(100), relu, dropout(0.5)',
  'model.input_dropout': 'flatten, dropout(0.2), dense(100)',
  'model.batch_norm': 'dense(100), batchnorm, relu',
};

/** The one line for an MLP key beside model.layers; `from` says where the layer list came from, when known. */
export function ignoredByLayers(key: string, from: string | null): string {
  return `${key} has no effect on runs whose network is model.layers${from !== null ? ` (set by ${from})` : ''} — write it into the layer list (e.g. ${IN_LAYERS[key] ?? 'dense(100), relu, dropout(0.5)'}) or remove it`;
}
