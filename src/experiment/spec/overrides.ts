/**
 * Command-line overrides on a parsed spec: `--set key=value`, `--seeds N`,
 * `--epochs N`. Each is checked exactly like the same value in a file, and
 * the whole spec is re-checked afterwards; errors are SpecErrors naming the
 * flag. A key the spec sweeps (or a variant sets) is fixed to the given value
 * everywhere, so `--set optimizer.lr=0.05` really runs lr 0.05; variants left
 * identical by that are merged into the first of them.
 */
import { parseDocument } from 'yaml';
import { SpecError, show } from './errors.js';
import { FIELD_KEYS, FIELDS, isFieldKey, type FieldKey } from './fields.js';
import { canonicalJson } from './canonical.js';
import { resolve, setKey } from '../plan/resolve.js';
import type { ExperimentSpec } from './spec.js';
import { suggestion } from './suggest.js';
import { splitTopLevel } from './distribution.js';
import { capacityProblem, MAX_TRIALS } from './search.js';
import { defaultMetric, metricTask, metricTaskProblem } from './metrics.js';
import { MIXED_TASKS, specTasks } from './regression.js';
import { unreadSetting } from './idle.js';
import { checkRuns, checkSearchRules, MAX_RUNS, MAX_SEEDS, readDistribution, seedListProblem } from './validate.js';

export interface Overrides {
  /** `key=value` assignments, applied in order. */
  set?: readonly string[];
  /** `key=v1,v2,…` (a grid axis) or `key=loguniform(a,b)` (a distribution), applied in order after --set. */
  sweep?: readonly string[];
  /** Random search with this many trials. */
  trials?: number | string;
  /** Run seeds 0..N-1 instead of the spec's seeds. */
  seeds?: number | string;
  /** Train every run for N epochs. */
  epochs?: number | string;
}

/** The keys --set accepts: every field, plus the seed count. */
export const SETTABLE_KEYS: readonly string[] = [...FIELD_KEYS, 'seeds'];

function fail(flag: string, message: string): never {
  throw new SpecError(flag, 0, 0, message);
}

/** A command-line value as YAML would read it in a file: `0.05` a number, `[100, 100]` a list, `adam` a string. */
function scalar(flag: string, text: string): unknown {
  if (text.length > 10_000) fail(flag, 'the value is too long');
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  } catch (e) {
    fail(flag, `cannot read ${show(text)} as a YAML value: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  // Warnings (e.g. an unknown !tag) are refused like errors, as in spec files.
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) fail(flag, `cannot read ${show(text)} as a YAML value: ${problem.message.split('\n')[0]}`);
  try {
    return doc.toJS({ maxAliasCount: 0 });
  } catch (e) {
    fail(flag, `cannot read ${show(text)} as a YAML value: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
}

/** Apply one `key=value`. Returns a new spec; the input is not modified. */
export function applySet(spec: ExperimentSpec, assignment: string, baseSizes: number[] | null = null): ExperimentSpec {
  return setOne(spec, assignment, baseSizes).spec;
}

/** A spec after overrides, with model.sizes as its base is then written (null when hidden was used). */
export interface Overridden {
  spec: ExperimentSpec;
  baseSizes: number[] | null;
}

function setOne(spec: ExperimentSpec, assignment: string, baseSizes: number[] | null): Overridden {
  const flag = `--set ${assignment}`;
  const eq = assignment.indexOf('=');
  if (eq <= 0) fail('--set', `${show(assignment)} must look like key=value, e.g. optimizer.lr=0.05`);
  const key = assignment.slice(0, eq).trim();
  const value = scalar(flag, assignment.slice(eq + 1).trim());
  if (key === 'seeds') return { spec: applySeeds(spec, value, flag), baseSizes };
  if (!isFieldKey(key)) fail(flag, `unknown key ${show(key)}${suggestion(key, SETTABLE_KEYS, false) || ' — use a dotted key like optimizer.lr or train.epochs (all keys: docs/specs.md)'}`);
  return setField(spec, key, value, flag, baseSizes);
}

/** --epochs N: every run trains N epochs. */
export function applyEpochs(spec: ExperimentSpec, epochs: number | string): ExperimentSpec {
  return setField(spec, 'train.epochs', typeof epochs === 'string' ? scalar('--epochs', epochs) : epochs, '--epochs', null).spec;
}

/** --seeds N: runs use seeds 0..N-1; `--set seeds=…` also takes a list, as the spec's `seeds:` does. */
export function applySeeds(spec: ExperimentSpec, seeds: unknown, flag = '--seeds'): ExperimentSpec {
  const n = typeof seeds === 'string' ? scalar(flag, seeds) : seeds;
  const out = structuredClone(spec);
  if (Array.isArray(n) && flag !== '--seeds') {
    if (n.length === 0 || n.length > MAX_SEEDS) fail(flag, `seeds must be a non-empty list of at most ${MAX_SEEDS} seeds, got ${show(n)}`);
    const bad = seedListProblem(n);
    if (bad) fail(flag, bad.message);
    out.seeds = [...(n as number[])];
    recheck(out, null, flag);
    return out;
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_SEEDS) {
    fail(flag, `seeds must be a count from 1 to ${MAX_SEEDS}${flag === '--seeds' ? '' : ' or a list like [0, 7, 42]'}, got ${show(n)}`);
  }
  out.seeds = Array.from({ length: n }, (_, i) => i);
  recheck(out, null, flag);
  return out;
}

/** Apply all overrides in the order --set…, --epochs, --seeds. */
export function applyOverrides(spec: ExperimentSpec, o: Overrides, baseSizes: number[] | null = null): ExperimentSpec {
  return applyOverridesFull(spec, o, baseSizes).spec;
}

/**
 * applyOverrides, also returning model.sizes as the base is written afterwards: each --set is
 * checked against the sizes the ones before it left, and the CLI checks csv data against them.
 */
export function applyOverridesFull(spec: ExperimentSpec, o: Overrides, baseSizes: number[] | null = null): Overridden {
  const keyOf = (a: string): string => a.slice(0, Math.max(0, a.indexOf('='))).trim();
  const swept = (o.sweep ?? []).map(keyOf);
  const twice = swept.find((k, i) => k !== '' && swept.indexOf(k) !== i);
  if (twice !== undefined) fail('--sweep', `${twice} is given twice; give its values once, e.g. --sweep ${twice}=a,b,c`);
  const both = (o.set ?? []).map(keyOf).find((k) => k !== '' && swept.includes(k));
  if (both !== undefined) fail('--set', `${both} is given by both --set and --sweep; --set fixes one value, --sweep varies it — use one`);
  let out: Overridden = { spec, baseSizes };
  for (const a of o.set ?? []) out = setOne(out.spec, a, out.baseSizes);
  if (o.trials !== undefined) out = { ...out, spec: applyTrials(out.spec, o.trials) };
  for (const a of o.sweep ?? []) out = { ...out, spec: applySweep(out.spec, a, o.trials !== undefined, out.baseSizes) };
  if (o.trials !== undefined && Object.keys(out.spec.search.space).length === 0) {
    fail('--trials', 'a random search needs a distribution to draw from: add e.g. --sweep \'optimizer.lr=loguniform(1e-3,1)\', or write one in the spec\'s sweep');
  }
  // Whether a layer setting is read depends on every override together (--set a slope, --sweep the
  // activation), so this one is checked once they are all applied.
  const given = [...(o.set ?? []).map((a) => `--set ${a}`), ...(o.sweep ?? []).map((a) => `--sweep ${a}`)];
  const unread = given.length > 0 ? unreadSetting(out.spec, out.baseSizes) : null;
  if (unread !== null) fail(given.join(' '), unread.message);
  if (o.epochs !== undefined) out = { ...out, spec: applyEpochs(out.spec, o.epochs) };
  if (o.seeds !== undefined) out = { ...out, spec: applySeeds(out.spec, o.seeds) };
  return out;
}

/** --trials N: a random search of N trials (the spec's distributions, or those --sweep adds). */
export function applyTrials(spec: ExperimentSpec, trials: number | string): ExperimentSpec {
  const n = typeof trials === 'string' ? scalar('--trials', trials) : trials;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_TRIALS) fail('--trials', `trials must be a count from 1 to ${MAX_TRIALS}, got ${show(n)}`);
  if (spec.protocol) fail('--trials', `the protocol gives every arm protocol.budget (${spec.protocol.budget}) trials; change the budget in the spec instead`);
  const out = structuredClone(spec);
  out.search = { ...out.search, method: 'random', trials: n };
  if (Object.keys(out.search.space).length > 0) recheck(out, null, '--trials');
  return out;
}

/**
 * --sweep key=v1,v2,… adds or replaces a grid axis; --sweep 'key=loguniform(a,b)' a distribution
 * (which needs a random search: the spec's, or --trials). Hydra's syntax, nnlab's checks.
 */
export function applySweep(spec: ExperimentSpec, assignment: string, trialsGiven: boolean, baseSizes: number[] | null): ExperimentSpec {
  const flag = `--sweep ${assignment}`;
  const eq = assignment.indexOf('=');
  if (eq <= 0) fail('--sweep', `${show(assignment)} must look like key=v1,v2,… or key=loguniform(a,b), e.g. optimizer.lr=0.01,0.1,1`);
  const key = assignment.slice(0, eq).trim();
  const text = assignment.slice(eq + 1).trim();
  if (!isFieldKey(key)) fail(flag, `unknown key ${show(key)}${suggestion(key, FIELD_KEYS, false) || ' — use a dotted key like optimizer.lr (all keys: docs/specs.md)'}`);
  const byVariant = spec.variants.find((v) => key in v.set);
  if (byVariant) fail(flag, `variant "${byVariant.name}" sets ${key}; a key is varied by the sweep or by variants, not both — use --set ${key}=… or edit the variants`);
  const out = structuredClone(spec);
  const isDistribution = /^[A-Za-z_]\w*\s*\(/.test(text) && !FIELDS[key].check(text, key).ok;
  if (isDistribution) {
    const d = readDistribution(key, text);
    if (!d.ok) fail(flag, d.error);
    if (out.search.method !== 'random' && !trialsGiven) fail(flag, `a distribution needs a random search: add --trials N (e.g. --trials 16), or search: { method: random, trials: 16 } in the spec`);
    if (out.protocol?.compare === key) fail(flag, `${key} is the protocol's compare axis: give it a list of arms, e.g. --sweep ${key}=sgd,adam`);
    delete out.sweep[key];
    out.search.space[key] = d.dist;
    if (out.protocol && !out.protocol.tune.includes(key)) fail(flag, `the protocol tunes ${out.protocol.tune.join(', ')}; a distribution for ${key} would be searched but not declared — add ${key} to protocol.tune in the spec`);
  } else {
    const values = splitTopLevel(text).map((v) => {
      const r = FIELDS[key].check(scalar(flag, v), key);
      if (!r.ok) fail(flag, r.error);
      return r.value;
    });
    if (values.length === 0 || text === '') fail(flag, `give at least one value, e.g. --sweep ${key}=a,b`);
    const seen = new Set<string>();
    for (const v of values) {
      const c = canonicalJson(v);
      if (seen.has(c)) fail(flag, `${show(v)} is listed twice`);
      seen.add(c);
    }
    if (out.protocol?.tune.includes(key)) fail(flag, `the protocol tunes ${key}: give it a distribution, e.g. --sweep '${key}=loguniform(1e-3,1)'`);
    delete out.search.space[key];
    if (out.search.method === 'random' && Object.keys(out.search.space).length === 0 && !trialsGiven) fail(flag, `${key} was the random search's only distribution; a list leaves it nothing to draw — keep a distribution or drop the search`);
    out.sweep[key] = values;
  }
  const sizesKeys = ['model.sizes', 'model.hidden'];
  if (sizesKeys.includes(key)) for (const k of sizesKeys) if (k !== key) delete out.sweep[k];
  recheck(out, baseSizes, flag);
  return out;
}

function setField(spec: ExperimentSpec, key: FieldKey, raw: unknown, flag: string, baseSizes: number[] | null): Overridden {
  const r = FIELDS[key].check(raw, key);
  if (!r.ok) fail(flag, r.error);
  if (spec.protocol?.compare === key) fail(flag, `${key} is what the protocol compares; fixing it leaves one arm and nothing to compare — use --sweep ${key}=a,b to choose the arms, or run a spec without protocol`);
  const out = structuredClone(spec);
  setKey(out.base, key, r.value);
  // sizes and hidden are one setting written two ways: fixing one drops any sweep or variant of the other.
  const same: string[] = key === 'model.sizes' || key === 'model.hidden' ? ['model.sizes', 'model.hidden'] : [key];
  for (const k of same) {
    if (k in out.sweep) {
      delete out.sweep[k];
      if (out.report.rows === k) out.report.rows = null;
      if (out.report.columns === k) out.report.columns = null;
    }
    for (const v of out.variants) delete v.set[k];
    if (k in out.search.space) {
      if (out.protocol?.tune.includes(k)) fail(flag, `the protocol tunes ${k}; fixing it leaves nothing to tune — remove it from protocol.tune in the spec instead`);
      delete out.search.space[k];
      if (Object.keys(out.search.space).length === 0) fail(flag, `${k} is the random search's only distribution; fixing it leaves nothing to draw — edit the spec's search instead`);
    }
  }
  dropDuplicateVariants(out);
  const sizes = key === 'model.sizes' ? (r.value as number[]) : key === 'model.hidden' ? null : baseSizes;
  recheck(out, sizes, flag);
  return { spec: out, baseSizes: sizes };
}

/**
 * An override can leave variants that differed only in the overridden key
 * identical (`--set optimizer.name=adam` on sgd-vs-adam variants). Keep the
 * first of each identical group: the user asked for that value everywhere.
 */
function dropDuplicateVariants(spec: ExperimentSpec): void {
  const seen = new Set<string>();
  spec.variants = spec.variants.filter((v) => {
    const c = canonicalJson(resolve(spec.base, Object.entries(v.set) as [FieldKey, unknown][], null).config);
    if (seen.has(c)) return false;
    seen.add(c);
    return true;
  });
}

/**
 * An override can change the task (--set data.dataset=friedman on a digits spec). The report's
 * metric follows when it was its old task's default (val_accuracy → val_r2, as an unwritten one
 * would); another metric or a target accuracy the runs would not record is refused, naming the flag.
 * Changes `spec` in place (callers pass their own copy).
 */
function fitReportToTask(spec: ExperimentSpec, flag: string): void {
  const tasks = specTasks(spec);
  if (tasks.size > 1) fail(flag, `the spec then ${MIXED_TASKS}`);
  const { metric } = spec.report;
  const was = metricTask(metric);
  if (was !== null && metricTaskProblem(metric, tasks) !== null && metric === defaultMetric(new Set([was]))) spec.report.metric = defaultMetric(tasks);
  const problem = metricTaskProblem(spec.report.metric, tasks);
  if (problem !== null) fail(flag, `the spec's report.metric ${spec.report.metric} is ${problem} — change it in the spec`);
  if (spec.report.target_accuracy !== null && !tasks.has('classification')) {
    fail(flag, "the spec's report.target_accuracy is a validation accuracy, which regression runs (real-valued targets) do not record — remove it from the spec");
  }
}

function recheck(spec: ExperimentSpec, baseSizes: number[] | null, flag: string): void {
  // First: every later check draws the trials, which cannot be done when they outnumber the configurations.
  const small = capacityProblem(spec.search);
  if (small !== null) fail(flag, small);
  fitReportToTask(spec, flag);
  checkSearchRules(spec, (_path, message) => fail(flag, message));
  checkRuns(
    spec,
    baseSizes,
    (p, pt) => fail(flag, `${p.message}${pt.variant !== null ? ` (variant "${pt.variant}")` : ''}${Object.keys(pt.swept).length > 0 ? ` (with ${Object.entries(pt.swept).map(([k, v]) => `${k}=${show(v)}`).join(', ')})` : ''}`),
    (n) => fail(flag, `the spec would expand to ${n} runs; the limit is ${MAX_RUNS}`),
    (a, b) => fail(flag, a !== b ? `variants "${a}" and "${b}" now produce identical runs` : 'two runs are now identical'),
  );
}
