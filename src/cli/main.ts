#!/usr/bin/env node
/**
 * The nnlab command line (yargs). Every command returns an exit code; every
 * expected error becomes one line on stderr (see errors.ts).
 */
// First: from here on SIGUSR1 (Slurm's warning) is held for the sweep, never Node's inspector (see usr1.ts).
import './usr1.js';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { describeError, EXIT_USAGE } from './errors.js';
import type { Overrides } from './plan.js';
import { nnlabVersion } from './fsutil.js';
import { count } from '../report/words.js';

let stdoutClosed = false;
/** Set while a sweep trains: a closed stdout must not stop it (its results go to files, not to stdout). */
let training = false;
const out = (l: string): void => {
  if (!stdoutClosed) process.stdout.write(l + '\n');
};

// `nnlab compare … | head` closes the pipe early: that is the reader's choice, not an error, so a
// listing ends there with exit 0. A sweep goes on to the end with its output dropped: stopping it
// would leave runs untrained behind an exit code that says success.
// EIO is what a closed terminal gives (SIGHUP, an ssh session dropped): the same, the reader is gone.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE' && e.code !== 'EIO') throw e;
  stdoutClosed = true;
  if (!training) process.exit(0);
});
let stderrClosed = false;
process.stderr.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE' && e.code !== 'EIO') throw e;
  stderrClosed = true; // nobody reads it any more; the sweep still records its runs and releases its lock
});
const err = (l: string): void => {
  if (!stderrClosed) process.stderr.write(l + '\n');
};

function overrides(a: { set?: unknown; sweep?: unknown; trials?: string; seeds?: string; epochs?: string }): Overrides {
  const list = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));
  const sweep = list(a.sweep);
  return { set: list(a.set), ...(sweep.length > 0 ? { sweep } : {}), ...(a.trials !== undefined ? { trials: a.trials } : {}), seeds: a.seeds, epochs: a.epochs };
}

const overrideOptions = {
  set: { type: 'string', array: true, description: 'Override a spec value: --set optimizer.lr=0.01 (repeatable)' },
  sweep: { type: 'string', array: true, description: "Add or replace a sweep axis: --sweep optimizer.lr=0.01,0.1,1, or a distribution: --sweep 'optimizer.lr=loguniform(1e-3,1)' (repeatable)" },
  trials: { type: 'string', description: 'Random search with N trials of the sweep\'s distributions' },
  // Strings: the spec module checks them and names the flag in its message.
  seeds: { type: 'string', description: 'Use seeds 0..N-1 instead of the spec\'s seeds' },
  epochs: { type: 'string', description: 'Override train.epochs' },
} as const;

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const parser = yargs(argv)
    .scriptName('nnlab')
    .usage('$0 <command> [options]')
    .command(
      'predict <results>',
      "A run's saved model on a split of its data or on new rows: prints accuracy, writes predictions to CSV",
      (y) =>
        y
          .positional('results', { type: 'string', demandOption: true, description: 'The results folder (results/<name>)' })
          .option('run', { type: 'string', demandOption: true, description: 'The run id (runs.csv run_id; a unique prefix will do)' })
          .option('split', { type: 'string', description: "train, val or test: the run's own data" })
          .option('csv', { type: 'string', description: "New rows: the data's feature columns (raw values), optionally a last label column" })
          .option('weights', { type: 'string', description: "final or best (default: best when early stopping kept one — the weights test_accuracy is of)" })
          .option('out', { type: 'string', description: 'Predictions CSV (default results/<name>/predictions/<run>.<split>.csv)' }),
      async (a) => {
        const { predictCommand } = await import('./predict.js');
        code = predictCommand({ results: a.results, run: a.run, split: a.split, csv: a.csv, weights: a.weights, out: a.out }, out, err);
      },
    )
    .command(
      'run <spec>',
      'Train every run of a spec (resumes where a previous run stopped)',
      (y) =>
        y
          .positional('spec', { type: 'string', demandOption: true, description: 'The experiment spec (YAML)' })
          .options(overrideOptions)
          // A string, so a bad value is echoed as typed (yargs would turn `abc` into NaN).
          .option('workers', { type: 'string', description: 'Parallel worker threads (default: number of cores)' })
          .option('shard', { type: 'string', description: 'Run only slice i of n (0-based "i/n", or "auto/n" from $SLURM_ARRAY_TASK_ID / $JOB_COMPLETION_INDEX)' })
          .option('force', { type: 'boolean', default: false, description: 'Redo every run; the old results are moved to a backup folder' })
          .option('dry-run', { type: 'boolean', default: false, description: 'List the runs and write nothing' })
          .option('results-dir', { type: 'string', default: 'results', description: 'Where results/<name>/ goes' })
          .option('reports-dir', { type: 'string', default: 'reports', description: 'Where reports/<name>/ goes' })
          .option('report', { type: 'boolean', default: true, description: 'Write the HTML report at the end (--no-report to skip)' })
          .option('checkpoint-every', { type: 'string', description: 'Checkpoint each run every N epochs (default 1; at least every 5 minutes whatever N)' }),
      async (a) => {
        // Commands load their modules on use: starting the CLI stays fast (the report pulls in the chart code, bench the wasm kernels).
        const { runCommand, checkpointEvery } = await import('./run.js');
        training = !a['dry-run'];
        code = await runCommand(
          {
            spec: a.spec,
            workers: a.workers,
            overrides: overrides(a),
            shard: a.shard,
            force: a.force,
            dryRun: a['dry-run'],
            resultsDir: a['results-dir'],
            reportsDir: a['reports-dir'],
            report: a.report,
            commandLine: ['nnlab', ...argv].join(' '),
            checkpointEvery: checkpointEvery(a['checkpoint-every']),
          },
          { out, err, tty: Boolean(process.stdout.isTTY) },
        );
      },
    )
    .command(
      'validate <spec>',
      'Check a spec and print how many runs it expands to',
      (y) => y.positional('spec', { type: 'string', demandOption: true }).options(overrideOptions),
      async (a) => {
        const { loadExperiment } = await import('./plan.js');
        const exp = loadExperiment(a.spec, overrides(a));
        // A csv file is read, as nnlab run would: a missing or broken file, or a model too large for its width, is bad input here too.
        const { checkCsvData } = await import('./datacheck.js');
        checkCsvData(a.spec, exp);
        const { isStaged } = await import('../experiment/plan/expand.js');
        const { plannedRunCount } = await import('../experiment/plan/stages.js');
        out(`${a.spec}: ok — ${exp.spec.name}, ${isStaged(exp.spec) ? `${plannedRunCount(exp.spec)} runs in stages (${exp.plans.length} in the first; the rest are chosen from its results)` : count(exp.plans.length, 'run')}`);
      },
    )
    .command(
      'status <spec>',
      'Show done / pending / failed / diverged counts of a spec\'s results',
      (y) =>
        y
          .positional('spec', { type: 'string', demandOption: true })
          .options(overrideOptions)
          .option('shards', { type: 'number', description: 'Also show counts per shard for n shards' })
          .option('results-dir', { type: 'string', default: 'results' })
          .option('json', { type: 'boolean', default: false, description: 'Print one JSON object' }),
      async (a) => {
        const { statusCommand } = await import('./status.js');
        code = statusCommand({ spec: a.spec, overrides: overrides(a), resultsDir: a['results-dir'], shards: a.shards, json: a.json }, out, err);
      },
    )
    .command(
      'compare <dirs..>',
      'Table of a metric (mean ± std over seeds), best first; several folders make one table with a row per sweep',
      (y) =>
        y
          .positional('dirs', { type: 'string', array: true, demandOption: true, description: 'One or more results folders, e.g. results/quick' })
          .option('rows', { type: 'string', description: 'Swept key (or "variant") for the table rows' })
          .option('columns', { type: 'string', description: 'Swept key (or "variant") for the table columns' })
          .option('metric', { type: 'string', description: 'Metric (default: the spec\'s report.metric, else val_r2 for regression results, val_accuracy for classification)' }),
      async (a) => {
        const dirs = (a.dirs ?? []).map(String);
        if (dirs.length > 1) {
          const { compareSweeps } = await import('./compare-sweeps.js');
          code = compareSweeps({ dirs, rows: a.rows, columns: a.columns, metric: a.metric }, out, err);
        } else {
          const { compareCommand } = await import('./compare.js');
          code = compareCommand({ dir: dirs[0]!, rows: a.rows, columns: a.columns, metric: a.metric }, out, err);
        }
      },
    )
    .command(
      'list',
      'Every experiment under a results folder: status, runs, best cell; also writes <reports-dir>/index.html',
      (y) =>
        y
          .option('results-dir', { type: 'string', default: 'results', description: 'The folder that holds the experiments\' results' })
          .option('reports-dir', { type: 'string', default: 'reports', description: 'Where index.html goes' }),
      async (a) => {
        const { listCommand } = await import('./list.js');
        code = listCommand(a['results-dir'], a['reports-dir'], out, err);
      },
    )
    .command(
      'verify <dir>',
      'Retrain a seeded sample of a folder\'s recorded runs and compare every value bit for bit',
      (y) =>
        y
          .positional('dir', { type: 'string', demandOption: true, description: 'A results folder, e.g. results/quick' })
          .option('runs', { type: 'number', default: 3, description: 'How many runs to retrain (0 = every run)' })
          .option('seed', { type: 'string', default: '0', description: 'Seed of the sample (a reviewer picks their own)' }),
      async (a) => {
        const { verifyCommand } = await import('./verify.js');
        code = verifyCommand({ dir: a.dir, runs: a.runs, seed: a.seed }, out, err);
      },
    )
    .command(
      'report <dirs..>',
      'Write the HTML report of a results folder (several folders: one report with a row per sweep)',
      (y) =>
        y
          .positional('dirs', { type: 'string', array: true, demandOption: true, description: 'One or more results folders' })
          .option('reports-dir', { type: 'string', default: 'reports', description: 'The report goes to <reports-dir>/<name>/' })
          .option('rows', { type: 'string', description: 'Re-cut the tables: swept key (or "variant") for the rows' })
          .option('columns', { type: 'string', description: 'Re-cut the tables: swept key (or "variant") for the columns' })
          .option('metric', { type: 'string', description: 'Re-cut the tables on another runs.csv metric (e.g. test_accuracy)' }),
      async (a) => {
        const { reportCommand } = await import('./report.js');
        code = await reportCommand((a.dirs ?? []).map(String), a['reports-dir'], out, err, { rows: a.rows, columns: a.columns, metric: a.metric });
      },
    )
    .command(
      'slurm <spec>',
      'Write (and with --submit, submit) a Slurm job array running the sweep\'s pending shards',
      (y) =>
        y
          .positional('spec', { type: 'string', demandOption: true })
          .options(overrideOptions)
          .option('tasks', { type: 'number', description: `Number of shards (array tasks) (default: the number of runs, at most 100)` })
          .option('parallel', { type: 'number', description: 'At most this many tasks at once (--array=…%P)' })
          .option('partition', { type: 'string' })
          .option('time', { type: 'string', description: 'Time limit per task, e.g. 02:00:00' })
          .option('cpus-per-task', { type: 'number', default: 1, description: 'CPUs per task; each task trains that many runs in parallel' })
          .option('mem', { type: 'string', description: 'Memory per task, e.g. 4G' })
          .option('signal-seconds', { type: 'number', description: 'Warn this many seconds before the time limit or preemption (USR1): running runs checkpoint and the task requeues (default 120)' })
          .option('checkpoint-every', { type: 'string', description: 'Each task checkpoints its runs every N epochs (default 1; at least every 5 minutes whatever N)' })
          .option('submit', { type: 'boolean', default: false, description: 'Call sbatch and print the job id' })
          .option('wait', { type: 'boolean', default: false, description: 'With --submit: wait until the array has finished' })
          .option('results-dir', { type: 'string', default: 'results' }),
      async (a) => {
        const { slurmCommand } = await import('./slurm.js');
        const { checkpointEvery } = await import('./run.js');
        code = slurmCommand(
          {
            spec: a.spec, overrides: overrides(a), resultsDir: a['results-dir'], tasks: a.tasks, parallel: a.parallel, partition: a.partition,
            time: a.time, cpusPerTask: a['cpus-per-task'], mem: a.mem, signalSeconds: a['signal-seconds'], checkpointEvery: checkpointEvery(a['checkpoint-every']), submit: a.submit, wait: a.wait,
          },
          out,
        );
      },
    )
    .command(
      'bench',
      'Benchmark kernels, training throughput (vs numpy when present) and worker scaling',
      (y) =>
        y
          .option('quick', { type: 'boolean', default: false, description: 'A short smoke run (also NNLAB_BENCH_QUICK=1)' })
          .option('numpy', { type: 'boolean', default: true, description: 'Compare with numpy when python3 has it (--no-numpy to skip)' })
          .option('only', { type: 'string', choices: ['lenet'], description: 'Run one section: lenet (the CNN against numpy and PyTorch)' }),
      async (a) => {
        const { benchCommand } = await import('./bench.js');
        code = await benchCommand({ quick: a.quick, numpy: a.numpy, only: a.only as 'lenet' | undefined });
      },
    )
    .demandCommand(1, 'name a command: run, validate, status, compare, report, list, verify, slurm or bench')
    .strict()
    .version(nnlabVersion())
    .help()
    // Not on a terminal (a pipe, a file, a test): no wrapping, since cliui cuts words it cannot fit ("$JOB_ / COMPLETION_INDEX").
    .wrap(process.stdout.isTTY ? Math.min(100, process.stdout.columns || 100) : null)
    .fail((msg, e) => {
      // yargs reports usage problems here; our own errors propagate to the catch below.
      if (e) throw e;
      throw new UsageErrorFromYargs(msg);
    });
  await parser.parseAsync();
  return code;
}

class UsageErrorFromYargs extends Error {
  constructor(msg: string) {
    super(`${msg.replace(/\s*\n\s*/g, ' ')} (see nnlab --help)`);
    this.name = 'UsageError';
  }
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const { code, line } = describeError(e, process.env.NNLAB_DEBUG === '1');
    err(line);
    process.exitCode = e instanceof UsageErrorFromYargs ? EXIT_USAGE : code;
  },
);
