import { DriftMethodUnsuitableError } from '../../../core/index.js';
import { wassersteinSorted } from '../../stats/index.js';
import type { ColumnSample, DriftContext } from '../drift-method.js';

/**
 * The sorted values of two numeric samples.
 * @throws MLP_DRIFT_METHOD_UNSUITABLE when either is not numeric.
 */
export function numericPair(
  reference: ColumnSample,
  current: ColumnSample,
  method: string,
  ctx: DriftContext,
): [Float64Array, Float64Array] {
  if (reference.type !== 'numeric' || current.type !== 'numeric')
    throw DriftMethodUnsuitableError({ method, column: ctx.column, problem: 'the column is not numeric', supported: ['numeric'] });
  return [reference.sorted, current.sorted];
}

/** Population standard deviation (numpy `std`, ddof 0), two-pass. */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / n);
}

/** Below this reference standard deviation the normalised Wasserstein distance divides by it instead (Evidently's 0.001). */
export const WASSERSTEIN_MIN_NORM = 0.001;

/**
 * Wasserstein-1 distance divided by the reference's standard deviation (at least {@link WASSERSTEIN_MIN_NORM}),
 * Evidently's "normed" Wasserstein: the shift in units of the reference's spread.
 */
export function normedWasserstein(reference: Float64Array, current: Float64Array): number {
  return wassersteinSorted(reference, current) / Math.max(populationStd(reference), WASSERSTEIN_MIN_NORM);
}
