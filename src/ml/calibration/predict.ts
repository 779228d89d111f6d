/** The calibration maps themselves (no validation; callers check inputs). */
import type { NumericArray } from '../metrics/index.js';

/** Platt: 1 / (1 + exp(a·s + b)). */
export function plattPredict(params: { readonly a: number; readonly b: number }, scores: NumericArray): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    // scipy `expit(-(a·s + b))`; exp overflow gives Infinity and so 0, which is the right limit.
    out[i] = 1 / (1 + Math.exp(params.a * (scores[i] as number) + params.b));
  }
  return out;
}

/**
 * Isotonic: clip s to [x₀, x_last], then interpolate linearly between the surrounding points, exactly as scipy
 * `interp1d(kind='linear')` does (segment found by binary search, slope·(s − x_lo) + y_lo).
 */
export function isotonicPredict(
  params: { readonly x: readonly number[]; readonly y: readonly number[] },
  scores: NumericArray,
): Float64Array {
  const { x, y } = params;
  const m = x.length;
  const out = new Float64Array(scores.length);
  const xMin = x[0] as number;
  const xMax = x[m - 1] as number;
  for (let i = 0; i < scores.length; i++) {
    if (m === 1) {
      out[i] = y[0] as number;
      continue;
    }
    let s = scores[i] as number;
    s = s < xMin ? xMin : s > xMax ? xMax : s;
    // first index with x[idx] >= s (searchsorted 'left'), clipped to 1..m-1
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((x[mid] as number) < s) lo = mid + 1;
      else hi = mid;
    }
    const idx = lo < 1 ? 1 : lo > m - 1 ? m - 1 : lo;
    const x0 = x[idx - 1] as number;
    const x1 = x[idx] as number;
    const y0 = y[idx - 1] as number;
    const y1 = y[idx] as number;
    const slope = (y1 - y0) / (x1 - x0);
    out[i] = slope * (s - x0) + y0;
  }
  return out;
}
