/** Which charts a report draws: the spec's list, or the ones that fit what was swept and recorded. */
import type { ChartName } from '../specinfo.js';
import { type Chart, type ChartContext, type Skipped } from './common.js';
import { learningCurves, lossCurves } from './curves.js';
import { diagnosticLayers, layerDiagnostics, weightNormVsL2 } from './diagnostics.js';
import { generalizationGap } from './generalization.js';
import { metricVsLr } from './metric-vs-lr.js';
import { seedsChart } from './seeds.js';
import { budgetCurve, parallelCoordinates, searchMetricChart } from './search.js';

export const BUILDERS: Record<ChartName, (ctx: ChartContext) => Chart | Skipped> = {
  seeds: seedsChart,
  metric_vs_lr: metricVsLr,
  learning_curves: learningCurves,
  generalization_gap: generalizationGap,
  loss_curves: lossCurves,
  layer_diagnostics: layerDiagnostics,
  weight_norm_vs_l2: weightNormVsL2,
  search_metric: searchMetricChart,
  parallel_coordinates: parallelCoordinates,
  budget_curve: budgetCurve,
};

/** The automatic choice, in page order. */
export function autoCharts(ctx: ChartContext): ChartName[] {
  const k = ctx.keys;
  const out: ChartName[] = [];
  const hasDiag = diagnosticLayers(ctx.data.epochs, 'act_std').length > 0;
  const regularization = k.some((x) => /^regularization\.|dropout|weight_decay/.test(x));
  out.push('seeds');
  if (ctx.search) {
    out.push('search_metric');
    if (Object.keys(ctx.search.info.space).length >= 2) out.push('parallel_coordinates');
    if (ctx.search.info.protocol) out.push('budget_curve');
  }
  if (k.includes('optimizer.lr')) out.push('metric_vs_lr');
  if (regularization) out.push('generalization_gap');
  if (k.includes('regularization.l2') && diagnosticLayers(ctx.data.epochs, 'weight_norm').length > 0) out.push('weight_norm_vs_l2');
  if (hasDiag && k.some((x) => /init|activation|batch_norm|hidden/.test(x))) out.push('layer_diagnostics');
  if (ctx.data.epochs.size > 0) out.push('learning_curves', 'loss_curves');
  return out;
}

export function buildCharts(ctx: ChartContext, requested: readonly string[]): { charts: Chart[]; skipped: Skipped[] } {
  // The per-seed chart is always drawn: a spec's chart list names the others it wants.
  const names = requested.length > 0 ? ['seeds' as ChartName, ...(requested.filter((n) => n in BUILDERS && n !== 'seeds') as ChartName[])] : autoCharts(ctx);
  const charts: Chart[] = [];
  const skipped: Skipped[] = [];
  for (const n of names) {
    const r = BUILDERS[n](ctx);
    if ('spec' in r) charts.push(r);
    else skipped.push(r);
  }
  return { charts, skipped };
}
