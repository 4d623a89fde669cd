/** environment.json as label/value pairs, read tolerantly: known fields first, any others after. */
import { duration } from './format.js';

const KNOWN: [RegExp, string][] = [
  [/^(nnlab_?)?version$|^nnlab$/i, 'nnlab version'],
  [/commit|git/i, 'git commit'],
  [/^node/i, 'Node.js'],
  [/cpu_?model|processor|^cpu$/i, 'CPU'],
  [/^(start|started)/i, 'started'],
  [/^(end|ended|finish)/i, 'finished'],
  [/compute|total.*seconds/i, 'total compute time'],
];

function flatten(obj: unknown, prefix: string, out: [string, unknown][]): void {
  if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.push([prefix, obj]);
  }
}

function show(key: string, v: unknown): string {
  if (typeof v === 'number' && /seconds|_s$|time/i.test(key)) return `${duration(v)} (${v} s)`;
  if (Array.isArray(v)) return v.map(String).join(', ');
  return v === null || v === undefined ? '—' : String(v);
}

export function environmentRows(env: Record<string, unknown> | null): [string, string][] {
  if (env === null) return [];
  const flat: [string, unknown][] = [];
  flatten(env, '', flat);
  const labelled = flat.map(([k, v]) => {
    const i = KNOWN.findIndex(([re]) => re.test(k));
    return { rank: i < 0 ? KNOWN.length : i, label: i < 0 ? k : KNOWN[i]![1], key: k, v };
  });
  labelled.sort((a, b) => a.rank - b.rank);
  // Two fields matching the same known label keep their own names so neither hides the other.
  const seen = new Map<string, number>();
  for (const l of labelled) seen.set(l.label, (seen.get(l.label) ?? 0) + 1);
  return labelled.map((l) => [(seen.get(l.label)! > 1 ? l.key : l.label), show(l.key, l.v)]);
}
