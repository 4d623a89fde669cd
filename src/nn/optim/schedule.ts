/**
 * Learning-rate schedules: the lr for each epoch, as a function of the 0-based
 * index of the epoch about to be trained. The trainer sets optimizer.lr from
 * it once per epoch.
 *
 *   constant  η_e = η
 *   step      η_e = η·γ^⌊e / step_size⌋
 *   cosine    η_e = η_min + ½(η − η_min)(1 + cos(π·e / E))   (Loshchilov & Hutter 2017,
 *             SGDR, eq. 5 with a single cycle and no restarts; https://arxiv.org/abs/1608.03983)
 *
 * cosine starts at η at e = 0 and would reach η_min at e = E (one past the last
 * epoch); epochs past E stay at η_min rather than climbing back up.
 */
import type { ScheduleSpec } from '../spec.js';
import { checkCount, checkNonNegative, checkPositive, checkUnitHalfOpen } from './hyper.js';
import { unknownNameMessage } from '../names.js';

export type Schedule = (epoch: number) => number;

function constant(_spec: ScheduleSpec, lr: number): Schedule {
  return () => lr;
}

function step(spec: ScheduleSpec, lr: number): Schedule {
  const stepSize = checkCount('step schedule', 'schedule.step_size', spec.step_size, 'epochs between decays, e.g. 10');
  const gamma = checkUnitHalfOpen('step schedule', 'schedule.gamma', spec.gamma, 'the factor per decay, e.g. 0.5');
  return (e) => lr * gamma ** Math.floor(e / stepSize);
}

function cosine(spec: ScheduleSpec, lr: number, epochs: number): Schedule {
  const minLr = checkNonNegative('cosine schedule', 'schedule.min_lr', spec.min_lr, 'e.g. 0');
  if (minLr > lr) {
    throw new Error(`cosine schedule: schedule.min_lr must be <= optimizer.lr, got min_lr ${minLr} > lr ${lr} (lower min_lr or raise lr)`);
  }
  return (e) => (e >= epochs ? minLr : minLr + 0.5 * (lr - minLr) * (1 + Math.cos((Math.PI * e) / epochs)));
}

export const SCHEDULES = { constant, step, cosine } as const;

export type ScheduleName = keyof typeof SCHEDULES;
export const SCHEDULE_NAMES = Object.keys(SCHEDULES) as ScheduleName[];

/**
 * The lr schedule a spec names, for a run of `epochs` epochs starting at
 * `baseLr` (the optimizer's lr). Throws a one-line Error for an unknown name
 * or invalid parameters; the returned function throws for a bad epoch index.
 */
export function makeSchedule(spec: ScheduleSpec, baseLr: number, epochs: number): Schedule {
  const name = spec.name;
  if (typeof name !== 'string' || !Object.hasOwn(SCHEDULES, name)) {
    throw new Error(`schedule: ${unknownNameMessage('schedule', String(name), SCHEDULE_NAMES)}`);
  }
  checkPositive(`${name} schedule`, 'optimizer.lr', baseLr, 'try 0.01');
  checkCount(`${name} schedule`, 'train.epochs', epochs, 'e.g. 20');
  const f = SCHEDULES[name as ScheduleName](spec, baseLr, epochs);
  return (epoch) => {
    if (!Number.isInteger(epoch) || epoch < 0) {
      throw new Error(`${name} schedule: epoch must be a 0-based integer index, got ${epoch}`);
    }
    return f(epoch);
  };
}

/** The error makeSchedule would throw, or null if the schedule is valid. */
export function validateSchedule(spec: ScheduleSpec, baseLr: number, epochs: number): string | null {
  try {
    makeSchedule(spec, baseLr, epochs);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
