/** An experiment spec after validation: defaults filled, sweep and variants normalized. */
import type { RunConfig } from '../../train/spec.js';
import type { ProtocolSpec, SearchSpec } from './search.js';

/** The part of a run's config that a spec states once and the sweep overrides. */
export type BaseConfig = Omit<RunConfig, 'seed'>;

export interface Variant {
  name: string;
  /** Dotted key → value overrides applied on top of the base config. */
  set: Record<string, unknown>;
}

export interface ReportSpec {
  /** Dotted key (or "variant") whose values make the table rows / chart lines. */
  rows: string | null;
  /** Dotted key (or "variant") whose values make the table columns / chart x axis. */
  columns: string | null;
  /** Metric of the summary table: val_accuracy | test_accuracy | train_accuracy | val_loss | train_loss | best_val_accuracy. */
  metric: string;
  /** Charts to draw; empty = chosen automatically from the spec. */
  charts: string[];
  /** Accuracy target for "epochs to reach" columns (null = none). */
  target_accuracy: number | null;
}

export interface ExperimentSpec {
  name: string;
  description: string;
  base: BaseConfig;
  seeds: number[];
  /** Dotted key → list of values; runs are the cartesian product, crossed with variants. */
  sweep: Record<string, unknown[]>;
  variants: Variant[];
  report: ReportSpec;
  /** How configurations are chosen: the grid (default), or random trials from the sweep's distributions; optional halving. */
  search: SearchSpec;
  /** Tune-then-test (null = none). */
  protocol: ProtocolSpec | null;
}

/** One run of an expanded spec. */
export interface RunPlan {
  /** Short stable hash of the resolved config and seed. */
  id: string;
  variant: string | null;
  /** Dotted key → the value this run takes, for every key in the spec's sweep (column order = spec order). */
  swept: Record<string, unknown>;
  seed: number;
  config: RunConfig;
  /** Random search: the trial this run's configuration was drawn in (else absent). */
  trial?: number;
  /** Successive halving: stop after this many epochs, status `stopped` (absent = train.epochs). */
  stopAt?: number;
  /** False for tuning runs of a protocol: the test split is not looked at (absent = true). */
  test?: boolean;
}
