/**
 * Slurm's USR1 can arrive before the sweep has its handler (while nnlab starts or loads data).
 * Node's default would open the inspector and lose the warning; nnlab holds it from its first
 * module and the sweep stops at once when it starts (src/cli/usr1.ts).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { requireBuild, ROOT, tmpDir, writeSpec } from './helpers.js';

/** A process that gets USR1 after loading nnlab's modules but before any sweep, then runs one. */
function script(spec: string): string {
  const dist = (p: string): string => JSON.stringify(path.join(ROOT, 'dist', 'cli', p));
  return `
import inspector from 'node:inspector';
const { takeUsr1, returnUsr1 } = await import(${dist('usr1.js')});
const { runCommand } = await import(${dist('run.js')});
process.kill(process.pid, 'SIGUSR1');
await new Promise((r) => setTimeout(r, 300));
console.log('inspector: ' + (inspector.url() ?? 'closed'));
const lines = [];
const code = await runCommand({ spec: ${JSON.stringify(spec)}, workers: 1, overrides: {}, force: false, dryRun: false,
  resultsDir: 'results', reportsDir: 'reports', report: false, commandLine: 'nnlab run' },
  { out: (l) => lines.push(l), err: (l) => lines.push(l), tty: false });
console.log('code: ' + code);
for (const l of lines) console.log(l);
// Handed back after the sweep: a second USR1 is held again, not the inspector's.
const h = () => {};
takeUsr1(h); returnUsr1(h);
process.kill(process.pid, 'SIGUSR1');
await new Promise((r) => setTimeout(r, 300));
console.log('inspector after: ' + (inspector.url() ?? 'closed'));
`;
}

describe('SIGUSR1 before the sweep starts', () => {
  it('is held, not the inspector: the sweep stops before training anything and says how to continue', () => {
    requireBuild();
    const dir = tmpDir();
    const spec = writeSpec(dir, 'u', 'data: { dataset: digits }\nmodel: { hidden: [8] }\ntrain: { epochs: 2 }\nseeds: 2\n');
    const file = path.join(dir, 'held.mjs');
    fs.writeFileSync(file, script(spec));
    const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', env: { ...process.env, SLURM_JOB_ID: '' }, timeout: 60_000 });
    expect(r.stderr).not.toContain('Debugger listening');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('inspector: closed');
    expect(r.stdout).toContain('code: 130');
    expect(r.stdout).toContain('nnlab: interrupted — 0 runs recorded this session, 2 left');
    expect(r.stdout).toContain('SIGUSR1 outside a Slurm job: the running runs are checkpointed');
    expect(r.stdout).toContain('inspector after: closed');
    // Nothing trained, nothing half-written: the next `nnlab run` does both runs.
    const runs = path.join(dir, 'results', 'u', 'runs.csv');
    expect(fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8').trim().split('\n').length : 1).toBe(1);
  }, 60_000);
});
