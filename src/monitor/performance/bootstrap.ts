/** Seeded percentile bootstrap over row indices. */
import { seededRandom } from '../../core/index.js';

/** Result of {@link bootstrapPercentile}. */
export interface BootstrapResult {
  readonly lower: number;
  readonly upper: number;
  /** Replicates on which the statistic was defined (a resample can lose a class). */
  readonly used: number;
  /** Standard deviation of the defined replicates (ddof = 1; 0 with fewer than two). */
  readonly sd: number;
  readonly mean: number;
}

/** numpy `percentile` (linear interpolation, type 7) of sorted values. */
export function percentileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/**
 * Draws `replicates` resamples of `size` indices (with replacement) from `rows`, evaluates `statistic` on each
 * and returns the percentile interval at `confidence` with the replicates' mean and standard deviation, or null
 * when the statistic was undefined (returned a non-number) on every replicate.
 */
export function bootstrapPercentile(
  rows: Uint32Array,
  statistic: (sample: Uint32Array) => number | string,
  options: { readonly replicates: number; readonly seed: number; readonly confidence: number; readonly size?: number },
): BootstrapResult | null {
  const rng = seededRandom(options.seed);
  const size = options.size ?? rows.length;
  const sample = new Uint32Array(size);
  const values = new Float64Array(options.replicates);
  let used = 0;
  for (let b = 0; b < options.replicates; b++) {
    for (let j = 0; j < size; j++) sample[j] = rows[Math.floor(rng() * rows.length)] as number;
    const v = statistic(sample);
    if (typeof v === 'number' && Number.isFinite(v)) values[used++] = v;
  }
  if (used === 0) return null;
  const sorted = values.subarray(0, used).sort();
  let mean = 0;
  for (let i = 0; i < used; i++) mean += sorted[i] as number;
  mean /= used;
  let ss = 0;
  for (let i = 0; i < used; i++) ss += ((sorted[i] as number) - mean) ** 2;
  const alpha = (1 - options.confidence) / 2;
  return {
    lower: percentileSorted(sorted, alpha),
    upper: percentileSorted(sorted, 1 - alpha),
    used,
    sd: used > 1 ? Math.sqrt(ss / (used - 1)) : 0,
    mean,
  };
}
