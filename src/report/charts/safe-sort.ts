/**
 * Vega keys some of its tables by data values and compiles an explicit sort order
 * (`sort: ["a", "b"]`) into string literals, and both go wrong for the names of
 * Object.prototype members: a literal "constructor", "toString", "valueOf" or "hasOwnProperty"
 * is taken for a signal ("Operator not defined: undefined", no chart), and a "__proto__" facet
 * value silently drops every other panel. Variant names are free text, so a field holding such
 * a name gets every string value prefixed with an invisible character (in the rows and in the
 * sort orders), and its labels strip it again: the chart reads as written. Charts without such
 * a value are left exactly as they were.
 */

const RISKY = new Set(Object.getOwnPropertyNames(Object.prototype));
/** WORD JOINER: invisible, and no name starts with it after the prefix is added. */
const PREFIX = '\u2060';
/** Guide of each channel whose labels show the field's values. */
const GUIDE = new Map(Object.entries({ facet: 'header', row: 'header', column: 'header', x: 'axis', y: 'axis', color: 'legend', stroke: 'legend', fill: 'legend', shape: 'legend', strokeDash: 'legend' }));
const LABEL_EXPR = 'slice(datum.label, 1)';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The spec with the values of every field that holds an Object.prototype name made safe (top-level inline data only). */
export function safeSortOrders(spec: Json): Json {
  const data = spec.data;
  if (!isObject(data) || !Array.isArray(data.values)) return spec;
  const rows = data.values as unknown[];
  const risky = new Set<string>();
  for (const row of rows) {
    if (!isObject(row)) continue;
    for (const [k, v] of Object.entries(row)) if (typeof v === 'string' && RISKY.has(v)) risky.add(k);
  }
  if (risky.size === 0) return spec;
  const mark = (v: unknown): unknown => (typeof v === 'string' ? PREFIX + v : v);
  const rewrite = (node: unknown, key: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, key));
    if (!isObject(node)) return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === 'data' ? v : rewrite(v, k);
    if (typeof out.field === 'string' && risky.has(out.field)) {
      if (Array.isArray(out.sort)) out.sort = out.sort.map(mark);
      const guide = GUIDE.get(key);
      if (guide !== undefined && out[guide] !== null) {
        const g = isObject(out[guide]) ? (out[guide] as Json) : {};
        if (g.labelExpr === undefined) out[guide] = { ...g, labelExpr: LABEL_EXPR };
      }
    }
    return out;
  };
  const rewritten = rewrite(spec, '') as Json;
  const values = rows.map((row) => {
    if (!isObject(row)) return row;
    const copy: Json = { ...row };
    for (const k of risky) copy[k] = mark(row[k]);
    return copy;
  });
  return { ...rewritten, data: { ...data, values } };
}
