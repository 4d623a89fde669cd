import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { arraySpec, sbatchScript, shellQuote } from '../../../src/experiment/cluster/slurm.js';

const base = {
  name: 'quick', tasks: 4, indices: [0, 1, 3], parallel: 2, partition: null, time: null,
  cpusPerTask: 1, mem: null, signalSeconds: 120, node: '/usr/bin/node', cli: '/opt/nnlab/dist/cli/main.js',
  spec: '/home/me/exp/quick.yaml', cwd: '/home/me', resultsDir: '/home/me/results',
  logDir: '/home/me/results/quick/slurm', runArgs: [] as string[],
};

describe('slurm script', () => {
  it('compresses array indices into ranges', () => {
    expect(arraySpec([0, 1, 2, 5, 7, 8])).toBe('0-2,5,7-8');
    expect(arraySpec([3])).toBe('3');
    expect(arraySpec([2, 0, 1, 1])).toBe('0-2');
  });

  it('quotes paths so the shell reads them back unchanged', () => {
    for (const s of ['plain/path', "it's here", 'a b', '$HOME', '`x`', 'optimizer.lr=0.05']) {
      const echoed = execFileSync('sh', ['-c', `printf %s ${shellQuote(s)}`]).toString();
      expect(echoed).toBe(s);
    }
  });

  it('runs shard $SLURM_ARRAY_TASK_ID/N of the pending shards only, throttled', () => {
    const text = sbatchScript({ ...base, partition: 'gpu', time: '01:00:00', mem: '4G', runArgs: ['--set', 'optimizer.lr=0.5'] });
    expect(text).toContain('#SBATCH --array=0-1,3%2');
    expect(text).toContain('#SBATCH --partition=gpu');
    expect(text).toContain('#SBATCH --time=01:00:00');
    expect(text).toContain('#SBATCH --mem=4G');
    expect(text).toContain('#SBATCH --output=/home/me/results/quick/slurm/quick-%A_%a.out');
    expect(text).toMatch(/exec \/usr\/bin\/node \/opt\/nnlab\/dist\/cli\/main\.js run \/home\/me\/exp\/quick\.yaml --shard "\$SLURM_ARRAY_TASK_ID\/4" --workers 1 --results-dir \/home\/me\/results --no-report --set optimizer\.lr=0\.5$/m);
    expect(text).not.toContain('--partition=null');
    // Preemption and time limits: a warning signal to nnlab itself (exec), requeue, one log across requeues.
    expect(text).toContain('#SBATCH --signal=B:USR1@120');
    expect(text).toContain('#SBATCH --requeue');
    expect(text).toContain('#SBATCH --open-mode=append');
  });

  it('refuses to write an array with nothing to run', () => {
    expect(() => sbatchScript({ ...base, indices: [] })).toThrow(/no shard has pending runs/);
  });
});
