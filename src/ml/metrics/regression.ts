/**
 * Regression metrics, each matching the scikit-learn function named in its doc (single output, optional
 * sample weights): MSE, RMSE, MAE, MAPE, R², median absolute error, mean Poisson deviance.
 */
import { argsortStable } from './argsort.js';
import type { NumericArray } from './validate.js';
import { checkFinite, checkLength, checkNonEmpty, metricInputError, resolveWeights } from './validate.js';

/** Options of the regression metrics. */
export interface RegressionOptions {
  readonly sampleWeight?: NumericArray;
}

function regressionInputs(metric: string, yTrue: NumericArray, yPred: NumericArray, sampleWeight?: NumericArray): Float64Array {
  checkNonEmpty(metric, 'yTrue', yTrue);
  checkLength(metric, 'yPred', yPred, yTrue.length);
  checkFinite(metric, 'yTrue', yTrue);
  checkFinite(metric, 'yPred', yPred);
  return resolveWeights(metric, sampleWeight, yTrue.length);
}

/** Weighted mean of f(yTrue[i], yPred[i]). */
function weightedMean(yTrue: NumericArray, yPred: NumericArray, w: Float64Array, f: (t: number, p: number) => number): number {
  let s = 0;
  let ws = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const wi = w[i] as number;
    s += wi * f(yTrue[i] as number, yPred[i] as number);
    ws += wi;
  }
  return s / ws;
}

/** Mean squared error (sklearn `mean_squared_error`). @throws MLP_ML_METRIC_INPUT on bad lengths, NaN, weights. */
export function meanSquaredError(yTrue: NumericArray, yPred: NumericArray, options: RegressionOptions = {}): number {
  const w = regressionInputs('mse', yTrue, yPred, options.sampleWeight);
  return weightedMean(yTrue, yPred, w, (t, p) => (t - p) * (t - p));
}

/** Root mean squared error (sklearn `mean_squared_error(squared=False)`), in the units of y. */
export function rootMeanSquaredError(yTrue: NumericArray, yPred: NumericArray, options: RegressionOptions = {}): number {
  const w = regressionInputs('rmse', yTrue, yPred, options.sampleWeight);
  return Math.sqrt(weightedMean(yTrue, yPred, w, (t, p) => (t - p) * (t - p)));
}

/** Mean absolute error (sklearn `mean_absolute_error`). */
export function meanAbsoluteError(yTrue: NumericArray, yPred: NumericArray, options: RegressionOptions = {}): number {
  const w = regressionInputs('mae', yTrue, yPred, options.sampleWeight);
  return weightedMean(yTrue, yPred, w, (t, p) => Math.abs(t - p));
}

/**
 * Mean absolute percentage error as a fraction, not ×100 (sklearn `mean_absolute_percentage_error`):
 * |y − ŷ| / max(|y|, ε) with ε = machine epsilon, so y = 0 gives a huge but finite value.
 */
export function meanAbsolutePercentageError(yTrue: NumericArray, yPred: NumericArray, options: RegressionOptions = {}): number {
  const w = regressionInputs('mape', yTrue, yPred, options.sampleWeight);
  return weightedMean(yTrue, yPred, w, (t, p) => Math.abs(p - t) / Math.max(Math.abs(t), Number.EPSILON));
}

/**
 * Coefficient of determination (sklearn `r2_score`, `force_finite=True`): 1 − SS_res / SS_tot. When yTrue is
 * constant, 1 for a perfect prediction and 0 otherwise; NaN with fewer than two samples (as sklearn).
 */
export function r2Score(yTrue: NumericArray, yPred: NumericArray, options: RegressionOptions = {}): number {
  const w = regressionInputs('r2', yTrue, yPred, options.sampleWeight);
  const n = yTrue.length;
  if (n < 2) return Number.NaN;
  let mean = 0;
  let ws = 0;
  let constant = true;
  const first = yTrue[0] as number;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    mean += (w[i] as number) * t;
    ws += w[i] as number;
    if (t !== first) constant = false;
  }
  mean /= ws;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    const r = t - (yPred[i] as number);
    const d = t - mean;
    num += (w[i] as number) * r * r;
    den += (w[i] as number) * d * d;
  }
  // An exactly constant yTrue has SS_tot = 0 even if the weighted mean rounds away from the constant.
  if (constant) den = 0;
  if (num === 0) return 1;
  if (den === 0) return 0;
  return 1 - num / den;
}

/**
 * Median absolute error (sklearn `median_absolute_error`). Unweighted: numpy median (mean of the two middle
 * values for even n). Weighted: sklearn's `_weighted_percentile` — the smallest error whose cumulative weight
 * reaches half the total.
 */
export function medianAbsoluteError(yTrue: NumericArray, yPred: NumericArray, options: RegressionOptions = {}): number {
  const w = regressionInputs('median-ae', yTrue, yPred, options.sampleWeight);
  const n = yTrue.length;
  const err = new Float64Array(n);
  for (let i = 0; i < n; i++) err[i] = Math.abs((yPred[i] as number) - (yTrue[i] as number));
  if (options.sampleWeight === undefined) {
    const sorted = err.sort();
    const mid = n >>> 1;
    return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }
  const order = argsortStable(err);
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let j = 0; j < n; j++) {
    acc += w[order[j] as number] as number;
    cdf[j] = acc;
  }
  const target = 0.5 * acc;
  // first index with cdf >= target (numpy searchsorted 'left'), clipped to the last index.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cdf[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return err[order[Math.min(lo, n - 1)] as number] as number;
}

/**
 * Mean Poisson deviance (sklearn `mean_poisson_deviance`): mean of 2·(y·log(y/ŷ) − y + ŷ), with y·log(y/ŷ) = 0
 * at y = 0. Needs y ≥ 0 and ŷ > 0.
 * @throws MLP_ML_METRIC_INPUT when a yTrue is negative or a yPred is not strictly positive.
 */
export function meanPoissonDeviance(yTrue: NumericArray, yPred: NumericArray, options: RegressionOptions = {}): number {
  const metric = 'poisson-deviance';
  const w = regressionInputs(metric, yTrue, yPred, options.sampleWeight);
  for (let i = 0; i < yTrue.length; i++) {
    if ((yTrue[i] as number) < 0)
      throw metricInputError(metric, 'yTrue', `entry ${i} is ${String(yTrue[i])}; Poisson deviance needs y >= 0`);
    if (!((yPred[i] as number) > 0))
      throw metricInputError(metric, 'yPred', `entry ${i} is ${String(yPred[i])}; Poisson deviance needs predictions > 0`);
  }
  return weightedMean(yTrue, yPred, w, (t, p) => 2 * ((t === 0 ? 0 : t * Math.log(t / p)) - t + p));
}
