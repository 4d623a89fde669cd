/**
 * SIGUSR1 belongs to nnlab from its first module on.
 *
 * It is Slurm's warning before a time limit or preemption (`nnlab slurm` asks for it), and it can
 * come at any moment, also while nnlab is still starting up or loading data, before the sweep has
 * its handler. With no listener, Node's default for SIGUSR1 is to open the inspector on
 * 127.0.0.1:9229: the warning would be lost, the task would train on until Slurm kills it at the
 * limit instead of checkpointing and requeueing (seen here in CI: a requeued task ran out its time
 * with two runs undone), and a debugger port would stand open to every local user.
 *
 * So a listener is installed as soon as this module is evaluated (main.ts imports it first). It
 * only holds the signal; the sweep takes it over with `takeUsr1`, and a held signal stops the sweep
 * at once, as if it had arrived just then.
 */
let held = false;
const hold = (): void => {
  held = true;
};
process.on('SIGUSR1', hold);

/** Hand SIGUSR1 to `handler`; true when one arrived before (the caller acts on it now). */
export function takeUsr1(handler: (sig: NodeJS.Signals) => void): boolean {
  process.on('SIGUSR1', handler); // before removing `hold`: never a moment without a listener
  process.off('SIGUSR1', hold);
  const arrived = held;
  held = false;
  return arrived;
}

/** Give SIGUSR1 back to the holder (the sweep is over). */
export function returnUsr1(handler: (sig: NodeJS.Signals) => void): void {
  process.on('SIGUSR1', hold);
  process.off('SIGUSR1', handler);
}
