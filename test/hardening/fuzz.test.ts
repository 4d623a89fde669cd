/**
 * Property-based fuzzing of the spec entry point the CLI uses (bytes → UTF-8
 * check → parse + validate → overrides → expand), starting from the shipped
 * experiments/*.yaml and mutating them: keys deleted, duplicated and retyped,
 * random scalars and Unicode inserted, the text cut at random offsets, random
 * YAML fragments spliced in. Every case is either accepted — and then expands
 * to ≥ 1 run whose config is itself a valid spec of exactly that run — or
 * refused with a one-line SpecError. Never another exception, never a hang
 * (inputs are small by construction: a shipped spec plus a few mutations).
 *
 * Seeded: NNLAB_HARDENING_SEED replays a run; fast-check prints the seed and
 * the shrunk counterexample on failure. Random-text and token-soup fuzzing of
 * parseSpec alone lives in test/experiment/spec-fuzz.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSpecError } from '../../src/experiment/spec/errors.js';
import { expand, runId } from '../../src/experiment/plan/expand.js';
import { applyOverrides } from '../../src/experiment/spec/overrides.js';
import { parseSpec, parseSpecFull } from '../../src/experiment/spec/parse.js';
import { decodeSpecBytes } from '../../src/experiment/spec/source.js';
import type { RunPlan } from '../../src/experiment/spec/spec.js';
import { nnlabAsync, requireBuild, ROOT, SEED, tmpDir, cleanTmp } from './helpers.js';

afterAll(cleanTmp);

const SHIPPED = fs
  .readdirSync(path.join(ROOT, 'experiments'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(ROOT, 'experiments', f), 'utf8') }));

/** What the CLI does with a spec file's bytes (src/cli/plan.ts loadExperiment, minus the file read). */
function loadLikeCli(bytes: Uint8Array, file: string): RunPlan[] {
  const text = decodeSpecBytes(bytes, file);
  const { spec, baseSizes } = parseSpecFull(text, file);
  return expand(applyOverrides(spec, { set: [] }, baseSizes));
}

type Outcome = { kind: 'accepted'; runs: number } | { kind: 'refused'; message: string };

/** The property: accepted with sound runs, or a clean SpecError. Anything else throws (and fails the property). */
function judge(bytes: Uint8Array, file = 'f.yaml', pick = 0): Outcome {
  let plans: RunPlan[];
  try {
    plans = loadLikeCli(bytes, file);
  } catch (e) {
    if (!isSpecError(e)) {
      throw new Error(`not a SpecError (${(e as Error)?.constructor?.name}): ${String((e as Error)?.stack ?? e)}\n--- input ---\n${Buffer.from(bytes).toString('utf8')}`);
    }
    const m = e.format();
    if (/[\r\n]/.test(m)) throw new Error(`multi-line SpecError: ${JSON.stringify(m)}`);
    if (!m.startsWith(`${file}:`)) throw new Error(`SpecError does not name the file: ${m}`);
    return { kind: 'refused', message: m };
  }
  if (plans.length < 1) throw new Error('accepted spec expands to no runs');
  const ids = new Set(plans.map((p) => p.id));
  if (ids.size !== plans.length) throw new Error('duplicate run ids');
  for (const p of plans) if (!/^[0-9a-f]{12}$/.test(p.id)) throw new Error(`bad run id ${p.id}`);
  // Each run's resolved config, written back as a spec, must be accepted and be exactly that run.
  for (const p of [plans[0]!, plans[pick % plans.length]!, plans[plans.length - 1]!]) {
    const { seed, ...sections } = p.config;
    const again = expand(parseSpec(JSON.stringify({ name: 'roundtrip', ...sections, seeds: [seed] }), 'rt.json'));
    // A run a search stops early (halving) or tunes without a test (protocol) records other numbers, so its id says so.
    const id = runId(p.config, { ...(p.stopAt !== undefined ? { stop_at: p.stopAt } : {}), ...(p.test === false ? { stage: 'tune' as const } : {}) });
    if (again.length !== 1 || again[0]!.id !== runId(p.config) || id !== p.id) throw new Error(`run ${p.id} does not round-trip: ${JSON.stringify(p.config)}`);
    expect(again[0]!.config).toEqual(p.config);
  }
  return { kind: 'accepted', runs: plans.length };
}

const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

// ---- mutation operators --------------------------------------------------------------

const SCALARS: unknown[] = [
  0, -1, 1, 2, 0.5, -0.5, 1e-12, 1e308, 65536, 65537, 1000001, 4294967296, 2.5, 'fast', '', ' ', 'null', 'true', 'relu', 'adam', 'mnist',
  'digits', 'normal(-1)', 'constant(1e400)', 'he_normal', '../../x', '<script>', 'Ünïcødé 数字 🧪', '\u0000', '\u202e', true, false, null,
  [], [0], [1, 1], [[]], [-1, 2], {}, { a: 1 }, { name: 'x' },
];

const FRAGMENTS = [
  '\n', ': ', '- ', '[', ']', '{', '}', ',', '&a ', '*a', '*zz', '!!str ', '!!binary ', '!custom ', '? ', '|\n  x\n', '>-\n  y\n', '"', "'",
  '#', '---\n', '...\n', '%YAML 1.2\n', '\t', '  ', '<<: *a\n', 'sweep:\n  optimizer.lr: [', 'variants:\n  - name: x\n', 'seeds: 1000\n',
  'model: { hidden: [65536, 65536] }\n', '\ufeff', '\u2028', '\r\n', 'lr: .inf', 'lr: -.inf', 'lr: .nan', '0x1F', '0o17', '1_000',
  '2001-12-14', '~', 'on', 'yes', 'Ünïcødé 数字 🧪', '\u0007',
];

/** Every path (list of keys/indices) to a node of a plain JS value. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function getAt(root: unknown, p: (string | number)[]): unknown {
  return p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)?.[k], root);
}

function setAt(root: unknown, p: (string | number)[], value: unknown, del = false): unknown {
  if (p.length === 0) return del ? {} : value;
  const parent = getAt(root, p.slice(0, -1)) as Record<string | number, unknown> | unknown[];
  const key = p[p.length - 1]!;
  if (Array.isArray(parent)) {
    if (del) parent.splice(key as number, 1);
    else parent[key as number] = value;
  } else if (del) delete (parent as Record<string, unknown>)[key];
  else (parent as Record<string | number, unknown>)[key] = value;
  return root;
}

/** Change a value's type while keeping its content recognisable. */
function retype(v: unknown): unknown {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return Number.isNaN(Number(v)) ? [v] : Number(v);
  if (typeof v === 'boolean') return v ? 'yes' : 0;
  if (Array.isArray(v)) return v.length > 0 ? v[0] : null;
  if (v === null) return 'null';
  if (typeof v === 'object') return Object.keys(v as object);
  return v;
}

type Mutation =
  | { op: 'delete' | 'retype'; at: number }
  | { op: 'scalar'; at: number; value: unknown }
  | { op: 'addKey'; at: number; key: string; value: unknown }
  | { op: 'dupLine' | 'dropLine'; at: number }
  | { op: 'splice'; at: number; text: string }
  | { op: 'truncate'; at: number };

const randomKey = fc.oneof(
  fc.constantFrom('lr', 'name', 'hidden', 'sizes', 'dropout', 'seeds', 'sweep', 'variants', 'set', 'epochs', 'batch_size', 'optimizer.lr', 'model.hidden', '__proto__', 'constructor'),
  fc.string({ maxLength: 8 }),
);
const randomScalar = fc.oneof(fc.constantFrom(...SCALARS), fc.integer({ min: -5, max: 70000 }), fc.double({ noNaN: false }), fc.string({ unit: 'grapheme', maxLength: 12 }));
const randomFragment = fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 10 }), fc.string({ unit: 'grapheme-ascii', maxLength: 10 }));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'retype' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('scalar' as const), at: fc.nat(), value: randomScalar }),
  fc.record({ op: fc.constant('addKey' as const), at: fc.nat(), key: randomKey, value: randomScalar }),
  fc.record({ op: fc.constantFrom('dupLine' as const, 'dropLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('splice' as const), at: fc.nat(), text: randomFragment }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Apply mutations in order. Structural ones re-serialize the document; textual ones edit the text. */
function mutate(text: string, ms: Mutation[]): string {
  let t = text;
  for (const m of ms) {
    if (m.op === 'dupLine' || m.op === 'dropLine') {
      const lines = t.split('\n');
      const i = m.at % lines.length;
      if (m.op === 'dupLine') lines.splice(i, 0, lines[i]!); // a duplicate key, or a duplicate list item
      else lines.splice(i, 1);
      t = lines.join('\n');
    } else if (m.op === 'splice') {
      const i = m.at % (t.length + 1);
      t = t.slice(0, i) + m.text + t.slice(i);
    } else if (m.op === 'truncate') {
      t = t.slice(0, m.at % (t.length + 1));
    } else {
      let doc: unknown;
      try {
        doc = YAML.parse(t, { uniqueKeys: false, maxAliasCount: 10, logLevel: 'error' });
      } catch {
        continue; // already broken text: structural edits need a parseable document
      }
      if (doc === null || typeof doc !== 'object') continue;
      const all = paths(doc).filter((p) => p.length > 0);
      if (all.length === 0) continue;
      const p = all[m.at % all.length]!;
      if (m.op === 'delete') doc = setAt(doc, p, undefined, true);
      else if (m.op === 'retype') doc = setAt(doc, p, retype(getAt(doc, p)));
      else if (m.op === 'scalar') doc = setAt(doc, p, m.value);
      else if (m.op === 'addKey') {
        const target = getAt(doc, p.slice(0, -1));
        if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
      }
      t = YAML.stringify(doc);
    }
  }
  return t;
}

const shippedIndex = fc.nat({ max: SHIPPED.length - 1 });
const mutatedSpec = fc.tuple(shippedIndex, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([i, ms]) => mutate(SHIPPED[i]!.text, ms));

// Counters for the reliability table (docs/reliability.md), printed at the end.
const tally = { cases: 0, accepted: 0, refused: 0, cli: 0 };

describe('the shipped experiments are the fuzzer\'s seeds', () => {
  it('every shipped spec is accepted and every run round-trips', () => {
    expect(SHIPPED.length).toBeGreaterThanOrEqual(5);
    for (const s of SHIPPED) expect(judge(utf8(s.text), s.file, 7).kind, s.file).toBe('accepted');
  });
});

describe('mutated specs: accepted with sound runs, or one clean SpecError', () => {
  it('structural and textual mutations of experiments/*.yaml (2500 cases)', () => {
    fc.assert(
      fc.property(mutatedSpec, fc.nat(), (text, pick) => {
        const o = judge(utf8(text), 'f.yaml', pick);
        tally.cases++;
        tally[o.kind]++;
      }),
      { numRuns: 2500, seed: SEED },
    );
    // Both outcomes really occur: the mutations are neither all fatal nor all harmless.
    expect(tally.accepted).toBeGreaterThan(100);
    expect(tally.refused).toBeGreaterThan(500);
  });

  it('raw byte damage: random bytes (invalid UTF-8, NUL, BOMs) written into a shipped spec (1000 cases)', () => {
    const damaged = fc.tuple(shippedIndex, fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 3 })).map(([i, edits]) => {
      let b = Buffer.from(SHIPPED[i]!.text, 'utf8');
      for (const [at, bytes] of edits) {
        const k = at % (b.length + 1);
        b = Buffer.concat([b.subarray(0, k), Buffer.from(bytes), b.subarray(k)]);
      }
      return new Uint8Array(b);
    });
    fc.assert(
      fc.property(damaged, (bytes) => {
        const o = judge(bytes);
        tally.cases++;
        tally[o.kind]++;
      }),
      { numRuns: 1000, seed: SEED + 1 },
    );
  });

  it('whole random documents built from spec-shaped pieces (1000 cases)', () => {
    const section = fc.dictionary(randomKey, randomScalar, { maxKeys: 4 });
    const doc = fc.record({
      name: fc.oneof(fc.constant('f'), randomScalar),
      data: fc.oneof(fc.constantFrom('digits', 'circles', 'mnist', 'csv', 'spirals'), section),
      model: section,
      optimizer: fc.oneof(fc.constantFrom('adam', 'sgd'), section),
      train: section,
      seeds: randomScalar,
      sweep: fc.dictionary(fc.constantFrom('optimizer.lr', 'model.hidden', 'train.epochs', 'data.dataset', 'seeds', 'x.y'), fc.array(randomScalar, { maxLength: 3 }), { maxKeys: 2 }),
    }, { requiredKeys: ['name'] });
    fc.assert(
      fc.property(doc, (d) => {
        const o = judge(utf8(YAML.stringify(d)));
        tally.cases++;
        tally[o.kind]++;
      }),
      { numRuns: 1000, seed: SEED + 2 },
    );
  });
});

describe('mutated specs through the real CLI: `nnlab validate` exits 0 or 2, never a stack trace', () => {
  beforeAll(requireBuild);

  it('30 mutated specs, and the CLI agrees with the in-process verdict', async () => {
    const samples = fc.sample(mutatedSpec, { numRuns: 30, seed: SEED + 3 });
    const dir = tmpDir('nnlab-fuzz-cli-');
    const verdicts = samples.map((text, i) => {
      const file = `m${i}.yaml`;
      fs.writeFileSync(path.join(dir, file), text);
      return { file, text, expected: judge(utf8(text), file) };
    });
    expect(verdicts.filter((v) => v.expected.kind === 'accepted').length).toBeGreaterThan(0);
    expect(verdicts.filter((v) => v.expected.kind === 'refused').length).toBeGreaterThan(0);
    // Two at a time: two cores.
    for (let i = 0; i < verdicts.length; i += 2) {
      await Promise.all(verdicts.slice(i, i + 2).map(async (v) => {
        const r = await nnlabAsync(dir, ['validate', v.file]);
        const why = `seed ${SEED + 3}, ${v.file}:\n${v.text}\n--- stderr ---\n${r.stderr}`;
        expect(r.stderr, why).not.toMatch(/\n\s+at /);
        expect(r.stderr, why).not.toMatch(/unexpected error/);
        if (v.expected.kind === 'accepted') {
          expect(r.code, why).toBe(0);
          expect(r.stdout, why).toMatch(new RegExp(`^${v.file}: ok — .*, ${v.expected.runs} run${v.expected.runs === 1 ? '' : 's'}\\n$`));
        } else {
          expect(r.code, why).toBe(2);
          expect(r.stderr, why).toBe(`nnlab: ${v.expected.message}\n`);
        }
        tally.cli++;
      }));
    }
    // Nothing but the spec files: validate writes nothing.
    expect(fs.readdirSync(dir).sort()).toEqual(verdicts.map((v) => v.file).sort());
    console.log(`[hardening] fuzz seed ${SEED}: ${tally.cases} specs judged in-process (${tally.accepted} accepted, ${tally.refused} refused with a SpecError), ${tally.cli} through \`nnlab validate\``);
  });
});
