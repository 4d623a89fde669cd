/**
 * Settings that act only through one kind of layer: model.leaky_slope (leaky_relu) and
 * model.bn_momentum / bn_eps (batch norm). Changed where the network lacks that layer, they train
 * exactly what the default would, and a report would show a setting that did nothing. Two rules:
 * - a sweep value or variant that changes one for a run whose own network lacks the layer is
 *   refused there (`pointIdle`): its runs would repeat the default's under another name;
 * - a value the base changes (the file or --set) is refused when no run at all reads it
 *   (`unreadSetting`), so a slope written once for a sweep of relu against leaky_relu is fine.
 * A random search can reach the layer in trials it did not happen to draw, so the second rule asks
 * whether any of its choice() values of the shape keys would give the layer, not what it drew;
 * values a search draws are not judged per run.
 */
import type { BaseConfig, ExperimentSpec } from './spec.js';
import type { FieldKey } from './fields.js';
import { BASE_DEFAULTS } from './defaults.js';
import type { RunProblem } from './runcheck.js';
import { pointCount, points, type Point } from '../plan/points.js';
import { resolve } from '../plan/resolve.js';
import { parseLayerExpr } from '../../nn/layer-expr.js';

interface LayerSetting {
  key: 'leaky_slope' | 'bn_momentum' | 'bn_eps';
  /** The layer expression that reads it, as model.layers writes it. */
  layer: string;
  /** Whether an MLP with hidden layers has that layer. */
  inMlp: (m: BaseConfig['model']) => boolean;
  /** The MLP key that adds the layer. */
  mlpFix: string;
}

const SETTINGS: LayerSetting[] = [
  { key: 'leaky_slope', layer: 'leaky_relu', inMlp: (m) => m.activation === 'leaky_relu', mlpFix: 'model.activation: leaky_relu' },
  { key: 'bn_momentum', layer: 'batchnorm', inMlp: (m) => m.batch_norm, mlpFix: 'model.batch_norm: true' },
  { key: 'bn_eps', layer: 'batchnorm', inMlp: (m) => m.batch_norm, mlpFix: 'model.batch_norm: true' },
];

/** The keys that decide which layers a network has. */
const SHAPE_KEYS = ['model.layers', 'model.activation', 'model.batch_norm', 'model.hidden', 'model.sizes'];

/** Whether a run's network has the layer; an MLP without hidden layers has no activation or batch norm. */
function hasLayer(c: BaseConfig, sizes: number[] | null, s: LayerSetting): boolean {
  if (c.model.layers !== undefined) return c.model.layers.some((l) => parseLayerExpr(l).name === s.layer);
  const hidden = sizes !== null ? sizes.length - 2 : c.model.hidden.length;
  return hidden > 0 && s.inMlp(c.model);
}

const changed = (c: BaseConfig, s: LayerSetting): boolean => c.model[s.key] !== BASE_DEFAULTS.model[s.key];

/** How to make the layer exist, for a layer list or an MLP (or either, when the spec has both). */
function fix(s: LayerSetting, kinds: { layers: boolean; mlp: boolean }): string {
  const inList = `put ${s.layer} in model.layers`;
  const inMlp = `set ${s.mlpFix} (with at least one hidden layer)`;
  return kinds.layers && kinds.mlp ? `${inMlp} or ${inList}` : kinds.layers ? inList : inMlp;
}

/** A setting this point's own sweep value or variant changes though its network lacks the layer. */
export function pointIdle(c: BaseConfig, sizes: number[] | null, pt: Point, drawn: ReadonlySet<string>): RunProblem | null {
  const own = new Set(pt.sets.map(([k]) => k).filter((k) => !drawn.has(k)));
  for (const s of SETTINGS) {
    const key = `model.${s.key}`;
    if (!own.has(key as FieldKey) || !changed(c, s) || hasLayer(c, sizes, s)) continue;
    const where = c.model.layers !== undefined ? `the layer list has ${s.layer}`
      : s.inMlp(c.model) ? 'the network has a hidden layer' : `the network has ${s.layer} (a variant that also sets ${s.mlpFix})`;
    return {
      key,
      message: `${key} ${c.model[s.key]} has no effect on this run: its network has no ${s.layer} layer, so it would repeat the default's run under another name — set ${key} only where ${where}, or remove it`,
    };
  }
  return null;
}

/** At most this many combinations of a search's shape choices, and configurations in all, are tried; past them the spec is not judged (validation stays quick). */
const MAX_COMBINATIONS = 256;
const MAX_CONFIGS = 20_000;

/** Every combination of the choice() values a random search draws for the shape keys ([[]] when it draws none; null when they are too many to try or not all choices). */
function shapeChoices(spec: Planned): [FieldKey, unknown][][] | null {
  const space = spec.search?.method === 'random' ? spec.search.space : {};
  let combos: [FieldKey, unknown][][] = [[]];
  for (const key of SHAPE_KEYS) {
    const d = space[key];
    if (d === undefined) continue;
    if (d.kind !== 'choice' || combos.length * d.values.length > MAX_COMBINATIONS) return null;
    combos = combos.flatMap((c) => d.values.map((v): [FieldKey, unknown][] => [...c, [key as FieldKey, v]]));
  }
  return combos;
}

type Planned = Pick<ExperimentSpec, 'base' | 'sweep' | 'variants'> & Partial<Pick<ExperimentSpec, 'search'>>;

/**
 * A layer setting some run changes and no run reads. A random search counts by what it can draw:
 * its choices of the shape keys, with each grid point and variant, and a drawn setting as changed.
 */
export function unreadSetting(spec: Planned, baseSizes: number[] | null): RunProblem | null {
  const combos = shapeChoices(spec);
  const grid = { sweep: spec.sweep, variants: spec.variants };
  if (combos === null || pointCount(grid) * combos.length > MAX_CONFIGS) return null;
  const drawn = new Set(spec.search?.method === 'random' ? Object.keys(spec.search.space) : []);
  const read = new Set<string>(), set = new Set<string>(SETTINGS.filter((s) => drawn.has(`model.${s.key}`)).map((s) => s.key));
  const kinds = { layers: false, mlp: false };
  // The grid and the variants, without the trials' draws; the shape choices stand for those.
  for (const pt of points(grid)) {
    for (const combo of combos) {
      const { config, sizes } = resolve(spec.base, [...pt.sets, ...combo], baseSizes);
      if (config.model.layers !== undefined) kinds.layers = true;
      else kinds.mlp = true;
      for (const s of SETTINGS) {
        if (hasLayer(config, sizes, s)) read.add(s.key);
        else if (changed(config, s)) set.add(s.key);
      }
    }
  }
  const s = SETTINGS.find((x) => set.has(x.key) && !read.has(x.key));
  if (s === undefined) return null;
  return { key: `model.${s.key}`, message: `model.${s.key} has no effect: no run has a ${s.layer} layer — ${fix(s, kinds)}, or remove model.${s.key}` };
}
