import type { EvaluationSummary } from '../ml/index.js';

/**
 * `<metric>_std` for every metric of a cross-validation, next to the fold means the run records: the population
 * standard deviation (ddof 0) of the metric's fold values, as scikit-learn's `cv_results_` (`std_test_score`)
 * reports it. Empty for a holdout, which has one value per metric.
 */
export function foldStdMetrics(evaluation: EvaluationSummary): Record<string, number> {
  if (evaluation.kind !== 'cv') return {};
  const out: Record<string, number> = {};
  for (const [id, values] of Object.entries(evaluation.foldMetrics)) {
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    out[`${id}_std`] = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
  }
  return out;
}
