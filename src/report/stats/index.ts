/** The report's statistics, one concept a file; each cites its source and is checked against scipy/statsmodels fixtures. */
export { summarize, tInterval, MIN_SEEDS_FOR_CI, type Summary } from './summary.js';
export { welch, ciExcludesZero, type WelchResult } from './welch.js';
export { holm, ALPHA } from './holm.js';
export { bootstrapDiff, percentile, BOOTSTRAP_RESAMPLES, type Interval } from './bootstrap.js';
export { probabilityOfImprovement } from './improvement.js';
export { cohensD } from './effect.js';
export { seedsNeeded, tTestPower, TARGET_POWER, MAX_SEEDS } from './power.js';
export { expectedMaxCurve } from './expected-max.js';
