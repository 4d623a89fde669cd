import { describe, expect, it } from 'vitest';
import { isSpecError } from '../../../src/experiment/spec/errors.js';
import { parseSpec } from '../../../src/experiment/spec/parse.js';
import { decodeSpecBytes, MAX_SPEC_BYTES } from '../../../src/experiment/spec/source.js';
import { unsafeNameReason } from '../../../src/experiment/spec/validate.js';
import { message, specError, yaml } from '../helpers.js';

describe('hostile input', () => {
  it('empty and comment-only files say the spec is empty', () => {
    for (const text of ['', '\n\n', '# nothing here\n', '---\n']) {
      expect(message(text)).toMatch(/^x\.yaml:1:1: the spec is empty — start with `name: my-experiment`/);
    }
  });

  it('a document that is not a map', () => {
    expect(message('- 1\n- 2\n')).toMatch(/^x\.yaml:1:1: a spec is a YAML map of sections/);
    expect(message('just text\n')).toMatch(/^x\.yaml:1:1: a spec is a YAML map of sections .* got "just text"$/);
  });

  it('refuses files over the size limit before parsing them', () => {
    const big = 'name: a\ndescription: "' + 'x'.repeat(10 * 1024 * 1024) + '"\n';
    const t0 = performance.now();
    expect(message(big)).toBe(
      'x.yaml:1:1: spec is 10.0 MB; the limit is 1 MB — a spec should be a short YAML file; use sweep: lists instead of spelling out runs',
    );
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(() => decodeSpecBytes(new Uint8Array(MAX_SPEC_BYTES + 1), 'b.yaml')).toThrow(/^b\.yaml:1:1: spec is 1\.0 MB; the limit is 1 MB/);
  });

  it('refuses an alias bomb (billion laughs) quickly', () => {
    const bomb = yaml(
      'name: a',
      'description: q',
      'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...Array.from({ length: 8 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`),
    );
    const t0 = performance.now();
    expect(message(bomb)).toMatch(/^x\.yaml:1:1: too many YAML aliases \(limit 100\)/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('turns a nesting bomb into a one-line error, not a stack overflow', () => {
    const e = specError('['.repeat(200_000));
    expect(e.format()).toMatch(/^x\.yaml:\d+:\d+: /);
    expect(e.format()).not.toContain('\n');
  });

  it('decodes UTF-8 and refuses invalid bytes with their position', () => {
    const ok = new TextEncoder().encode('name: café\n');
    expect(decodeSpecBytes(ok, 'a.yaml')).toBe('name: café\n');
    expect(decodeSpecBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...ok]), 'a.yaml')).toBe('name: café\n');
    const bad = new Uint8Array([...new TextEncoder().encode('name: a\ndescription: caf'), 0xe9, 0x0a]);
    expect(() => decodeSpecBytes(bad, 'latin1.yaml')).toThrow('latin1.yaml:2:17: the file is not valid UTF-8 (byte 0xe9 at offset 24) — save it as UTF-8');
    try {
      decodeSpecBytes(bad, 'latin1.yaml');
    } catch (e) {
      expect(isSpecError(e)).toBe(true);
    }
  });

  it.each([
    ['../../x', 'starts with "."'],
    ['/etc/passwd', 'may only use letters, digits'],
    ['a/b', 'may only use letters, digits'],
    ['a\\b', 'may only use letters, digits'],
    ['C:x', 'may only use letters, digits'],
    ['.hidden', 'starts with "."'],
    ['a\0b', 'may only use letters, digits'],
    ['has space', 'may only use letters, digits'],
    ['con', 'reserved device name'],
    ['', 'is empty'],
    ['x'.repeat(101), 'longer than 100'],
  ])('refuses the name %j', (name, why) => {
    expect(unsafeNameReason(name)).toContain(why);
    expect(message(`name: ${JSON.stringify(name)}\n`)).toMatch(/^x\.yaml:1:7: name .* it becomes a folder under results\/ — use e\.g\. "my-experiment"$/);
  });

  it.each(['quick', 'lr-table', 'v1.2_final', 'A-9'])('accepts the name %s', (name) => {
    expect(unsafeNameReason(name)).toBeNull();
    expect(parseSpec(`name: ${name}\n`, 'x.yaml').name).toBe(name);
  });

  it('requires a name and a string one', () => {
    expect(message('data: digits\n')).toMatch(/^x\.yaml:1:1: missing required key "name"/);
    expect(message('name: [a]\n')).toMatch(/^x\.yaml:1:7: name must be a string usable as a folder name, got \["a"\]$/);
  });

  it('refuses duplicate keys at their line', () => {
    expect(message(yaml('name: a', 'optimizer:', '  lr: 0.1', '  lr: 0.2'))).toBe(
      'x.yaml:4:3: duplicate key "lr" — each key may appear once in a section; delete or merge one of them',
    );
    expect(message(yaml('name: a', 'sweep:', '  optimizer.lr: [0.1]', '  optimizer.lr: [0.2]'))).toMatch(/^x\.yaml:4:3: duplicate key "optimizer\.lr"/);
  });

  it('refuses syntax errors, tabs, custom tags and extra documents, each on one line', () => {
    expect(message(yaml('name: a', 'optimizer: { lr: 0.1'))).toMatch(/^x\.yaml:\d+:\d+: invalid YAML: /);
    expect(message(yaml('name: a', 'model:', '\thidden: [1]'))).toBe('x.yaml:3:1: a tab is used for indentation; YAML needs spaces');
    expect(message(yaml('name: a', 'loss: !evil softmax_cross_entropy'))).toMatch(/^x\.yaml:2:7: .*no custom tags$/);
    expect(message(yaml('name: a', '---', 'name: b'))).toMatch(/^x\.yaml:2:1: the file holds more than one YAML document/);
    for (const text of ['name: a\n  b: c\n', 'name: "a\n', ': x\n', 'name: a\n? [a]\n']) {
      const e = specError(text);
      expect(e.format()).not.toContain('\n');
    }
  });

  it('never lets a prototype key through', () => {
    expect(message(yaml('name: a', '__proto__: { polluted: true }'))).toMatch(/^x\.yaml:2:1: unknown key "__proto__"/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(message(yaml('name: a', 'optimizer: { constructor: 1 }'))).toMatch(/unknown key "constructor" in optimizer/);
  });
});
