import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expand } from '../../../src/experiment/plan/expand.js';
import { formatSpec } from '../../../src/experiment/spec/format.js';
import { applyOverrides } from '../../../src/experiment/spec/overrides.js';
import { parseSpec } from '../../../src/experiment/spec/parse.js';

describe('formatSpec', () => {
  const files = readdirSync('experiments').filter((f) => f.endsWith('.yaml'));

  it.each(files)('round-trips %s: same spec, same run ids', (f) => {
    const s = parseSpec(readFileSync(`experiments/${f}`, 'utf8'), f);
    const text = formatSpec(s);
    const back = parseSpec(text, 'spec.yaml');
    expect(back).toEqual(s);
    expect(expand(back).map((r) => r.id)).toEqual(expand(s).map((r) => r.id));
  });

  it('writes overrides and every default out', () => {
    const s = applyOverrides(parseSpec(readFileSync('experiments/quick.yaml', 'utf8'), 'quick.yaml'), { set: ['optimizer.lr=0.05'], epochs: 2 });
    const text = formatSpec(s);
    expect(text).toMatch(/^ {2}lr: 0\.05$/m);
    expect(text).toMatch(/^ {2}epochs: 2$/m);
    expect(text).toMatch(/^ {2}bn_eps: 0\.00001$|^ {2}bn_eps: 1e-5$/m);
    expect(text).not.toMatch(/optimizer\.lr:/);
    expect(parseSpec(text, 'spec.yaml')).toEqual(s);
  });
});
