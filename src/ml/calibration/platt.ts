/**
 * Platt scaling (Platt 2000), fitted like sklearn's `_sigmoid_calibration`: targets smoothed to
 * T₊ = (N₊ + 1)/(N₊ + 2) and T₋ = 1/(N₋ + 2) (N = weighted class counts), then the weighted cross-entropy of
 * P = 1/(1 + exp(a·s + b)) is minimised. sklearn runs BFGS to a gradient of 1e-5; we run Newton's method with
 * backtracking (Lin, Lin & Weng 2007, "A note on Platt's probabilistic outputs") to full convergence, which
 * reaches the same optimum more precisely.
 */
import type { NumericArray } from '../metrics/index.js';
import type { Calibrator } from './calibrator.js';
import { makeCalibrator } from './calibrator.js';
import { checkFitInput } from './fit-input.js';

const MAX_ITER = 100;
const MIN_STEP = 1e-10;
// Tiny ridge on the Hessian only (Lin et al.'s sigma): keeps the Newton step defined when all scores are equal.
const RIDGE = 1e-12;

/** Weighted smoothed cross-entropy at (a, b); stable for any a·s + b. */
function objective(s: NumericArray, t: Float64Array, w: Float64Array, a: number, b: number): number {
  let f = 0;
  for (let i = 0; i < t.length; i++) {
    const z = a * (s[i] as number) + b; // P = 1/(1+e^z)
    const ti = t[i] as number;
    // −[T log P + (1−T) log(1−P)] = T·log(1+e^z) + (1−T)·log(1+e^−z)
    const l = z >= 0 ? ti * z + Math.log1p(Math.exp(-z)) : (ti - 1) * z + Math.log1p(Math.exp(z));
    f += (w[i] as number) * l;
  }
  return f;
}

/**
 * Fits Platt scaling on classifier scores (any real numbers) and 0/1 labels.
 * @returns a calibrator `{ kind: 'platt', params: { a, b } }` with P(1 | s) = 1/(1 + exp(a·s + b)).
 * @throws MLP_ML_METRIC_INPUT on empty input, mismatched lengths, non-finite scores, labels other than 0/1, bad weights.
 */
export function fitPlatt(scores: NumericArray, y: NumericArray, weights?: NumericArray): Calibrator {
  const w = checkFitInput('platt', scores, y, weights);
  const n = scores.length;
  let prior0 = 0;
  let prior1 = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) prior1 += w[i] as number;
    else prior0 += w[i] as number;
  }
  const hi = (prior1 + 1) / (prior1 + 2);
  const lo = 1 / (prior0 + 2);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = y[i] === 1 ? hi : lo;
  let a = 0;
  let b = Math.log((prior0 + 1) / (prior1 + 1));
  let f = objective(scores, t, w, a, b);
  for (let iter = 0; iter < MAX_ITER; iter++) {
    let h11 = RIDGE;
    let h22 = RIDGE;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const s = scores[i] as number;
      const z = a * s + b;
      // p = P(1) = 1/(1+e^z), q = 1 − p, both without overflow
      let p: number;
      let q: number;
      if (z >= 0) {
        const e = Math.exp(-z);
        p = e / (1 + e);
        q = 1 / (1 + e);
      } else {
        const e = Math.exp(z);
        p = 1 / (1 + e);
        q = e / (1 + e);
      }
      const wi = w[i] as number;
      const d2 = wi * p * q;
      h11 += s * s * d2;
      h22 += d2;
      h21 += s * d2;
      const d1 = wi * ((t[i] as number) - p);
      g1 += s * d1;
      g2 += d1;
    }
    const det = h11 * h22 - h21 * h21;
    if (!(det > 0)) break;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    if (gd >= 0) break; // no descent direction left: at the optimum up to rounding
    let step = 1;
    let moved = false;
    while (step >= MIN_STEP) {
      const na = a + step * dA;
      const nb = b + step * dB;
      const nf = objective(scores, t, w, na, nb);
      // Armijo condition; at the optimum the objective only changes by rounding, so a full Newton step whose
      // change is at that level is taken too (Newton converges quadratically there).
      if (nf <= f + 1e-4 * step * gd || (step === 1 && Math.abs(nf - f) <= 1e-13 * Math.abs(f))) {
        moved = na !== a || nb !== b;
        a = na;
        b = nb;
        f = nf;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
    // Converged when the Newton step no longer changes the parameters beyond rounding.
    if (Math.abs(step * dA) <= 1e-15 * (1 + Math.abs(a)) && Math.abs(step * dB) <= 1e-15 * (1 + Math.abs(b))) break;
  }
  return makeCalibrator({ kind: 'platt', params: { a, b } });
}
