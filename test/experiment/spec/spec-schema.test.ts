import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BASE_DEFAULTS } from '../../../src/experiment/spec/defaults.js';
import { FIELD_KEYS, FIELDS } from '../../../src/experiment/spec/fields.js';
import { specJsonSchema } from '../../../src/experiment/spec/schema.js';
import { parseSpec } from '../../../src/experiment/spec/parse.js';
import { getKey } from '../../../src/experiment/plan/resolve.js';
import { REPORT_KEYS, TOP_LEVEL_KEYS, VARIANT_KEYS } from '../../../src/experiment/spec/validate.js';

type Schema = Record<string, unknown>;
const SCHEMA_FILE = 'docs/spec.schema.json';

/**
 * Keys in `value` that `schema` does not allow, as dotted paths. Understands the
 * subset the spec schema uses: properties + additionalProperties, propertyNames
 * enums, items, anyOf (a value passes if some branch has no unknown keys).
 */
function unknownKeys(value: unknown, schema: Schema, path = ''): string[] {
  if (Array.isArray(schema['anyOf'])) {
    const results = (schema['anyOf'] as Schema[]).map((s) => unknownKeys(value, s, path));
    return results.find((r) => r.length === 0) ?? results[results.length - 1]!;
  }
  if (Array.isArray(value)) {
    const items = schema['items'] as Schema | undefined;
    return items ? value.flatMap((v, i) => unknownKeys(v, items, `${path}[${i}]`)) : [];
  }
  if (value === null || typeof value !== 'object') return [];
  const type = schema['type'];
  if (type !== undefined && !(Array.isArray(type) ? type : [type]).includes('object')) return [path || '(root)'];
  const props = (schema['properties'] ?? {}) as Record<string, Schema>;
  const names = (schema['propertyNames'] as Schema | undefined)?.['enum'] as string[] | undefined;
  const extra = schema['additionalProperties'];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (names && !names.includes(k)) out.push(p);
    else if (k in props) out.push(...unknownKeys(v, props[k]!, p));
    else if (extra === false) out.push(p);
    else if (typeof extra === 'object' && extra !== null) out.push(...unknownKeys(v, extra as Schema, p));
  }
  return out;
}

describe('docs/spec.schema.json', () => {
  const schema = specJsonSchema();

  it('is the schema generated from the validator (regenerate: NNLAB_WRITE_SCHEMA=1 npx vitest run test/experiment/spec-schema.test.ts)', () => {
    const text = JSON.stringify(schema, null, 2) + '\n';
    if (process.env['NNLAB_WRITE_SCHEMA'] === '1') writeFileSync(SCHEMA_FILE, text);
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(schema);
  });

  it('has exactly the top-level keys the validator accepts, and the same keys in every section', () => {
    const file = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Schema;
    const props = file['properties'] as Record<string, Schema>;
    expect(Object.keys(props)).toEqual([...TOP_LEVEL_KEYS]);
    expect(Object.keys((props['report']!['properties'] as Schema))).toEqual([...REPORT_KEYS]);
    expect(Object.keys(((props['variants']!['items'] as Schema)['properties'] as Schema))).toEqual([...VARIANT_KEYS]);
    expect((props['sweep']!['propertyNames'] as Schema)['enum']).toEqual([...FIELD_KEYS]);
    // Every field appears at its dotted place.
    for (const key of FIELD_KEYS) {
      let node: Schema = file;
      for (const part of key.split('.')) {
        const obj = Array.isArray(node['anyOf']) ? (node['anyOf'] as Schema[]).find((s) => s['properties'])! : node;
        node = (obj['properties'] as Record<string, Schema>)[part]!;
        expect(node, key).toBeDefined();
      }
    }
  });

  it('allows every key of every shipped experiment', () => {
    for (const f of readdirSync('experiments').filter((n) => n.endsWith('.yaml'))) {
      expect(unknownKeys(parse(readFileSync(`experiments/${f}`, 'utf8')), schema), f).toEqual([]);
    }
  });

  it('catches unknown keys (the walker is not vacuous)', () => {
    const bad = { name: 'x', optimiser: {}, model: { init: { wieghts: 'x' } }, sweep: { 'optimizer.learning_rate': [1] }, variants: [{ name: 'a', set: { 'model.hiden': [1] } }], report: { colums: 'x' } };
    expect(unknownKeys(bad, schema).sort()).toEqual(['model.init.wieghts', 'optimiser', 'report.colums', 'sweep.optimizer.learning_rate', 'variants[0].set.model.hiden'].sort());
  });
});

describe('docs/specs.md', () => {
  const docs = readFileSync('docs/specs.md', 'utf8');

  /** Reference-table rows: | `key` | default | meaning | */
  const rows = new Map<string, string>();
  for (const m of docs.matchAll(/^\| `([a-z0-9_.]+)` \| (.*?) \| (.*) \|$/gm)) rows.set(m[1]!, m[2]!.trim());

  const shown = (v: unknown): string => (v === null ? 'null' : typeof v === 'string' ? v : JSON.stringify(v).replace(/,/g, ', '));

  it('documents every field with its default', () => {
    for (const key of FIELD_KEYS) {
      expect(rows.has(key), `docs/specs.md has no row for ${key}`).toBe(true);
      // No default: model.sizes (another way to write hidden), and keys that are absent unless written
      // (model.layers, data.task, ...) so that configs without them keep their run ids.
      if (key === 'model.sizes' || getKey(BASE_DEFAULTS, key) === undefined) {
        expect(rows.get(key), key).toBe('—');
        continue;
      }
      expect(rows.get(key), key).toBe('`' + shown(getKey(BASE_DEFAULTS, key)) + '`');
    }
  });

  it('documents every top-level, report and variant key', () => {
    for (const k of [...TOP_LEVEL_KEYS, ...REPORT_KEYS.map((r) => `report.${r}`)]) expect(docs, k).toContain('`' + k + '`');
  });

  it('has examples that parse', () => {
    const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(2);
    for (const b of blocks) {
      if (b.startsWith('# invalid')) continue;
      expect(() => parseSpec(b, 'docs/specs.md'), b).not.toThrow();
    }
  });

  it('explains each field the table documents', () => {
    for (const key of FIELD_KEYS) expect(FIELDS[key].doc.length).toBeGreaterThan(5);
  });
});
