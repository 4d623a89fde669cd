import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSpecError } from '../../../src/experiment/spec/errors.js';
import { expand } from '../../../src/experiment/plan/expand.js';
import { parseSpec } from '../../../src/experiment/spec/parse.js';
import { applySet } from '../../../src/experiment/spec/overrides.js';

/** parseSpec either returns or throws a one-line SpecError — never anything else. */
function parsesOrSpecError(text: string): void {
  try {
    parseSpec(text, 'f.yaml');
  } catch (e) {
    if (!isSpecError(e)) throw new Error(`not a SpecError for ${JSON.stringify(text)}: ${String(e)}`);
    expect(e.format()).not.toMatch(/[\r\n]/);
    expect(e.format()).toMatch(/^f\.yaml(:\d+:\d+)?: /);
  }
}

const token = fc.constantFrom(
  'name: a\n', 'name:', ' ', '\n', '  ', '-', ':', '{', '}', '[', ']', ',', '&x ', '*x', '!!str ', '"', "'", '#', '---\n',
  'optimizer', 'lr', '0.1', 'sweep', 'model.hidden', 'variants', 'set', 'seeds', 'report', 'rows', 'null', 'true', '1e400', '-1',
);

describe('parseSpec on arbitrary input', () => {
  it('never throws anything but a one-line SpecError (random text)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), parsesOrSpecError), { numRuns: 300, seed: 1 });
  });

  it('never throws anything but a one-line SpecError (YAML-ish token soup)', () => {
    fc.assert(fc.property(fc.array(token, { maxLength: 40 }).map((t) => t.join('')), parsesOrSpecError), { numRuns: 500, seed: 2 });
  });

  it('--set never throws anything but a SpecError', () => {
    const base = parseSpec('name: a\ndata: digits\n', 'a.yaml');
    fc.assert(
      fc.property(fc.constantFrom('optimizer.lr', 'model.hidden', 'seeds', 'loss', 'x', ''), fc.string({ maxLength: 30 }), (k, v) => {
        try {
          applySet(base, `${k}=${v}`);
        } catch (e) {
          if (!isSpecError(e)) throw e;
        }
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});

describe('expansion properties', () => {
  it('count is the product of list lengths, ids are unique and stable', () => {
    const lrs = fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 4 });
    const widths = fc.uniqueArray(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(lrs, widths, fc.integer({ min: 1, max: 3 }), fc.boolean(), (lr, w, seeds, withVariants) => {
        const text = [
          'name: p',
          'data: digits',
          `seeds: ${seeds}`,
          ...(withVariants ? ['variants: [{ name: a }, { name: b, set: { optimizer.name: adam } }]'] : []),
          'sweep:',
          `  optimizer.lr: [${lr.map((x) => x / 1000).join(', ')}]`,
          `  model.hidden: [${w.map((x) => `[${x}]`).join(', ')}]`,
        ].join('\n');
        const runs = expand(parseSpec(text, 'p.yaml'));
        expect(runs).toHaveLength(lr.length * w.length * seeds * (withVariants ? 2 : 1));
        expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
        expect(expand(parseSpec(text, 'p.yaml')).map((r) => r.id)).toEqual(runs.map((r) => r.id));
      }),
      { numRuns: 60, seed: 4 },
    );
  });
});
