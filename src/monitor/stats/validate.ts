/** Input checks shared by the drift statistics: every failure is a catalog error naming the statistic and argument. */
import { StatsEmptySampleError, StatsInvalidArgumentError, StatsNotFiniteError } from '../../core/index.js';

/** Throws unless `sample` has at least `minimum` values and no NaN (and no ±Infinity when `finite`). */
export function checkSample(statistic: string, argument: string, sample: ArrayLike<number>, minimum: number, finite = false): void {
  if (sample.length < minimum) throw StatsEmptySampleError({ statistic, argument, size: sample.length, minimum });
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i] as number;
    if (Number.isNaN(v) || (finite && !Number.isFinite(v))) {
      throw StatsNotFiniteError({ statistic, argument, index: i, value: String(v) });
    }
  }
}

/** Throws unless every entry of `counts` is finite and >= 0; returns their sum. */
export function checkCounts(statistic: string, argument: string, counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const v = counts[i] as number;
    if (!Number.isFinite(v) || v < 0) {
      throw StatsInvalidArgumentError({
        statistic,
        argument: `${argument}[${i}]`,
        problem: `is ${String(v)}; counts and probabilities must be finite and non-negative`,
      });
    }
    total += v;
  }
  return total;
}

/** Throws an invalid-argument error. */
export function invalid(statistic: string, argument: string, problem: string): never {
  throw StatsInvalidArgumentError({ statistic, argument, problem });
}
