/**
 * Settings that act only through one kind of layer: model.leaky_slope (leaky_relu) and
 * model.bn_momentum / bn_eps (batch norm). Changed where the network lacks that layer, they train
 * exactly what the default would, and a report would show a setting that did nothing. Two rules:
 * - a sweep value or variant that changes one for a run whose own network lacks the layer is
 *   refused there (`pointIdle`): its runs would repeat the default's under another name;
 * - a value the base changes (the file or --set) is refused when no run at all reads it
 *   (`unreadSetting`), so a slope written once for a sweep of relu against leaky_relu is fine.
 * A random search that draws the network's shape can reach the layer in trials it did not happen
 * to draw, so the second rule is not applied to it, and values it draws are not judged per run.
 */
import type { BaseConfig, ExperimentSpec } from './spec.js';
import type { FieldKey } from './fields.js';
import { BASE_DEFAULTS } from './defaults.js';
import type { RunProblem } from './runcheck.js';
import { points, type Point } from '../plan/points.js';
import { resolve } from '../plan/resolve.js';

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
  if (c.model.layers !== undefined) return c.model.layers.some((l) => l.trim().split('(')[0]!.trim().toLowerCase() === s.layer);
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
    return {
      key,
      message: `${key} ${c.model[s.key]} has no effect on this run: its network has no ${s.layer} layer, so it would repeat the default's run under another name — set ${key} only where the network has ${s.layer} (a variant that also ${c.model.layers !== undefined ? `lists ${s.layer}` : `sets ${s.mlpFix}`}), or remove it`,
    };
  }
  return null;
}

/** A layer setting some run changes and no run reads (a random search drawing the network's shape is not judged). */
export function unreadSetting(spec: Pick<ExperimentSpec, 'base' | 'sweep' | 'variants'> & Partial<Pick<ExperimentSpec, 'search'>>, baseSizes: number[] | null): RunProblem | null {
  const drawn = spec.search?.method === 'random' ? Object.keys(spec.search.space) : [];
  if (drawn.some((k) => SHAPE_KEYS.includes(k))) return null;
  const read = new Set<string>(), set = new Set<string>();
  const kinds = { layers: false, mlp: false };
  for (const pt of points(spec)) {
    const { config, sizes } = resolve(spec.base, pt.sets, baseSizes);
    if (config.model.layers !== undefined) kinds.layers = true;
    else kinds.mlp = true;
    for (const s of SETTINGS) {
      if (hasLayer(config, sizes, s)) read.add(s.key);
      else if (changed(config, s)) set.add(s.key);
    }
  }
  const s = SETTINGS.find((x) => set.has(x.key) && !read.has(x.key));
  if (s === undefined) return null;
  return { key: `model.${s.key}`, message: `model.${s.key} has no effect: no run has a ${s.layer} layer — ${fix(s, kinds)}, or remove model.${s.key}` };
}
