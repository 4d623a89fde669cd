/** Reading and writing one dotted key of a config: the single place that knows `model.sizes` is `model.hidden` in disguise. */
import type { FieldKey } from '../spec/fields.js';
import type { BaseConfig } from '../spec/spec.js';

/** Set `key` on `config` in place. `model.sizes: [784, 100, 10]` sets `model.hidden: [100]`. */
export function setKey(config: BaseConfig, key: FieldKey, value: unknown): void {
  if (key === 'model.sizes') {
    config.model.hidden = (value as number[]).slice(1, -1);
    return;
  }
  const parts = key.split('.');
  let node = config as unknown as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
  node[parts[parts.length - 1]!] = structuredClone(value);
}

/** The value of `key` in `config` (`model.sizes` has none of its own: null). */
export function getKey(config: BaseConfig, key: FieldKey): unknown {
  if (key === 'model.sizes') return null;
  let node: unknown = config;
  for (const p of key.split('.')) node = (node as Record<string, unknown>)[p];
  return node;
}

/** Apply dotted overrides in order to a copy of base; also report the last `model.sizes` written, for the shape check. */
export function resolve(base: BaseConfig, sets: readonly (readonly [FieldKey, unknown])[], sizes: number[] | null): { config: BaseConfig; sizes: number[] | null } {
  const config = structuredClone(base);
  let lastSizes = sizes;
  for (const [k, v] of sets) {
    setKey(config, k, v);
    if (k === 'model.sizes') lastSizes = v as number[];
    else if (k === 'model.hidden') lastSizes = null;
  }
  return { config, sizes: lastSizes };
}
