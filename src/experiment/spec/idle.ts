/**
 * Settings that act only through one kind of layer: model.leaky_slope (leaky_relu) and
 * model.bn_momentum / bn_eps (batch norm). A spec that changes one where no run has that layer
 * trains exactly what it would without it, and its report would show a setting that did
 * nothing, so that is refused. Checked over the whole spec, not each run: a slope written once
 * for a sweep of relu against leaky_relu is used by the leaky runs and harmless to the others.
 */
import type { BaseConfig } from './spec.js';
import { BASE_DEFAULTS } from './defaults.js';
import type { RunProblem } from './runcheck.js';

interface LayerSetting {
  key: 'leaky_slope' | 'bn_momentum' | 'bn_eps';
  /** The layer expression that reads it, as written in model.layers. */
  layer: string;
  /** Whether an MLP (model.hidden / sizes) has that layer. */
  inMlp: (m: BaseConfig['model']) => boolean;
  /** How to add the layer to an MLP. */
  fix: string;
}

const SETTINGS: LayerSetting[] = [
  { key: 'leaky_slope', layer: 'leaky_relu', inMlp: (m) => m.activation === 'leaky_relu', fix: 'model.activation: leaky_relu' },
  { key: 'bn_momentum', layer: 'batchnorm', inMlp: (m) => m.batch_norm, fix: 'model.batch_norm: true' },
  { key: 'bn_eps', layer: 'batchnorm', inMlp: (m) => m.batch_norm, fix: 'model.batch_norm: true' },
];

const hasLayer = (c: BaseConfig, s: LayerSetting): boolean =>
  c.model.layers !== undefined ? c.model.layers.some((l) => l.trim().split('(')[0]!.trim() === s.layer) : s.inMlp(c.model);

/** Collects, run by run, which layer settings were changed and which were read; `idle()` then names one changed but never read. */
export class IdleSettings<P> {
  private readonly changed = new Map<string, P>();
  private readonly read = new Set<string>();

  add(c: BaseConfig, point: P): void {
    for (const s of SETTINGS) {
      if (hasLayer(c, s)) this.read.add(s.key);
      else if (c.model[s.key] !== BASE_DEFAULTS.model[s.key] && !this.changed.has(s.key)) this.changed.set(s.key, point);
    }
  }

  /** The first setting some run changed that no run reads, with the first run that changed it. */
  idle(): { problem: RunProblem; point: P } | null {
    for (const s of SETTINGS) {
      const point = this.changed.get(s.key);
      if (point === undefined || this.read.has(s.key)) continue;
      const message = `model.${s.key} has no effect: no run has a ${s.layer} layer — set ${s.fix} (or put ${s.layer} in model.layers), or remove model.${s.key}`;
      return { problem: { key: `model.${s.key}`, message }, point };
    }
    return null;
  }
}
