/** "Did you mean" suggestions by edit distance, for unknown keys and names. */

/** Levenshtein distance with adjacent transpositions counted as one edit (optimiser → optimizer is 1). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => {
    const row = new Array<number>(n + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= n; j++) d[0]![j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[m]![n]!;
}

/**
 * The valid name closest to `given`, or null when nothing is close enough to be
 * a plausible typo (more than a third of the name changed). Case is ignored.
 */
export function closest(given: string, valid: readonly string[]): string | null {
  const g = given.toLowerCase();
  // An abbreviation that only one name starts with (val_acc → val_accuracy) is that name,
  // whatever a shorter name's edit distance (val_r2).
  const extending = g.length >= 3 ? valid.filter((v) => v.toLowerCase().startsWith(g)) : [];
  if (extending.length === 1) return extending[0]!;
  let best: string | null = null;
  let bestD = Infinity;
  for (const v of valid) {
    const dist = editDistance(g, v.toLowerCase());
    if (dist < bestD) {
      best = v;
      bestD = dist;
    }
  }
  if (best === null) return null;
  const limit = Math.max(2, Math.ceil(Math.max(g.length, best.length) / 3));
  // A shared prefix (learning_rate vs lr, sigma vs sigmoid) is a hint too: accept a near-prefix.
  if (bestD <= limit) return best;
  const prefix = valid.find((v) => v.length >= 2 && (g.startsWith(v.toLowerCase()) || v.toLowerCase().startsWith(g)));
  return prefix ?? null;
}

/**
 * Words people reach for that spell differently here; looked up before edit
 * distance, since "learning_rate" is nowhere near "lr" by letters.
 */
const SYNONYMS: Readonly<Record<string, string>> = {
  learning_rate: 'lr',
  eta: 'lr',
  epsilon: 'eps',
  lambda: 'l2',
  weight_decay_l2: 'l2',
  seed: 'seeds',
  layers: 'hidden',
  hidden_layers: 'hidden',
  units: 'hidden',
  act: 'activation',
  batch: 'batch_size',
  minibatch_size: 'batch_size',
  mini_batch_size: 'batch_size',
  dataset_name: 'dataset',
  type: 'name',
  beta_1: 'beta1',
  beta_2: 'beta2',
  keep_prob: 'dropout',
};

/** The suggestion for an unknown name: a synonym (matched on the last dotted part), else the closest by edits. */
export function bestGuess(given: string, valid: readonly string[]): string | null {
  const dot = given.lastIndexOf('.');
  const head = given.slice(0, dot + 1);
  const syn = SYNONYMS[given.slice(dot + 1).toLowerCase()];
  if (syn !== undefined && valid.includes(head + syn)) return head + syn;
  return closest(given, valid);
}

/** ` — did you mean "x"? (valid: a, b, c)`; appended to an "unknown …" message. */
export function suggestion(given: string, valid: readonly string[], listValid = true): string {
  const best = bestGuess(given, valid);
  const list = listValid ? ` (valid: ${valid.join(', ')})` : '';
  return best !== null ? ` — did you mean "${best}"?${list}` : list;
}

/**
 * YAML's flow syntax ({ a: b } and [a, b]) splits an unquoted value at every comma, so
 * `weights: normal(0,01)` becomes the value "normal(0" and a key "01)". A text with unbalanced
 * parentheses is such a piece: the hint says so, instead of an "unknown key" that hides it.
 */
export function commaSplitHint(text: string): string {
  const open = (text.match(/\(/g) ?? []).length;
  const close = (text.match(/\)/g) ?? []).length;
  if (open === close) return '';
  return ` — it looks like part of an expression cut by a comma: inside { } or [ ] YAML splits unquoted values on commas, so quote the whole expression, e.g. "normal(0, 0.01)"`;
}
