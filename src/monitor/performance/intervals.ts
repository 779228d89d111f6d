/**
 * Closed-form confidence intervals: the Wilson score interval for a proportion (accuracy, error rate) and
 * DeLong's variance of a binary ROC AUC (the fast midrank form of Sun & Xu, 2014), with the normal quantile
 * they need (Wichura's AS 241, accurate to about 1e-16).
 */
import { PerformanceInputError } from '../../core/index.js';
import { checkConfidence } from './inputs.js';

function poly(c: readonly number[], x: number): number {
  let r = 0;
  for (let i = c.length - 1; i >= 0; i--) r = r * x + (c[i] as number);
  return r;
}

const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987, 67265.7709270087, 33430.57558358813,
  2509.0809287301227,
];
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271, 28729.085735721943, 5226.495278852546,
];
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684, 0.2417807251774506,
  0.022723844989269184, 0.0007745450142783414,
];
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457, 0.0005475938084995345,
  1.0507500716444169e-9,
];
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124, 0.0012426609473880784,
  2.7115555687434876e-5, 2.0103343992922881e-7,
];
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133, 1.8463183175100548e-5, 1.421511758316446e-7,
  2.0442631033899397e-15,
];

/**
 * The standard normal quantile Φ⁻¹(p) (scipy `norm.ppf`) for p in (0, 1).
 * @throws MLP_MONITOR_PERF_INPUT when p is outside (0, 1).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw PerformanceInputError({ field: 'p', problem: `is ${String(p)}; expected a probability in (0, 1)` });
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = poly(C, r) / poly(D, r);
  } else {
    r -= 5;
    x = poly(E, r) / poly(F, r);
  }
  return q < 0 ? -x : x;
}

/** A two-sided interval. */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/**
 * Wilson score interval for a binomial proportion: successes out of n at the given two-sided confidence
 * (centre (p̂ + z²/2n)/(1 + z²/n), half-width z·√(p̂(1−p̂)/n + z²/4n²)/(1 + z²/n)). Unlike the Wald interval it
 * stays inside [0, 1] and is not degenerate at p̂ = 0 or 1.
 * @throws MLP_MONITOR_PERF_INPUT when n < 1, successes is not an integer in 0..n, or confidence is not in (0, 1).
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  checkConfidence(confidence);
  if (!(Number.isInteger(n) && n >= 1)) throw PerformanceInputError({ field: 'n', problem: `is ${String(n)}; expected an integer >= 1` });
  if (!(Number.isInteger(successes) && successes >= 0 && successes <= n)) {
    throw PerformanceInputError({ field: 'successes', problem: `is ${String(successes)}; expected an integer in 0..${n}` });
  }
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const denom = 1 + z2n;
  const centre = (p + z2n / 2) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / denom;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** Midranks (1-based, ties share their mean rank) of `values[order[·]]`. */
function midranks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    const v = values[order[i] as number] as number;
    while (j < n && values[order[j] as number] === v) j++;
    const r = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) ranks[order[t] as number] = r;
    i = j;
  }
  return ranks;
}

/** DeLong's estimate of a binary ROC AUC and its variance. */
export interface DelongResult {
  readonly auc: number;
  /** Var(AUC) = S₁₀/m + S₀₁/n (structural components, sample variances with ddof = 1); NaN when m < 2 or n < 2. */
  readonly variance: number;
  readonly positives: number;
  readonly negatives: number;
}

/**
 * DeLong, DeLong & Clarke-Pearson (1988) AUC variance, computed with midranks (Sun & Xu 2014) in O(N log N).
 * `positive[i]` is 1 for class 1. Ties count one half, so `auc` equals the trapezoidal ROC AUC.
 * @throws MLP_MONITOR_PERF_INPUT when lengths differ or a class is absent.
 */
export function delongAuc(positive: Uint8Array, score: Float64Array): DelongResult {
  if (positive.length !== score.length) {
    throw PerformanceInputError({ field: 'score', problem: `has ${score.length} entries, expected ${positive.length}` });
  }
  let m = 0;
  for (let i = 0; i < positive.length; i++) m += positive[i] === 1 ? 1 : 0;
  const n = positive.length - m;
  if (m === 0 || n === 0) throw PerformanceInputError({ field: 'yTrue', problem: 'needs both classes for a ROC AUC' });
  const xs = new Float64Array(m);
  const ys = new Float64Array(n);
  for (let i = 0, a = 0, b = 0; i < positive.length; i++) {
    if (positive[i] === 1) xs[a++] = score[i] as number;
    else ys[b++] = score[i] as number;
  }
  const all = new Float64Array(m + n);
  all.set(xs, 0);
  all.set(ys, m);
  const tz = midranks(all);
  const tx = midranks(xs);
  const ty = midranks(ys);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let auc = 0;
  for (let i = 0; i < m; i++) {
    v10[i] = ((tz[i] as number) - (tx[i] as number)) / n;
    auc += v10[i] as number;
  }
  auc /= m;
  for (let j = 0; j < n; j++) v01[j] = 1 - ((tz[m + j] as number) - (ty[j] as number)) / m;
  const sampleVar = (v: Float64Array, mean: number): number => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += ((v[i] as number) - mean) ** 2;
    return s / (v.length - 1);
  };
  const variance = m < 2 || n < 2 ? Number.NaN : sampleVar(v10, auc) / m + sampleVar(v01, auc) / n;
  return { auc, variance, positives: m, negatives: n };
}
