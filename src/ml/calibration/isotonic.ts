/**
 * Isotonic calibration, fitted like sklearn `IsotonicRegression(increasing=True, out_of_bounds='clip')`:
 * zero-weight samples dropped, equal scores merged into one point (weighted mean label, summed weight),
 * pool-adjacent-violators on the merged points, then interior points on flat runs removed.
 */
import { argsortStable } from '../metrics/argsort.js';
import type { NumericArray } from '../metrics/index.js';
import type { Calibrator } from './calibrator.js';
import { makeCalibrator } from './calibrator.js';
import { checkFitInput } from './fit-input.js';

// sklearn `_make_unique`: scores closer than float64 resolution (1e-15) are treated as equal.
const RESOLUTION = 1e-15;

/**
 * Weighted pool-adjacent-violators, in place: afterwards y is non-decreasing and minimises Σ w (y − y₀)².
 * A port of sklearn's `_inplace_contiguous_isotonic_regression` (same pooling order, same arithmetic).
 */
export function poolAdjacentViolators(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  const target = new Int32Array(n);
  for (let i = 0; i < n; i++) target[i] = i;
  let i = 0;
  while (i < n) {
    let k = (target[i] as number) + 1;
    if (k === n) break;
    if ((y[i] as number) < (y[k] as number)) {
      i = k;
      continue;
    }
    let sumWy = (w[i] as number) * (y[i] as number);
    let sumW = w[i] as number;
    for (;;) {
      const prevY = y[k] as number;
      sumWy += (w[k] as number) * (y[k] as number);
      sumW += w[k] as number;
      k = (target[k] as number) + 1;
      if (k === n || prevY < (y[k] as number)) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1] as number;
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = (target[i] as number) + 1;
    for (let j = i + 1; j < k; j++) y[j] = y[i] as number;
    i = k;
  }
}

/**
 * Fits an increasing isotonic map from scores to P(class 1).
 * @returns a calibrator `{ kind: 'isotonic', params: { x, y } }`; scores outside [x₀, x_last] are clipped.
 * @throws MLP_ML_METRIC_INPUT on empty input, mismatched lengths, non-finite scores, labels other than 0/1, bad weights.
 */
export function fitIsotonic(scores: NumericArray, y: NumericArray, weights?: NumericArray): Calibrator {
  const w = checkFitInput('isotonic', scores, y, weights);
  // numpy lexsort((y, X)): by score, then by label — a stable sort by score of the samples listed label 0 first.
  const kept: number[] = [];
  for (let i = 0; i < scores.length; i++) if ((w[i] as number) > 0 && y[i] === 0) kept.push(i);
  for (let i = 0; i < scores.length; i++) if ((w[i] as number) > 0 && y[i] === 1) kept.push(i);
  const order = argsortStable(scores, Uint32Array.from(kept));
  const m = order.length;
  const ux = new Float64Array(m);
  const uy = new Float64Array(m);
  const uw = new Float64Array(m);
  let u = 0;
  let curX = scores[order[0] as number] as number;
  let curY = 0;
  let curW = 0;
  for (let j = 0; j < m; j++) {
    const i = order[j] as number;
    const x = scores[i] as number;
    const wi = w[i] as number;
    if (x - curX >= RESOLUTION) {
      ux[u] = curX;
      uw[u] = curW;
      uy[u] = curY / curW;
      u++;
      curX = x;
      curW = wi;
      curY = (y[i] as number) * wi;
    } else {
      curW += wi;
      curY += (y[i] as number) * wi;
    }
  }
  ux[u] = curX;
  uw[u] = curW;
  uy[u] = curY / curW;
  u++;
  const xs = ux.subarray(0, u);
  const ys = uy.subarray(0, u);
  poolAdjacentViolators(ys, uw.subarray(0, u));
  // Keep the ends and every point whose y differs from a neighbour's (sklearn trim_duplicates).
  const outX: number[] = [];
  const outY: number[] = [];
  for (let j = 0; j < u; j++) {
    const yj = ys[j] as number;
    if (j === 0 || j === u - 1 || yj !== ys[j - 1] || yj !== ys[j + 1]) {
      outX.push(xs[j] as number);
      outY.push(yj);
    }
  }
  return makeCalibrator({ kind: 'isotonic', params: { x: outX, y: outY } });
}
