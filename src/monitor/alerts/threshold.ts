/**
 * Judging a signal's value: a fixed threshold (`above` / `below`) or a learned one — the band mean ± k·σ of the
 * values of the monitor's first `baselineWindows` evaluated windows (sample standard deviation). The framework
 * decides, never the signal: the evaluation records the bounds used.
 */
import type { MonitorThreshold } from '../../core/index.js';

/** The bounds an evaluation was judged with; a value outside them alerts. Null = unbounded on that side. */
export interface Bounds {
  readonly lower: number | null;
  readonly upper: number | null;
}

/** Mean and sample standard deviation of a learned threshold's baseline. */
export interface Baseline {
  readonly mean: number;
  readonly std: number;
  readonly count: number;
}

/** Mean and sample standard deviation (n − 1) of the values. Needs at least two. */
export function baselineOf(values: readonly number[]): Baseline {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, count: n };
}

/**
 * The bounds of a threshold: fixed ones as declared; learned ones from the baseline (undefined while the
 * baseline is still being collected).
 */
export function boundsOf(threshold: MonitorThreshold, baseline: Baseline | undefined): Bounds | undefined {
  if (!('learned' in threshold)) return { lower: threshold.below ?? null, upper: threshold.above ?? null };
  if (baseline === undefined) return undefined;
  const { k, direction } = threshold.learned;
  const half = k * baseline.std;
  return {
    lower: direction === 'above' ? null : baseline.mean - half,
    upper: direction === 'below' ? null : baseline.mean + half,
  };
}

/** True when `value` is outside the bounds (strictly: a value on a bound is healthy). */
export function breaches(value: number, bounds: Bounds): boolean {
  return (bounds.upper !== null && value > bounds.upper) || (bounds.lower !== null && value < bounds.lower);
}
