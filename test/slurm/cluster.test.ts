/**
 * Issue 8, for real: a single-node Slurm cluster (slurmctld + slurmd + munge from
 * Debian's packages) runs experiments/quick.yaml as a job array submitted by
 * `nnlab slurm --submit`, and the merged results equal a plain local run, run for run.
 * Skipped only where Slurm can be neither found nor installed (no apt-get, not root),
 * and never in CI, where that is a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { epochsById, nnlab, requireBuild, ROOT, runsById, tmpDir } from '../cli/helpers.js';

const SCRIPT = path.join(ROOT, 'test', 'slurm', 'cluster.sh');
const SPEC = path.join(ROOT, 'experiments', 'quick.yaml');

function sh(args: string[]): { code: number | null; out: string } {
  const r = spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function canInstall(): boolean {
  return process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
}

const haveSlurm = spawnSync('sh', ['-c', 'command -v slurmctld && command -v munged']).status === 0;
const possible = haveSlurm || canInstall();
if (!possible) {
  const why = 'Slurm is not installed and apt-get is not available as root';
  if (process.env.CI) throw new Error(`slurm test cannot run in CI: ${why}`);
  console.warn(`skipping the Slurm cluster test: ${why}`);
}

describe.skipIf(!possible)('nnlab slurm on a real single-node Slurm cluster', () => {
  const dir = tmpDir('nnlab-slurm-cluster-');
  const clusterDir = path.join(dir, 'cluster');
  const env = { SLURM_CONF: path.join(clusterDir, 'slurm.conf') };

  beforeAll(() => {
    requireBuild();
    const install = sh(['install']);
    if (install.code !== 0) throw new Error(`installing slurm-wlm failed:\n${install.out}`);
    const start = sh(['start', clusterDir]);
    if (start.code !== 0) throw new Error(`starting the Slurm cluster failed:\n${start.out}`);
  }, 600_000);

  afterAll(() => {
    sh(['stop', clusterDir]);
  });

  it('runs quick.yaml as a 3-task job array whose merged results equal a local run', () => {
    const submit = nnlab(dir, ['slurm', SPEC, '--tasks', '3', '--parallel', '2', '--submit', '--wait', '--results-dir', 'slurm-results'], env);
    expect(submit.stderr).toBe('');
    expect(submit.code).toBe(0);
    expect(submit.stdout).toMatch(/3 of 3 array tasks/);
    expect(submit.stdout).toMatch(/submitted job \d+ \(finished\)/);

    // One log per array task, each from its own shard.
    const logs = fs.readdirSync(path.join(dir, 'slurm-results', 'quick', 'slurm')).filter((f) => f.endsWith('.out'));
    expect(logs).toHaveLength(3);

    const local = nnlab(dir, ['run', SPEC, '--results-dir', 'local-results', '--no-report']);
    expect(local.code).toBe(0);

    const viaSlurm = runsById(path.join(dir, 'slurm-results', 'quick', 'runs.csv'));
    const plain = runsById(path.join(dir, 'local-results', 'quick', 'runs.csv'));
    expect(viaSlurm.size).toBe(8);
    expect([...viaSlurm.keys()].sort()).toEqual([...plain.keys()].sort());
    for (const [id, row] of plain) {
      expect(row.status).toBe('completed');
      expect(viaSlurm.get(id), `run ${id}`).toEqual(row);
    }

    // The shared folder reads as one sweep: status, report, and a resubmit that finds nothing to do.
    const status = nnlab(dir, ['status', SPEC, '--results-dir', 'slurm-results']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/8 completed/);
    const report = nnlab(dir, ['report', path.join('slurm-results', 'quick'), '--reports-dir', 'reports']);
    expect(report.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'reports', 'quick', 'index.html'))).toBe(true);
    const again = nnlab(dir, ['slurm', SPEC, '--tasks', '3', '--submit', '--results-dir', 'slurm-results'], env);
    expect(again.stdout).toContain('nothing to submit');
  }, 600_000);

  it('continues a sweep longer than its time limit: USR1 before the limit checkpoints, the task requeues, the merged result equals a local run', async () => {
    // ~45 s of training with the native kernels (more with WebAssembly, or on a loaded machine) in one task with a
    // 1-minute limit and the warning 58 s before it: slurmctld checks time limits every 30 s, so USR1 comes 2-32 s
    // into each part of the task, and the first part is still training when it comes.
    const spec = path.join(dir, 'long.yaml');
    fs.writeFileSync(spec, `name: long
data: { dataset: mnist, train_size: 10000, val_size: 1000 }
model: { hidden: [256], dropout: 0.1 }
optimizer: { name: adam, lr: 0.001 }
train: { epochs: 40, batch_size: 32 }
seeds: 6
`);
    const submit = nnlab(dir, ['slurm', spec, '--tasks', '1', '--time', '1', '--signal-seconds', '58', '--submit', '--results-dir', 'slurm-results'], env);
    expect(submit.code, submit.stderr).toBe(0);
    const job = /submitted job (\d+)/.exec(submit.stdout)![1]!;
    const squeue = (): string => spawnSync('squeue', ['-h', '-j', job, '-o', '%T %r'], { encoding: 'utf8', env: { ...process.env, ...env } }).stdout.trim();
    const logDir = path.join(dir, 'slurm-results', 'long', 'slurm');
    const readLog = (): string => {
      try {
        return fs.readdirSync(logDir).filter((f) => f.endsWith('.out')).map((f) => fs.readFileSync(path.join(logDir, f), 'utf8')).join('');
      } catch {
        return '';
      }
    };
    // What a failure shows: the task's log and what slurmctld said about the job.
    const diagnosis = (): string => {
      let ctld = '';
      try {
        ctld = fs.readFileSync(path.join(clusterDir, 'log', 'slurmctld.log'), 'utf8').split('\n').filter((l) => new RegExp(`JobId=${job}\\b|job ${job}\\b|JOB ${job}\\b`, 'i').test(l)).slice(-30).join('\n');
      } catch { /* no log */ }
      return `task log:\n${readLog()}\nslurmctld on job ${job}:\n${ctld}`;
    };
    // The requeued job starts by itself: slurm.conf's cred_expire=10 holds it ~11 s, not the default ~2 minutes
    // (releasing it sooner by hand races the revocation of its credential, and Slurm kills the start).
    // Done when the last task has logged the sweep's end and the queue no longer holds the job; a job that leaves
    // the queue without that line (killed at its limit, say) is a failure, reported after 30 s, not at the deadline
    // (squeue can print nothing for a moment while slurmctld is busy; that alone is not the end).
    const ended = (): boolean => /→ \S+runs\.csv/.test(readLog());
    const deadline = Date.now() + 480_000;
    let goneSince = 0;
    for (;;) {
      const state = squeue();
      if (state === '' && ended()) break;
      goneSince = state === '' ? goneSince || Date.now() : 0;
      if ((goneSince && Date.now() - goneSince > 30_000) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(ended(), diagnosis()).toBe(true);
    expect(squeue()).toBe('');
    const logs = fs.readdirSync(logDir).filter((f) => f.endsWith('.out'));
    expect(logs).toHaveLength(1); // one task, one log: the requeued task appends to it
    const log = fs.readFileSync(path.join(logDir, logs[0]!), 'utf8');
    // Each part of the task got USR1 2-32 s in (slurmctld checks limits every 30 s), checkpointed and requeued itself.
    expect(log).toContain(`nnlab: requeued Slurm job ${job}_0: the requeued task continues the checkpointed runs`);
    // Never Node's inspector: a USR1 that came while a part was still loading its data was held for the sweep.
    expect(log).not.toContain('Debugger listening');
    expect(log).toMatch(/continuing from its checkpoint: epochs 0-\d+ are kept, not retrained; (epoch \d+ goes on from minibatch \d+|training starts at epoch \d+)/);

    const local = nnlab(dir, ['run', spec, '--results-dir', 'local-results', '--no-report', '--workers', '2']);
    expect(local.code, local.stderr).toBe(0);
    const viaSlurm = runsById(path.join(dir, 'slurm-results', 'long', 'runs.csv'));
    const plain = runsById(path.join(dir, 'local-results', 'long', 'runs.csv'));
    expect(viaSlurm.size).toBe(6);
    expect(viaSlurm).toEqual(plain);
    expect(epochsById(path.join(dir, 'slurm-results', 'long', 'epochs.csv'))).toEqual(epochsById(path.join(dir, 'local-results', 'long', 'epochs.csv')));
    expect(fs.readdirSync(path.join(dir, 'slurm-results', 'long', 'checkpoints'))).toEqual([]);
  }, 720_000);
});
