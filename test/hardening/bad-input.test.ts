/**
 * Hostile and broken specs through the real CLI (`nnlab run`): each one exits 2
 * with one line naming the file and the place, no stack trace, and writes
 * nothing — neither the results nor the reports folder exists afterwards.
 *
 * The exact wording of each message is pinned by test/experiment/spec-errors.test.ts
 * and spec-hostile.test.ts (parseSpec level); here the contract is end to end.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRS, expectRefused, nnlab, nnlabAsync, requireBuild, tmpDir, cleanTmp } from './helpers.js';

afterAll(cleanTmp);

beforeAll(requireBuild);

/** [case, file name, content, what the one line must say (after "nnlab: ")]. */
const CASES: [string, string, string | Uint8Array, RegExp][] = [
  ['YAML syntax error (unclosed flow map)', 'syntax.yaml', 'name: a\noptimizer: { lr: 0.1\n', /syntax\.yaml:\d+:\d+: invalid YAML/],
  ['YAML syntax error (bad indentation)', 'indent.yaml', 'name: a\n  data: digits\n', /indent\.yaml:\d+:\d+: /],
  ['tab indentation', 'tab.yaml', 'name: a\nmodel:\n\thidden: [4]\n', /tab\.yaml:3:1: a tab is used for indentation/],
  ['wrong type: lr: fast', 'type.yaml', 'name: a\ndata: circles\noptimizer:\n  lr: fast\n', /type\.yaml:4:7: optimizer\.lr must be a positive number, got "fast"$/],
  ['wrong type: hidden: 100', 'hidden.yaml', 'name: a\nmodel: { hidden: 100 }\n', /hidden\.yaml:2:18: model\.hidden must be a list/],
  ['negative lr', 'neglr.yaml', 'name: a\noptimizer: { lr: -0.1 }\n', /neglr\.yaml:2:18: optimizer\.lr must be a positive number, got -0\.1$/],
  ['zero lr', 'zerolr.yaml', 'name: a\noptimizer: { lr: 0 }\n', /zerolr\.yaml:2:18: optimizer\.lr must be a positive number, got 0$/],
  ['NaN lr', 'nanlr.yaml', 'name: a\noptimizer: { lr: .nan }\n', /nanlr\.yaml:2:18: optimizer\.lr must be a positive number, got NaN$/],
  ['batch size 0', 'bs0.yaml', 'name: a\ntrain: { batch_size: 0 }\n', /bs0\.yaml:2:22: train\.batch_size must be an integer from 1/],
  ['batch size larger than the data', 'bsbig.yaml', 'name: a\ndata: { dataset: circles, samples: 100 }\ntrain: { batch_size: 500 }\n', /bsbig\.yaml:3:22: train\.batch_size 500 is larger than the 60 training samples of circles/],
  ['batch size larger than the data, in a sweep', 'bssweep.yaml', 'name: a\ndata: circles\nsweep:\n  train.batch_size: [8, 5000]\n', /bssweep\.yaml:4:25: train\.batch_size 5000 is larger than/],
  ['dropout p = 1', 'drop1.yaml', 'name: a\nmodel: { dropout: 1 }\n', /drop1\.yaml:2:19: model\.dropout must be a number in \[0, 1\), got 1$/],
  ['dropout p < 0', 'dropneg.yaml', 'name: a\nmodel: { dropout: -0.1 }\n', /dropneg\.yaml:2:19: model\.dropout must be a number in \[0, 1\), got -0\.1$/],
  ['input dropout p = 1.5', 'idrop.yaml', 'name: a\nmodel: { input_dropout: 1.5 }\n', /idrop\.yaml:2:25: model\.input_dropout must be a number in \[0, 1\)/],
  ['dropout out of range inside a variant', 'vdrop.yaml', 'name: a\nvariants:\n  - { name: x, set: { model.dropout: 2 } }\n', /vdrop\.yaml:3:38: model\.dropout must be a number in \[0, 1\), got 2$/],
  ['empty sweep list', 'esweep.yaml', 'name: a\nsweep:\n  optimizer.lr: []\n', /esweep\.yaml:3:17: sweep optimizer\.lr is an empty list/],
  ['zero seeds', 'seeds0.yaml', 'name: a\nseeds: 0\n', /seeds0\.yaml:2:8: seeds must be a count from 1/],
  ['empty seed list', 'seedsempty.yaml', 'name: a\nseeds: []\n', /seedsempty\.yaml:2:8: seeds must be a count .* non-empty list/],
  ['negative seed', 'seedneg.yaml', 'name: a\nseeds: [-1]\n', /seedneg\.yaml:2:9: seeds\[0\] must be an integer from 0/],
  ['unknown top-level key (suggestion)', 'unk.yaml', 'name: a\noptimiser: { lr: 0.1 }\n', /unk\.yaml:2:1: unknown key "optimiser" — did you mean "optimizer"\?/],
  ['unknown nested key (suggestion)', 'unk2.yaml', 'name: a\ntrain:\n  batchsize: 8\n', /unk2\.yaml:3:3: unknown key "batchsize" in train — did you mean "batch_size"\?/],
  ['unknown optimizer name (suggestion)', 'adma.yaml', 'name: a\noptimizer: adma\n', /adma\.yaml:2:12: unknown optimizer "adma" .*did you mean "adam"\?/],
  ['unknown activation (suggestion)', 'act.yaml', 'name: a\nmodel:\n  activation: sigmod\n', /act\.yaml:3:15: unknown activation "sigmod" .*did you mean "sigmoid"\?/],
  ['unknown dataset (suggestion)', 'ds.yaml', 'name: a\ndata: { dataset: minst }\n', /ds\.yaml:2:18: unknown dataset "minst" .*did you mean "mnist"\?/],
  ['unknown sweep key (suggestion)', 'skey.yaml', 'name: a\nsweep:\n  optimizer.learning_rate: [0.1]\n', /skey\.yaml:3:3: sweep key "optimizer\.learning_rate" names no spec field — did you mean "optimizer\.lr"\?/],
  ['layer sizes that do not fit the dataset', 'sizes.yaml', 'name: a\ndata: digits\nmodel: { sizes: [784, 30, 10] }\n', /sizes\.yaml:3:17: layer sizes \[784,30,10\] do not fit the dataset: digits has 64 input features and 10 classes/],
  ['a model over the parameter limit: hidden [65536, 65536]', 'huge.yaml', 'name: a\ndata: circles\nmodel: { hidden: [65536, 65536] }\n', /huge\.yaml:3:18: model\.hidden \[65536,65536\] makes a model with 4,295,360,514 trainable parameters \(circles: 2 inputs, 2 outputs\); the limit is 50,000,000 — use smaller hidden widths \(or raise the limit with NNLAB_MAX_PARAMETERS\)$/],
  ['a model over the parameter limit, in one sweep value of three', 'hugesweep.yaml', 'name: a\ndata: digits\nsweep:\n  model.hidden: [[32], [20000, 3000], [64]]\n', /hugesweep\.yaml:4:24: model\.hidden \[20000,3000\] makes a model with 61,333,010 trainable parameters \(digits: 64 inputs, 10 outputs\); the limit is 50,000,000 /],
  ['duplicate key', 'dup.yaml', 'name: a\noptimizer:\n  lr: 0.1\n  lr: 0.2\n', /dup\.yaml:4:3: duplicate key "lr"/],
  ['duplicate top-level name', 'dupname.yaml', 'name: a\nname: b\n', /dupname\.yaml:2:1: duplicate key "name"/],
  ['custom YAML tag', 'tag.yaml', 'name: a\nloss: !!js/function "function () {}"\n', /tag\.yaml:2:7: /],
  ['two YAML documents', 'docs.yaml', 'name: a\n---\nname: b\n', /docs\.yaml:2:1: the file holds more than one YAML document/],
  ['empty file', 'empty.yaml', '', /empty\.yaml:1:1: the spec is empty/],
  ['whitespace and comments only', 'blank.yaml', '  \n# nothing\n\n', /blank\.yaml:1:1: the spec is empty/],
  ['not a map', 'list.yaml', '- name: a\n', /list\.yaml:1:1: a spec is a YAML map/],
  ['non-UTF-8 bytes (Latin-1 é)', 'latin1.yaml', new Uint8Array([...Buffer.from('name: a\ndescription: caf'), 0xe9, 0x0a]), /latin1\.yaml:2:17: the file is not valid UTF-8 \(byte 0xe9 at offset 24\)/],
  ['non-UTF-8 bytes (lone continuation byte in the name)', 'cont.yaml', new Uint8Array([...Buffer.from('name: a'), 0x80, 0x0a]), /cont\.yaml:1:8: the file is not valid UTF-8/],
  ['nesting bomb', 'nest.yaml', 'name: a\nmodel: ' + '['.repeat(100_000) + '\n', /nest\.yaml:\d+:\d+: the YAML is nested too deeply/],
  ['name climbing out: ../../x', 'dotdot.yaml', 'name: ../../x\n', /dotdot\.yaml:1:7: name "\.\.\/\.\.\/x" starts with "\."/],
  ['name: ..', 'dots.yaml', 'name: ..\n', /dots\.yaml:1:7: name "\.\." starts with "\."/],
  ['name: absolute path', 'abs.yaml', 'name: /tmp/nnlab-escape\n', /abs\.yaml:1:7: name "\/tmp\/nnlab-escape" may only use letters/],
  ['name with a slash inside', 'slash.yaml', 'name: a/../../../b\n', /slash\.yaml:1:7: name .* may only use letters/],
  ['name with a NUL byte', 'nul.yaml', 'name: "a\\0b"\n', /nul\.yaml:1:7: name "a\\u0000b" may only use letters/],
  ['name with a newline', 'nl.yaml', 'name: "a\\nb"\n', /nl\.yaml:1:7: name "a\\nb" may only use letters/],
  ['name: Windows device', 'con.yaml', 'name: con\n', /con\.yaml:1:7: name "con" is a reserved device name/],
];

describe.concurrent('a bad spec through `nnlab run`: exit 2, one line with file:line:col, nothing written', () => {
  it.each(CASES)('%s', async (label, file, content, message) => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, file), content);
    const r = await nnlabAsync(dir, ['run', file, ...DIRS]);
    expectRefused(r, dir, new RegExp(`^nnlab: ${message.source}`), label);
    expect(fs.readdirSync(dir)).toEqual([file]);
  });

  it('a 10 MB spec is refused before parsing', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'huge.yaml'), 'name: a\ndescription: "' + 'x'.repeat(10 * 1024 * 1024) + '"\n');
    const r = await nnlabAsync(dir, ['run', 'huge.yaml', ...DIRS]);
    expectRefused(r, dir, /^nnlab: huge\.yaml:1:1: spec is 10\.0 MB; the limit is 1 MB/);
  });

  it('an alias bomb (9^10 expansions) finishes quickly with an error instead of hanging', async () => {
    const dir = tmpDir();
    const lines = ['name: a', 'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 10; i++) lines.push(`x${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    fs.writeFileSync(path.join(dir, 'bomb.yaml'), lines.join('\n') + '\n');
    // The per-process timeout makes a hang a failure here, not a stuck suite.
    const r = nnlab(dir, ['run', 'bomb.yaml', ...DIRS], {}, 30_000);
    expect(r.signal).toBeNull();
    expectRefused(r, dir, /^nnlab: bomb\.yaml:1:1: too many YAML aliases \(limit 100\)/);
  });

  it('an alias bomb hidden in a sweep value list is refused too', async () => {
    const dir = tmpDir();
    const lines = ['name: a', 'description: &d0 q'];
    for (let i = 1; i <= 12; i++) lines.push(`k${i}: &d${i} [*d${i - 1}, *d${i - 1}, *d${i - 1}, *d${i - 1}, *d${i - 1}, *d${i - 1}, *d${i - 1}, *d${i - 1}, *d${i - 1}, *d${i - 1}]`);
    fs.writeFileSync(path.join(dir, 'bomb2.yaml'), lines.join('\n') + '\n');
    const r = nnlab(dir, ['run', 'bomb2.yaml', ...DIRS], {}, 30_000);
    expect(r.signal).toBeNull();
    expectRefused(r, dir, /^nnlab: bomb2\.yaml:1:1: too many YAML aliases/);
  });
});

describe.concurrent('command-line overrides cannot escape either', () => {
  it.each([
    ['--set name=../../x', ['--set', 'name=../../x'], /^nnlab: --set name=\.\.\/\.\.\/x: /],
    ['--set name=/tmp/x', ['--set', 'name=/tmp/x'], /^nnlab: --set name=\/tmp\/x: /],
    ['--set name=<control char>', ['--set', 'name=a\u0001b'], /^nnlab: --set name=a.b: /],
    ['--set optimizer.lr=fast', ['--set', 'optimizer.lr=fast'], /^nnlab: --set optimizer\.lr=fast: optimizer\.lr must be a positive number, got "fast"$/],
    ['--set train.batch_size=0', ['--set', 'train.batch_size=0'], /^nnlab: --set train\.batch_size=0: train\.batch_size must be an integer/],
    ['--seeds 0', ['--seeds', '0'], /^nnlab: --seeds/],
    ['--epochs -1', ['--epochs', '-1'], /^nnlab: --epochs/],
  ])('%s', async (_label, flags, message) => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'ok.yaml'), 'name: ok\ndata: circles\n');
    const r = await nnlabAsync(dir, ['run', 'ok.yaml', ...flags as string[], ...DIRS]);
    expectRefused(r, dir, message);
  });

  it('--set model.hidden=[65536,65536] is refused for its size', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'ok.yaml'), 'name: ok\ndata: circles\n');
    const r = await nnlabAsync(dir, ['run', 'ok.yaml', '--set', 'model.hidden=[65536,65536]', ...DIRS]);
    expectRefused(r, dir, /^nnlab: --set model\.hidden=\[65536,65536\]: model\.hidden \[65536,65536\] makes a model with 4,295,360,514 trainable parameters \(circles: 2 inputs, 2 outputs\); the limit is 50,000,000 /);
  });

  it('`nnlab validate` accepts a model just under the parameter limit (49,999,034) and refuses one just over (50,013,177)', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'under.yaml'), 'name: under\ndata: circles\nmodel: { hidden: [7068, 7068] }\n');
    fs.writeFileSync(path.join(dir, 'over.yaml'), 'name: over\ndata: circles\nmodel: { hidden: [7069, 7069] }\n');
    const [under, over] = await Promise.all([nnlabAsync(dir, ['validate', 'under.yaml']), nnlabAsync(dir, ['validate', 'over.yaml'])]);
    expect(under.code, under.stderr).toBe(0);
    expect(under.stdout).toBe('under.yaml: ok — under, 1 run\n');
    expect(under.stderr).toBe('');
    expect(over.code).toBe(2);
    expect(over.stderr).toBe(
      'nnlab: over.yaml:3:18: model.hidden [7069,7069] makes a model with 50,013,177 trainable parameters (circles: 2 inputs, 2 outputs); the limit is 50,000,000 — use smaller hidden widths (or raise the limit with NNLAB_MAX_PARAMETERS)\n',
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['over.yaml', 'under.yaml']);
  });

  it('a csv model over the limit is refused once the file gives its width: after loading, before the results folder exists; validate reads the file too', async () => {
    const dir = tmpDir();
    const header = ['label', ...Array.from({ length: 2000 }, (_, i) => `f${i}`)].join(',');
    const rows = Array.from({ length: 40 }, (_, r) => [r % 2, ...Array.from({ length: 2000 }, (_, i) => ((r * 7 + i) % 10) / 10)].join(','));
    fs.writeFileSync(path.join(dir, 'wide.csv'), [header, ...rows].join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'w.yaml'), 'name: w\ndata: { dataset: csv, path: wide.csv, label: label }\nseeds: 1\nsweep:\n  model.hidden: [[8], [30000]]\n');
    // 2000·30000 + 30000 + 30000·2 + 2
    const message = /^nnlab: w\.yaml: model\.hidden \[30000\] makes a model with 60,090,002 trainable parameters \(csv wide\.csv: 2000 inputs, 2 outputs\); the limit is 50,000,000 — use smaller hidden widths \(or raise the limit with NNLAB_MAX_PARAMETERS\) \(with model\.hidden=\[30000\]\)$/;
    expectRefused(await nnlabAsync(dir, ['validate', 'w.yaml']), dir, message);
    const r = await nnlabAsync(dir, ['run', 'w.yaml', ...DIRS]);
    expectRefused(r, dir, message);
    expect(fs.readdirSync(dir).sort()).toEqual(['w.yaml', 'wide.csv']);
  });

  it('`nnlab validate` applies the same contract (and writes nothing even by default paths)', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'v.yaml'), 'name: v\noptimizer: { lr: -1 }\n');
    const r = await nnlabAsync(dir, ['validate', 'v.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nnlab: v.yaml:2:18: optimizer.lr must be a positive number, got -1\n');
    expect(fs.readdirSync(dir)).toEqual(['v.yaml']);
  });
});
