/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, exactly as `scipy.stats.ks_2samp(a, b, method=mode)` of
 * SciPy 1.10: the statistic is the largest gap between the two empirical CDFs evaluated at every observation
 * (same floating-point operations as SciPy's searchsorted formulation); the exact p-value counts lattice paths
 * (Hodges 1958; the "inside" recursion for 1 - p of Viehmann 2021 for unequal sizes, the reflection series
 * for equal ones); the asymptotic one is the one-sample two-sided distribution at n = round(n1 n2 / (n1 + n2)).
 * `auto` is exact when both sizes are <= 10,000; an exact attempt that fails numerically falls back to the
 * asymptotic p-value as SciPy does.
 */
import { kstwoSf } from './special/kolmogorov.js';
import { sortSample } from './sort.js';
import { gcd, roundHalfEven, type TestResult } from './test-result.js';
import { checkSample, invalid } from './validate.js';

const MAX_AUTO_N = 10000;
const INT32_MAX = 2147483647;

/** KS result: statistic, p-value and the method that produced the p-value. */
export type KsResult = TestResult & { mode: 'exact' | 'asymp' };

/** Largest ECDF gap `max |F_a - F_b|` of two ascending samples (SciPy's definition, ties included). */
export function ksStatisticSorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = 0;
  let minS = 0;
  // Once one sample is used up the gap only moves back towards 0 (it was largest when that happened, and that
  // point was evaluated), so only the stretch where both samples remain needs a look.
  while (i < n1 && j < n2) {
    const va = a[i] as number;
    const vb = b[j] as number;
    const v = va <= vb ? va : vb;
    while (i < n1 && (a[i] as number) === v) i++;
    while (j < n2 && (b[j] as number) === v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    else if (diff < minS) minS = diff;
  }
  const lower = Math.min(Math.max(-minS, 0), 1);
  return lower > maxS ? lower : maxS;
}

/** Pr(D_{n,n} >= h/n) for equal sizes: reflection series in Horner form (SciPy's `_compute_prob_outside_square`). */
function probOutsideSquare(n: number, h: number): number {
  let P = 0.0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1.0;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1.0 - P);
  }
  return 2 * P;
}

/** 1 - (share of lattice paths staying strictly inside |x/m - y/n| < h/lcm), by columns with a sliding window. */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let q = minj; q < maxj; q++) A[q] = 0.0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
    minj = Math.min(minj, n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1.0;
    let val = minj === 0 ? 0.0 : 1.0;
    const off = minj - lastminj;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((A[jj + off] as number) * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, Math.min(lenA, maxj - minj + (lastlen - curlen)));
  }
  return A[maxj - minj - 1] as number;
}

/** The two-sided KS test on two samples that are already sorted ascending (no copy is made). */
export function ks2SampSorted(a: Float64Array, b: Float64Array, mode: 'auto' | 'exact' | 'asymp' = 'auto'): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  let d = ksStatisticSorted(a, b);
  const g = gcd(n1, n2);
  const n1g = n1 / g;
  const n2g = n2 / g;
  let method: 'exact' | 'asymp';
  if (mode === 'auto') method = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp';
  else if (mode === 'exact') method = n1g >= INT32_MAX / n2g ? 'asymp' : 'exact';
  else method = 'asymp';
  let prob = NaN;
  if (method === 'exact') {
    const lcm = n1g * n2;
    const h = roundHalfEven(d * lcm);
    d = (h * 1.0) / lcm;
    if (h === 0) prob = 1.0;
    else prob = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
    if (!(prob >= 0 && prob <= 1)) method = 'asymp';
  }
  if (method === 'asymp') {
    const m = Math.max(n1, n2);
    const n = Math.min(n1, n2);
    const en = (m * n) / (m + n);
    prob = kstwoSf(d, roundHalfEven(en));
  }
  return { statistic: d, pValue: Math.min(Math.max(prob, 0), 1), mode: method };
}

/**
 * `scipy.stats.ks_2samp(a, b, alternative='two-sided', method=mode)`. Throws `MLP_MONITOR_STATS_EMPTY_SAMPLE`
 * for an empty sample and `MLP_MONITOR_STATS_NOT_FINITE` for NaN.
 */
export function ks2Samp(a: Float64Array, b: Float64Array, mode: 'auto' | 'exact' | 'asymp' = 'auto'): KsResult {
  checkSample('ks', 'a', a, 1);
  checkSample('ks', 'b', b, 1);
  if (mode !== 'auto' && mode !== 'exact' && mode !== 'asymp') invalid('ks', 'mode', `must be auto, exact or asymp, not ${String(mode)}`);
  return ks2SampSorted(sortSample(a), sortSample(b), mode);
}
