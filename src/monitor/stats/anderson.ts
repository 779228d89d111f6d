/**
 * Anderson–Darling k-sample test, `scipy.stats.anderson_ksamp(samples)` of SciPy 1.10 (midrank version, A²akN of
 * Scholz and Stephens 1987, eq. 7, standardised). Its p-value is SciPy's: a quadratic least-squares fit of
 * log(significance) against the Table 2 critical values for k - 1 degrees of freedom, evaluated at the
 * statistic, and capped to [0.001, 0.25] outside the table (SciPy warns; here `pValueCapped` is true).
 */
import { sortSample } from './sort.js';
import type { TestResult } from './test-result.js';
import { checkSample, invalid } from './validate.js';
import { StatsEmptySampleError } from '../../core/index.js';

const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
const SIG = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];

/** Least-squares quadratic through (x, y) as numpy.polyfit(x, y, 2): columns scaled to unit norm, Householder QR. */
function polyfit2(x: readonly number[], y: readonly number[]): [number, number, number] {
  const m = x.length;
  const cols = 3;
  const A = new Float64Array(m * cols);
  for (let i = 0; i < m; i++) {
    const xi = x[i] as number;
    A[i * cols] = xi * xi;
    A[i * cols + 1] = xi;
    A[i * cols + 2] = 1;
  }
  const scale = [0, 0, 0];
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += (A[i * cols + c] as number) ** 2;
    scale[c] = Math.sqrt(s);
    for (let i = 0; i < m; i++) A[i * cols + c] = (A[i * cols + c] as number) / (scale[c] as number);
  }
  const b = Float64Array.from(y);
  for (let c = 0; c < cols; c++) {
    let norm = 0;
    for (let i = c; i < m; i++) norm += (A[i * cols + c] as number) ** 2;
    norm = Math.sqrt(norm);
    const alpha = (A[c * cols + c] as number) > 0 ? -norm : norm;
    const v = new Float64Array(m);
    for (let i = c; i < m; i++) v[i] = A[i * cols + c] as number;
    v[c] = (v[c] as number) - alpha;
    let vv = 0;
    for (let i = c; i < m; i++) vv += (v[i] as number) ** 2;
    if (vv === 0) continue;
    for (let cc = c; cc < cols; cc++) {
      let dot = 0;
      for (let i = c; i < m; i++) dot += (v[i] as number) * (A[i * cols + cc] as number);
      const f = (2 * dot) / vv;
      for (let i = c; i < m; i++) A[i * cols + cc] = (A[i * cols + cc] as number) - f * (v[i] as number);
    }
    let dot = 0;
    for (let i = c; i < m; i++) dot += (v[i] as number) * (b[i] as number);
    const f = (2 * dot) / vv;
    for (let i = c; i < m; i++) b[i] = (b[i] as number) - f * (v[i] as number);
  }
  const coef = [0, 0, 0];
  for (let c = cols - 1; c >= 0; c--) {
    let s = b[c] as number;
    for (let cc = c + 1; cc < cols; cc++) s -= (A[c * cols + cc] as number) * (coef[cc] as number);
    coef[c] = s / (A[c * cols + c] as number);
  }
  return [
    (coef[0] as number) / (scale[0] as number),
    (coef[1] as number) / (scale[1] as number),
    (coef[2] as number) / (scale[2] as number),
  ];
}

/** A²akN (midranks) of ascending samples whose pooled ascending values are `z`. */
function a2akN(sorted: readonly Float64Array[], z: Float64Array): number {
  const N = z.length;
  // distinct pooled values: left position and multiplicity
  const starts: number[] = [];
  const mult: number[] = [];
  for (let i = 0; i < N;) {
    let j = i + 1;
    while (j < N && (z[j] as number) === (z[i] as number)) j++;
    starts.push(i);
    mult.push(j - i);
    i = j;
  }
  const L = starts.length;
  let total = 0;
  for (const s of sorted) {
    const ni = s.length;
    let pos = 0;
    let inner = 0;
    for (let q = 0; q < L; q++) {
      const zv = z[starts[q] as number] as number;
      const lj = mult[q] as number;
      const left = pos;
      while (pos < ni && (s[pos] as number) <= zv) pos++;
      // entries of s below zv were consumed earlier, so [left, pos) holds the ones equal to zv
      const fij = pos - left;
      const Mij = pos - fij / 2;
      const Bj = (starts[q] as number) + lj / 2;
      inner += ((lj / N) * (N * Mij - Bj * ni) ** 2) / (Bj * (N - Bj) - (N * lj) / 4);
    }
    total += inner / ni;
  }
  return (total * (N - 1)) / N;
}

/**
 * `scipy.stats.anderson_ksamp(samples)` (midrank): standardised statistic, the critical values for
 * significance 25%, 10%, 5%, 2.5%, 1%, 0.5%, 0.1%, and the interpolated p-value. Needs at least two non-empty
 * samples, at least two distinct values and four values in all.
 */
export function andersonKSamp(samples: readonly Float64Array[]): TestResult & { criticalValues: number[]; pValueCapped: boolean } {
  const k = samples.length;
  if (k < 2) throw StatsEmptySampleError({ statistic: 'anderson-darling', argument: 'samples', size: k, minimum: 2 });
  samples.forEach((s, i) => checkSample('anderson-darling', `samples[${i}]`, s, 1));
  const sorted = samples.map((s) => sortSample(s));
  let N = 0;
  for (const s of sorted) N += s.length;
  if (N < 4) throw StatsEmptySampleError({ statistic: 'anderson-darling', argument: 'samples (all together)', size: N, minimum: 4 });
  const z = new Float64Array(N);
  let off = 0;
  for (const s of sorted) {
    z.set(s, off);
    off += s.length;
  }
  z.sort();
  if ((z[0] as number) === (z[N - 1] as number)) invalid('anderson-darling', 'samples', 'need at least two distinct values');
  const A2kN = a2akN(sorted, z);
  let H = 0;
  for (const s of sorted) H += 1 / s.length;
  // h = Σ_{i=1}^{N-1} 1/i, g = Σ_{i=1}^{N-2} Σ_{j=i+1}^{N-1} 1/((N-i) j), via SciPy's cumulative sums
  let cs = 0;
  let g = 0;
  for (let t = 0; t < N - 2; t++) {
    cs += 1 / (N - 1 - t);
    g += cs / (t + 2);
  }
  const h = cs + 1;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k ** 2 - 4 * h * k;
  const sigmasq = (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1.0) * (N - 2.0) * (N - 3.0));
  const m = k - 1;
  const A2 = (A2kN - m) / Math.sqrt(sigmasq);
  const critical = B0.map((b0, i) => b0 + (B1[i] as number) / Math.sqrt(m) + (B2[i] as number) / m);
  const cmin = Math.min(...critical);
  const cmax = Math.max(...critical);
  let p: number;
  let capped = false;
  if (A2 < cmin) {
    p = 0.25;
    capped = true;
  } else if (A2 > cmax) {
    p = 0.001;
    capped = true;
  } else {
    const [c2, c1, c0] = polyfit2(critical, SIG.map(Math.log));
    p = Math.exp((c2 * A2 + c1) * A2 + c0);
  }
  return { statistic: A2, pValue: p, criticalValues: critical, pValueCapped: capped };
}
