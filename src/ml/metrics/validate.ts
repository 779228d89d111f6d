/**
 * Input checks shared by every metric. Each check throws `MLP_ML_METRIC_INPUT` naming the metric and the
 * argument, so a caller sees e.g. "roc-auc: argument yTrue: only one class present …" instead of a NaN.
 */
import { MetricInputError } from '../../core/index.js';

/** A numeric vector: plain array or any typed array. */
export type NumericArray = ArrayLike<number>;

/** Builds (for the caller to throw) the `MLP_ML_METRIC_INPUT` error for `metric`/`argument` with the given problem. */
export function metricInputError(metric: string, argument: string, problem: string): Error {
  return MetricInputError({ metric, argument, problem });
}

/** Checks that `values` has `n` entries. */
export function checkLength(metric: string, argument: string, values: NumericArray, n: number): void {
  if (values.length !== n) {
    throw metricInputError(metric, argument, `has ${values.length} entries but yTrue has ${n}; pass one value per sample`);
  }
}

/** Checks that there is at least one sample. */
export function checkNonEmpty(metric: string, argument: string, values: NumericArray): void {
  if (values.length === 0) throw metricInputError(metric, argument, 'is empty; pass at least one sample');
}

/** Checks that every entry is a finite number (no NaN, no ±Infinity). */
export function checkFinite(metric: string, argument: string, values: NumericArray): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw metricInputError(metric, argument, `entry ${i} is ${String(v)}; every value must be a finite number`);
  }
}

/**
 * Checks class labels: integers in `0..nClasses-1` (or any non-negative integer when `nClasses` is undefined).
 * Returns the largest label seen plus one.
 */
export function checkLabels(metric: string, argument: string, values: NumericArray, nClasses?: number): number {
  let maxLabel = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isInteger(v) || v < 0 || (nClasses !== undefined && v >= nClasses)) {
      const range = nClasses === undefined ? 'a non-negative integer class index' : `an integer class index in 0..${nClasses - 1}`;
      throw metricInputError(metric, argument, `entry ${i} is ${String(v)}; expected ${range}`);
    }
    if (v > maxLabel) maxLabel = v;
  }
  return maxLabel + 1;
}

/** Checks every entry lies in [0, 1] (and is not NaN). */
export function checkProbabilities(metric: string, argument: string, values: NumericArray): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= 0 && v <= 1)) throw metricInputError(metric, argument, `entry ${i} is ${String(v)}; probabilities must lie in [0, 1]`);
  }
}

/**
 * Checks optional sample weights: one finite, non-negative weight per sample with a positive total.
 * Returns the weights as a Float64Array (all ones when none were given).
 */
export function resolveWeights(metric: string, sampleWeight: NumericArray | undefined, n: number): Float64Array {
  const out = new Float64Array(n);
  if (sampleWeight === undefined) {
    out.fill(1);
    return out;
  }
  checkLength(metric, 'sampleWeight', sampleWeight, n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = sampleWeight[i] as number;
    if (!Number.isFinite(w) || w < 0) {
      throw metricInputError(metric, 'sampleWeight', `entry ${i} is ${String(w)}; weights must be finite and >= 0`);
    }
    out[i] = w;
    total += w;
  }
  if (!(total > 0)) throw metricInputError(metric, 'sampleWeight', 'all weights are zero; at least one sample must carry weight');
  return out;
}

/** Checks a multiclass probability matrix: `n*k` entries, each in [0, 1]. */
export function checkProbaMatrix(metric: string, proba: NumericArray, n: number, k: number): void {
  if (!Number.isInteger(k) || k < 2) throw metricInputError(metric, 'nClasses', `is ${String(k)}; expected an integer >= 2`);
  if (proba.length !== n * k) {
    throw metricInputError(
      metric,
      'proba',
      `has ${proba.length} entries; expected n*k = ${n}*${k} = ${n * k} (row-major, one row per sample)`,
    );
  }
  checkProbabilities(metric, 'proba', proba);
}

/** Sorted distinct labels present in any of the given label vectors (sklearn's `unique_labels`). */
export function presentLabels(...vectors: NumericArray[]): Int32Array {
  const seen = new Set<number>();
  for (const v of vectors) for (let i = 0; i < v.length; i++) seen.add(v[i] as number);
  return Int32Array.from([...seen].sort((a, b) => a - b));
}
