/**
 * Plain YAML data → a validated ExperimentSpec. Every section is checked
 * against the field table, defaults fill what is not written, and every
 * variant × sweep point is resolved and checked as a whole, so a bad value
 * fails here, at its line, before any run starts.
 */
import { BASE_DEFAULTS, baseDefaults, REPORT_DEFAULTS, SEEDS_DEFAULT } from './defaults.js';
import { SpecError, show } from './errors.js';
import { CONFIG_SECTIONS, FIELD_KEYS, FIELDS, isFieldKey, SHORTHAND, type FieldKey } from './fields.js';
import { CHARTS, METRICS, optimizerFields, optimizerReads } from './names.js';
import { canonicalJson } from './canonical.js';
import { pointCount, points, type Point } from '../plan/points.js';
import { getKey, resolve, setKey } from '../plan/resolve.js';
import { checkRun, ignoredByLayers, type RunProblem } from './runcheck.js';
import type { Located, Path, Pos } from './source.js';
import type { BaseConfig, ExperimentSpec, ReportSpec, Variant } from './spec.js';
import { suggestion, commaSplitHint } from './suggest.js';
import { defaultMetric, metricTaskProblem, taskMetrics, type Task } from './metrics.js';
import { MIXED_TASKS, mixedTasksAt, specTasks } from './regression.js';
import { pointIdle, unreadSetting } from './idle.js';
import { parseDistribution, type Distribution } from './distribution.js';
import { capacityProblem, readSearch, type ProtocolSpec, type SearchSpec } from './search.js';

export const TOP_LEVEL_KEYS = ['name', 'description', ...CONFIG_SECTIONS, 'seeds', 'sweep', 'search', 'protocol', 'variants', 'report'] as const;
export const VARIANT_KEYS = ['name', 'set'] as const;
export const REPORT_KEYS = ['rows', 'columns', 'metric', 'charts', 'target_accuracy'] as const;

/** More runs than this is a typo in a sweep, not an experiment. */
export const MAX_RUNS = 10_000;
export const MAX_SEEDS = 1000;
export const MAX_SWEEP_VALUES = 1000;

/** Safe as a single folder name on every OS: no separators, no leading dot, no device names. */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** Why `name` cannot be a results folder, or null if it can. */
export function unsafeNameReason(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (name.length > 100) return 'is longer than 100 characters';
  if (name.startsWith('.')) return 'starts with "."';
  if (RESERVED.test(name)) return 'is a reserved device name on Windows';
  if (!SAFE_NAME.test(name)) return 'may only use letters, digits, ".", "_" and "-" (no slashes, spaces or control characters)';
  return null;
}

type Raw = Record<string, unknown>;

/** The model keys that describe an MLP, which model.layers replaces. */
const MLP_KEYS = ['hidden', 'sizes', 'activation', 'dropout', 'input_dropout', 'batch_norm'] as const;

export function isMap(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where errors point: a file with positions, or a flag like --set with none. */
export interface Blame {
  file: string;
  at(path: Path): Pos;
  keyAt(path: Path): Pos;
}

class Ctx {
  constructor(readonly b: Blame) {}
  fail(path: Path, message: string, onKey = false): never {
    const p = onKey ? this.b.keyAt(path) : this.b.at(path);
    throw new SpecError(this.b.file, p.line, p.col, message);
  }
  /** Reject keys of a map that are not in `valid`, pointing at the key. */
  keys(raw: Raw, path: Path, valid: readonly string[], where: string): void {
    for (const k of Object.keys(raw)) {
      if (!valid.includes(k)) this.fail([...path, k], `unknown key ${show(k)}${where}${commaSplitHint(k) || suggestion(k, valid)}`, true);
    }
  }
}

/** Field keys directly under a section prefix ("model" → hidden, sizes, ..., init). */
function children(prefix: string): string[] {
  const out: string[] = [];
  for (const k of FIELD_KEYS) {
    if (!k.startsWith(prefix + '.')) continue;
    const child = k.slice(prefix.length + 1).split('.')[0]!;
    if (!out.includes(child)) out.push(child);
  }
  return out;
}

function isSection(prefix: string): boolean {
  return FIELD_KEYS.some((k) => k.startsWith(prefix + '.'));
}

const SHORTHAND_EXAMPLE: Readonly<Record<string, string>> = {
  data: 'data: mnist',
  optimizer: 'optimizer: adam',
  schedule: 'schedule: cosine',
  'model.init': 'init: xavier_uniform',
};

/** Read one config section (recursively for init/augment) into `base`. */
function readSection(ctx: Ctx, raw: unknown, prefix: string, path: Path, base: BaseConfig, written: Set<string>): void {
  if (raw === null) return; // `optimizer:` with nothing under it = all defaults
  let map: Raw;
  const short = SHORTHAND[prefix];
  if (typeof raw === 'string' && short !== undefined) map = { [short]: raw };
  else if (isMap(raw)) map = raw;
  else {
    const hint = SHORTHAND_EXAMPLE[prefix] !== undefined ? ` or a bare ${short} like \`${SHORTHAND_EXAMPLE[prefix]}\`` : '';
    ctx.fail(path, `${prefix} must be a map of settings (${children(prefix).join(', ')})${hint}, got ${show(raw)}`);
  }
  const valid = children(prefix);
  ctx.keys(map, path, valid, ` in ${prefix}`);
  if (prefix === 'model' && 'sizes' in map && 'hidden' in map) {
    ctx.fail([...path, 'sizes'], 'model.sizes and model.hidden both given — use one: sizes lists every layer, hidden only the hidden ones', true);
  }
  for (const [k, v] of Object.entries(map)) {
    const key = `${prefix}.${k}`;
    const p = typeof raw === 'string' ? path : [...path, k];
    if (isFieldKey(key)) {
      const r = FIELDS[key].check(v, key);
      if (!r.ok) ctx.fail(p, r.error);
      setKey(base, key, r.value);
      written.add(key);
    } else {
      readSection(ctx, v, key, p, base, written);
    }
  }
}

function readName(ctx: Ctx, raw: Raw): string {
  if (!('name' in raw)) ctx.fail([], 'missing required key "name" — add e.g. `name: my-experiment` (it names the results and reports folders)');
  const n = raw['name'];
  if (typeof n !== 'string') ctx.fail(['name'], `name must be a string usable as a folder name, got ${show(n)}`);
  const why = unsafeNameReason(n);
  if (why !== null) ctx.fail(['name'], `name ${show(n)} ${why}; it becomes a folder under results/ — use e.g. "my-experiment"`);
  return n;
}

function readSeeds(ctx: Ctx, raw: unknown): number[] {
  if (raw === undefined) return Array.from({ length: SEEDS_DEFAULT }, (_, i) => i);
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw) || raw < 1 || raw > MAX_SEEDS) ctx.fail(['seeds'], `seeds must be a count from 1 to ${MAX_SEEDS} or a list of seeds, got ${show(raw)}`);
    return Array.from({ length: raw }, (_, i) => i);
  }
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_SEEDS) {
    ctx.fail(['seeds'], `seeds must be a count (e.g. 3 → seeds 0, 1, 2) or a non-empty list like [0, 7, 42], got ${show(raw)}`);
  }
  const bad = seedListProblem(raw);
  if (bad) ctx.fail(['seeds', bad.index], bad.message);
  return [...raw] as number[];
}

/** What is wrong with a list of seeds (the spec's `seeds: [...]`, or `--set seeds=[...]`), or null. */
export function seedListProblem(list: readonly unknown[]): { index: number; message: string } | null {
  const seen = new Set<unknown>();
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > 2 ** 32 - 1) return { index: i, message: `seeds[${i}] must be an integer from 0 to 4294967295, got ${show(s)}` };
    if (seen.has(s)) return { index: i, message: `seed ${s} is listed twice — each seed runs once` };
    seen.add(s);
  }
  return null;
}

/** A dotted key used by sweep or a variant: must name one field. */
function checkDottedKey(ctx: Ctx, key: string, path: Path, where: string): FieldKey {
  if (isFieldKey(key)) return key;
  if (key === 'seeds') ctx.fail(path, `${where} key "seeds": seeds are not a config field — list them with the top-level \`seeds:\` key (a count or a list)`, true);
  if (isSection(key)) {
    const fields = FIELD_KEYS.filter((k) => k.startsWith(key + '.'));
    ctx.fail(path, `${where} key ${show(key)} is a section; name one of its fields: ${fields.join(', ')}`, true);
  }
  const s = suggestion(key, FIELD_KEYS, false);
  ctx.fail(path, `${where} key ${show(key)} names no spec field${s || ' — write a dotted key like optimizer.lr (all keys: docs/specs.md)'}`, true);
}

function checkValue(ctx: Ctx, key: FieldKey, v: unknown, path: Path, listHint: boolean): unknown {
  const r = FIELDS[key].check(v, key);
  if (r.ok) return r.value;
  if (listHint && (key === 'model.hidden' || key === 'model.sizes') && !Array.isArray(v)) {
    const example = key === 'model.hidden' ? '[[100], [100, 100]]' : '[[784, 100, 10], [784, 30, 10]]';
    ctx.fail(path, `${r.error} — each sweep value of ${key} is a whole list, e.g. ${key}: ${example}`);
  }
  ctx.fail(path, r.error);
}

/** The example for a sweep value that is not a list: the value itself in brackets when that would be valid, else the field's rule. */
function listExample(key: string, v: unknown): string {
  if (isFieldKey(key) && FIELDS[key].check(v, key).ok) return `e.g. [${show(v)}]`;
  return `each one valid for ${key}, or a distribution such as loguniform(0.001, 1) for a random search`;
}

/** A sweep value written as a call (`loguniform(0.001, 1)`): a distribution for a random search. */
function isCall(v: unknown): v is string {
  return typeof v === 'string' && /^\s*[A-Za-z_]\w*\s*\(/.test(v);
}

/** `key: loguniform(…)` → its distribution, each bound or choice checked as a value of the field. */
export function readDistribution(key: FieldKey, text: string): { ok: true; dist: Distribution } | { ok: false; error: string } {
  return parseDistribution(text, key, (v) => {
    const r = FIELDS[key].check(v, key);
    return r.ok ? null : r.error;
  });
}

function readSweep(ctx: Ctx, raw: unknown, space: Record<string, Distribution> = {}): Record<string, unknown[]> {
  if (raw === undefined || raw === null) return {};
  if (!isMap(raw)) ctx.fail(['sweep'], `sweep must be a map of dotted keys to value lists, e.g. { optimizer.lr: [0.01, 0.1] }, got ${show(raw)}`);
  const out: Record<string, unknown[]> = {};
  for (const [k, list] of Object.entries(raw)) {
    const key = checkDottedKey(ctx, k, ['sweep', k], 'sweep');
    if (isCall(list) && !FIELDS[key].check(list, key).ok) {
      const d = readDistribution(key, list);
      if (!d.ok) ctx.fail(['sweep', k], d.error);
      space[key] = d.dist;
      continue;
    }
    if (!Array.isArray(list)) ctx.fail(['sweep', k], `sweep ${k} must be a list of values, ${listExample(key, list)}, got ${show(list)}`);
    if (list.length === 0) ctx.fail(['sweep', k], `sweep ${k} is an empty list — give at least one value or remove the key`);
    if (list.length > MAX_SWEEP_VALUES) ctx.fail(['sweep', k], `sweep ${k} has ${list.length} values; the limit is ${MAX_SWEEP_VALUES}`);
    const seen = new Map<string, number>();
    out[key] = list.map((v, i) => {
      const value = checkValue(ctx, key, v, ['sweep', k, i], true);
      const c = canonicalJson(value);
      if (seen.has(c)) ctx.fail(['sweep', k, i], `sweep ${k} lists ${show(value)} twice (items ${seen.get(c)} and ${i}) — remove the duplicate`);
      seen.set(c, i);
      return value;
    });
  }
  if ('model.sizes' in out && 'model.hidden' in out) ctx.fail(['sweep', 'model.hidden'], 'sweep over model.sizes and model.hidden at once — they set the same layers; sweep one', true);
  return out;
}

function readVariants(ctx: Ctx, raw: unknown, sweep: Record<string, unknown[]>): Variant[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    ctx.fail(['variants'], `variants must be a list of { name, set: { dotted.key: value } }, got ${show(raw)}`);
  }
  const names = new Set<string>();
  return raw.map((item, i): Variant => {
    const path = ['variants', i];
    if (!isMap(item)) ctx.fail(path, `variants[${i}] must be a map like { name: adam, set: { optimizer.name: adam } }, got ${show(item)}`);
    ctx.keys(item, path, VARIANT_KEYS, ` in variants[${i}]`);
    const name = item['name'];
    if (typeof name !== 'string' || name.trim() === '' || name.length > 64 || /[\u0000-\u001f]/.test(name)) {
      ctx.fail([...path, 'name'], `variants[${i}].name must be a short non-empty label (up to 64 characters), got ${show(name)}`);
    }
    if (name === 'variant') ctx.fail([...path, 'name'], 'a variant may not be called "variant" (that word names the variant axis in report:)');
    if (names.has(name)) ctx.fail([...path, 'name'], `variant name ${show(name)} is used twice — variant names must be unique`);
    names.add(name);
    const setRaw = item['set'] ?? {};
    if (!isMap(setRaw)) ctx.fail([...path, 'set'], `variants[${i}].set must be a map of dotted keys to values, e.g. { optimizer.name: adam }, got ${show(setRaw)}`);
    const set: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(setRaw)) {
      const key = checkDottedKey(ctx, k, [...path, 'set', k], `variant "${name}" set`);
      if (key in sweep) ctx.fail([...path, 'set', k], `variant "${name}" sets ${key}, which the sweep also varies — remove it from one of them`, true);
      set[key] = checkValue(ctx, key, v, [...path, 'set', k], false);
    }
    if ('model.sizes' in set && 'model.hidden' in set) ctx.fail([...path, 'set', 'model.hidden'], `variant "${name}" sets both model.sizes and model.hidden — use one`, true);
    return { name, set };
  });
}

/** Defaults for the table axes: the last two of (variant, sweep keys…). */
function axes(sweep: Record<string, unknown[]>, variants: Variant[]): string[] {
  return [...(variants.length > 0 ? ['variant'] : []), ...Object.keys(sweep)];
}

function readReport(ctx: Ctx, raw: unknown, sweep: Record<string, unknown[]>, variants: Variant[], tasks: ReadonlySet<Task>): ReportSpec {
  if (raw !== undefined && raw !== null && !isMap(raw)) ctx.fail(['report'], `report must be a map (${REPORT_KEYS.join(', ')}), got ${show(raw)}`);
  const r: Raw = isMap(raw) ? raw : {};
  ctx.keys(r, ['report'], REPORT_KEYS, ' in report');
  const ax = axes(sweep, variants);
  const axis = (k: 'rows' | 'columns'): string | null | undefined => {
    if (!(k in r)) return undefined;
    const v = r[k];
    if (v === null) return null;
    if (typeof v !== 'string') ctx.fail(['report', k], `report.${k} must be a swept key or "variant", got ${show(v)}`);
    if (ax.includes(v)) return v;
    if (v === 'variant') ctx.fail(['report', k], `report.${k} is "variant" but the spec has no variants — use a swept key (${ax.join(', ') || 'none swept'})`);
    const why = isFieldKey(v) ? `${v} is not swept` : `${show(v)} is not a swept key`;
    ctx.fail(['report', k], `report.${k}: ${why}; choose one of: ${ax.join(', ') || '(nothing is swept — remove report.' + k + ')'}${ax.length > 0 ? suggestion(v, ax, false) : ''}`);
  };
  let rows = axis('rows');
  let columns = axis('columns');
  if (rows !== undefined && rows !== null && rows === columns) ctx.fail(['report', 'columns'], `report.rows and report.columns are both ${rows} — pick two different axes`);
  if (columns === undefined) columns = ax.filter((a) => a !== rows).pop() ?? null;
  if (rows === undefined) rows = ax.filter((a) => a !== columns).pop() ?? null;
  let metric = defaultMetric(tasks);
  if ('metric' in r) {
    const m = r['metric'];
    if (typeof m !== 'string' || !(METRICS as readonly string[]).includes(m)) ctx.fail(['report', 'metric'], `unknown metric ${show(m)} in report.metric${suggestion(String(m), METRICS)}`);
    // A metric the runs do not record would give an empty report.
    const wrongTask = metricTaskProblem(m, tasks);
    if (wrongTask !== null) ctx.fail(['report', 'metric'], `report.metric ${m} is ${wrongTask}`);
    metric = m;
  }
  let charts: string[] = [...REPORT_DEFAULTS.charts];
  if ('charts' in r && r['charts'] !== null) {
    const c = r['charts'];
    if (!Array.isArray(c)) ctx.fail(['report', 'charts'], `report.charts must be a list of chart names (${CHARTS.join(', ')}), got ${show(c)}`);
    charts = c.map((x, i) => {
      if (typeof x !== 'string' || !(CHARTS as readonly string[]).includes(x)) ctx.fail(['report', 'charts', i], `unknown chart ${show(x)} in report.charts${suggestion(String(x), CHARTS)}`);
      return x;
    });
    const dup = charts.find((x, i) => charts.indexOf(x) !== i);
    if (dup !== undefined) ctx.fail(['report', 'charts'], `report.charts lists ${dup} twice`);
  }
  let target: number | null = REPORT_DEFAULTS.target_accuracy;
  if ('target_accuracy' in r && r['target_accuracy'] !== null) {
    const t = r['target_accuracy'];
    if (typeof t !== 'number' || !(t > 0 && t <= 1)) ctx.fail(['report', 'target_accuracy'], `report.target_accuracy must be an accuracy in (0, 1] like 0.95, or null, got ${show(t)}`);
    if (!tasks.has('classification')) ctx.fail(['report', 'target_accuracy'], `report.target_accuracy is a validation accuracy, which regression runs (real-valued targets) do not record — remove it; they record ${taskMetrics(tasks).join(', ')}`);
    target = t;
  }
  return { rows, columns, metric, charts, target_accuracy: target };
}

/** The YAML path at which a dotted key is written in the base sections. */
function basePath(key: string): Path {
  return key.split('.');
}

/**
 * Resolve and check every variant × sweep point. `locate` says where to point
 * for a problem at a given point; the default (for files) prefers the sweep
 * value or variant entry that set the blamed key, else where the base wrote it.
 */
export function checkRuns(
  spec: Pick<ExperimentSpec, 'base' | 'sweep' | 'variants' | 'seeds'> & Partial<Pick<ExperimentSpec, 'search'>>,
  baseSizes: number[] | null,
  onProblem: (problem: RunProblem, point: Point) => void,
  onTooMany: (runs: number) => void,
  onDuplicate: (firstVariant: string | null, secondVariant: string | null, point: Point) => void,
): void {
  const n = pointCount(spec) * spec.seeds.length;
  if (n > MAX_RUNS) return onTooMany(n);
  const seen = new Map<string, string | null>();
  const drawn = new Set(spec.search?.method === 'random' ? Object.keys(spec.search.space) : []);
  for (const pt of points(spec)) {
    const { config, sizes } = resolve(spec.base, pt.sets, baseSizes);
    const problem = checkRun(config, sizes) ?? pointIdle(config, sizes, pt, drawn);
    if (problem !== null) return onProblem(problem, pt);
    const c = canonicalJson(config);
    if (seen.has(c)) return onDuplicate(seen.get(c)!, pt.variant, pt);
    seen.set(c, pt.variant);
  }
}

export interface Validated {
  spec: ExperimentSpec;
  /** model.sizes as written in the base (null when hidden was used); kept for re-checking after overrides. */
  baseSizes: number[] | null;
}

export function validate(src: Located, file: string): Validated {
  const ctx: Ctx = new Ctx({ file, at: src.at, keyAt: src.keyAt });
  const raw = src.value;
  if (raw === null || raw === undefined) {
    throw new SpecError(file, 1, 1, 'the spec is empty — start with `name: my-experiment` and `data: { dataset: digits }` (see docs/specs.md)');
  }
  if (!isMap(raw)) ctx.fail([], `a spec is a YAML map of sections (${TOP_LEVEL_KEYS.join(', ')}), got ${show(raw)}`);
  ctx.keys(raw, [], TOP_LEVEL_KEYS, '');
  const name = readName(ctx, raw);
  const description = raw['description'] ?? '';
  if (typeof description !== 'string') ctx.fail(['description'], `description must be text (the question the experiment asks), got ${show(description)}`);

  const base = baseDefaults();
  const written = new Set<string>();
  for (const section of CONFIG_SECTIONS) {
    if (!(section in raw)) continue;
    if (isFieldKey(section)) {
      const r = FIELDS[section].check(raw[section], section);
      if (!r.ok) ctx.fail([section], r.error);
      setKey(base, section, r.value);
      written.add(section);
    } else {
      readSection(ctx, raw[section], section, [section], base, written);
    }
  }
  const baseSizes = written.has('model.sizes') ? [...(sizesFrom(raw) as number[])] : null;
  const seeds = readSeeds(ctx, raw['seeds']);
  const space: Record<string, Distribution> = {};
  const sweep = readSweep(ctx, raw['sweep'], space);
  const variants = readVariants(ctx, raw['variants'], { ...sweep, ...Object.fromEntries(Object.keys(space).map((k) => [k, []])) });
  const { search, protocol } = readSearch({
    raw: raw['search'], protocolRaw: raw['protocol'], space, gridKeys: Object.keys(sweep), hasVariants: variants.length > 0,
    fail: (p, m, onKey) => ctx.fail(p, m, onKey), suggest: (k, valid) => suggestion(k, valid),
  });
  checkTrials(ctx, search);
  // Base MLP keys at their default values (a formatted spec writes every default) change nothing.
  const baseKeys = [...written].filter((k) => (k === 'model.layers' ? base.model.layers !== undefined : !isFieldKey(k) || k === 'model.sizes' || canonicalJson(getKey(base, k)) !== canonicalJson(getKey(BASE_DEFAULTS, k))));
  checkLayersAlone(ctx, baseKeys, sweep, variants);
  const tasks = specTasks({ base, sweep, variants, search });
  const mixed = mixedTasksAt({ base, sweep, variants, search }, tasks);
  if (mixed !== null) {
    if ('sweep' in mixed) ctx.fail(['sweep', mixed.sweep], `sweep.${mixed.sweep} ${MIXED_TASKS}`, true);
    ctx.fail(['variants', mixed.variant], `variant "${variants[mixed.variant]!.name}" ${MIXED_TASKS.replace('mixes', 'mixes the spec\'s')}`);
  }
  const report = readReport(ctx, raw['report'], sweep, variants, tasks);
  const spec: ExperimentSpec = { name, description, base, seeds, sweep, variants, report, search, protocol };
  if (protocol) checkProtocolSeeds(ctx, spec, protocol);
  checkSearchRules(spec, (path, message) => ctx.fail(path, message, true));

  const where = (key: string, pt: { variantIndex: number; sets: [FieldKey, unknown][] }): Path => {
    if (key in space) return ['sweep', key];
    if (key in sweep) {
      const v = pt.sets.find(([k]) => k === key)![1];
      return ['sweep', key, sweep[key]!.findIndex((x) => canonicalJson(x) === canonicalJson(v))];
    }
    if (pt.variantIndex >= 0 && key in variants[pt.variantIndex]!.set) return ['variants', pt.variantIndex, 'set', key];
    return basePath(key);
  };
  checkRuns(
    spec,
    baseSizes,
    (problem, pt) => {
      // The layer-size check can be caused by the sizes or by the dataset; blame whichever the point set.
      const candidates = problem.key === 'model.sizes' ? ['model.sizes', 'data.dataset'] : problem.key === 'train.batch_size' ? ['train.batch_size', 'data.train_size'] : [problem.key];
      const set = candidates.find((k) => k in sweep || k in space || (pt.variantIndex >= 0 && k in variants[pt.variantIndex]!.set));
      const ctxNote = pt.variant !== null ? ` (variant "${pt.variant}")` : '';
      ctx.fail(where(set ?? problem.key, pt), problem.message + ctxNote);
    },
    (n) => ctx.fail(Object.keys(sweep).length > 0 ? ['sweep'] : ['seeds'], `the spec expands to ${n} runs; the limit is ${MAX_RUNS} — shorten the sweep lists or use fewer seeds`, true),
    (a, b, pt) =>
      ctx.fail(
        pt.variantIndex >= 0 ? ['variants', pt.variantIndex, 'name'] : ['sweep'],
        a !== b ? `variants "${a}" and "${b}" produce identical runs — change one of them or remove it` : 'two sweep points produce identical runs — remove the duplicate value',
      ),
  );
  const unread = unreadSetting(spec, baseSizes);
  if (unread !== null) ctx.fail(unread.key in space ? ['sweep', unread.key] : basePath(unread.key), unread.message, unread.key in space);
  return { spec, baseSizes };
}

/**
 * model.layers replaces the MLP keys: a run that gets a layer list and also an MLP key (from the
 * base, the sweep or its variant) would silently ignore the latter, so that is refused, pointing
 * at the MLP key.
 */
function checkLayersAlone(ctx: Ctx, baseWritten: string[], sweep: Record<string, unknown[]>, variants: Variant[]): void {
  const mlp = MLP_KEYS.map((k) => `model.${k}`);
  const pathOf = (key: string, where: 'base' | 'sweep' | number): Path =>
    where === 'base' ? basePath(key) : where === 'sweep' ? ['sweep', key] : ['variants', where, 'set', key];
  const sets: { keys: string[]; where: 'base' | 'sweep' | number }[] = [
    { keys: baseWritten, where: 'base' },
    { keys: Object.keys(sweep), where: 'sweep' },
  ];
  const groups = variants.length === 0 ? [sets] : variants.map((v, i) => [...sets, { keys: Object.keys(v.set).filter((k) => k !== 'model.layers' || v.set[k] !== undefined), where: i }]);
  for (const g of groups) {
    const layers = g.find((s) => s.keys.includes('model.layers'));
    const clash = g.flatMap((s) => s.keys.filter((k) => mlp.includes(k)).map((k) => ({ k, where: s.where })))[0];
    if (layers && clash) {
      const from = layers.where === 'base' ? 'the model section' : layers.where === 'sweep' ? 'the sweep' : `variant "${variants[layers.where as number]!.name}"`;
      ctx.fail(pathOf(clash.k, clash.where), ignoredByLayers(clash.k, from), true);
    }
  }
}

/** A random search needs a space comfortably larger than its trials (search.ts capacityProblem). */
function checkTrials(ctx: Ctx, search: SearchSpec): void {
  const problem = capacityProblem(search);
  if (problem !== null) ctx.fail(['search', 'trials'], problem);
}

/**
 * Rules a search must keep, however it was written (file, --set, --sweep, --epochs): an optimizer
 * setting varied where no configuration's optimizer reads it (sgd ignores momentum) tunes nothing;
 * halving needs one train.epochs above its first rung; a protocol's arms differ only in its compare
 * key. `fail(path, message)` points at the sweep key, the search or the protocol.
 */
export function checkSearchRules(spec: ExperimentSpec, fail: (path: Path, message: string) => never): void {
  const varied = [...Object.keys(spec.sweep), ...Object.keys(spec.search.space)].filter((k) => k.startsWith('optimizer.') && k !== 'optimizer.name');
  if (varied.length > 0 && pointCount(spec) <= MAX_RUNS) {
    const names = new Set<string>();
    for (const pt of points(spec)) names.add(resolve(spec.base, pt.sets, null).config.optimizer.name);
    for (const k of varied) {
      const field = k.slice('optimizer.'.length);
      if ([...names].some((n) => optimizerReads(n, field))) continue;
      const n = [...names][0]!;
      fail(['sweep', k], `sweep ${k}: ${[...names].join(' and ')} ${names.size > 1 ? 'do' : 'does'} not read ${field} (${n} reads ${optimizerFields(n).join(', ')}), so varying it changes nothing — use an optimizer that does (e.g. optimizer.name: momentum), or drop ${k}`);
    }
  }
  const h = spec.search.halving;
  if (h) {
    if (['train.epochs'].some((k) => k in spec.sweep || k in spec.search.space || spec.variants.some((v) => k in v.set))) {
      fail(['search', 'halving'], 'successive halving needs one train.epochs for every configuration (the last rung); do not sweep train.epochs or set it in a variant');
    }
    if (h.min_epochs >= spec.base.train.epochs) fail(['search', 'halving', 'min_epochs'], `search.halving.min_epochs (${h.min_epochs}) must be below train.epochs (${spec.base.train.epochs}), or there is nothing to halve`);
  }
  const p = spec.protocol;
  if (p) {
    if (p.compare !== 'variant' && spec.variants.length > 0) {
      fail(['protocol', 'compare'], `protocol.compare is ${p.compare} but the spec also has variants, which would give each arm ${spec.variants.length}× the budget and let arms choose different models — remove the variants, or compare: variant`);
    }
    const arms = p.compare === 'variant' ? spec.variants.length : spec.sweep[p.compare]?.length ?? 0;
    if (arms < 2) fail(['protocol', 'compare'], `protocol.compare ${p.compare} has ${arms} value${arms === 1 ? '' : 's'}; a comparison needs at least two arms, e.g. ${p.compare === 'variant' ? 'two variants' : `${p.compare}: [momentum, adam]`} in sweep`);
    const untuned = Object.keys(spec.search.space).filter((k) => !p.tune.includes(k));
    if (untuned.length > 0) fail(['protocol', 'tune'], `sweep ${untuned[0]} is a distribution but not in protocol.tune — add it to tune, or make it a fixed value`);
  }
}

/** Tuning seeds, final seeds and their runs must fit the run limits. */
function checkProtocolSeeds(ctx: Ctx, spec: ExperimentSpec, p: ProtocolSpec): void {
  const top = Math.max(...spec.seeds);
  if (top + p.final_seeds > 2 ** 32 - 1) ctx.fail(['seeds'], 'the final seeds follow the largest tuning seed and would pass 4294967295 — use smaller tuning seeds');
}

function sizesFrom(raw: Raw): unknown {
  const model = raw['model'];
  return isMap(model) ? model['sizes'] : null;
}
