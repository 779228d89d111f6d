/**
 * Two-sample Cramér–von Mises test, `scipy.stats.cramervonmises_2samp(a, b, method=mode)` of SciPy 1.10:
 * T from the midranks of each sample in the pooled sample (Anderson 1962, eq. 9–10); exact p-value by the
 * frequency-table recursion of Xiao, Gordon and Yakovlev (2006), asymptotic p-value from the limiting
 * distribution after standardising T (Anderson 1962, eq. 11–15). `auto` is exact when both samples have at
 * most 20 values (SciPy 1.10's rule).
 */
import { cdfCvmInf } from './special/cramer-von-mises.js';
import { sortSample } from './sort.js';
import { gcd, type TestResult } from './test-result.js';
import { checkSample, invalid } from './validate.js';

/** P(U >= u) for sample sizes m, n by enumerating the distribution of the statistic (small samples only). */
function pvalExact(s: number, m: number, n: number): number {
  const lcm = (m * n) / gcd(m, n);
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = Math.floor((lcm ** 2 * (m + n) * (6 * s - mn * (4 * mn - 1))) / (6 * mn ** 2));
  // gs[v]: value -> number of lattice paths reaching (u, v) with that partial sum of (a v - b u)²
  let gs: Map<number, number>[] = [new Map([[0, 1]])];
  for (let v = 0; v < m; v++) gs.push(new Map());
  for (let u = 0; u <= n; u++) {
    const next: Map<number, number>[] = [];
    let tmp = new Map<number, number>();
    for (let v = 0; v <= m; v++) {
      const g = gs[v] as Map<number, number>;
      const merged = new Map<number, number>(tmp);
      for (const [val, f] of g) merged.set(val, (merged.get(val) ?? 0) + f);
      const add = (a * v - b * u) ** 2;
      tmp = new Map();
      for (const [val, f] of merged) tmp.set(val + add, f);
      next.push(tmp);
    }
    gs = next;
  }
  let count = 0;
  for (const [val, f] of gs[m] as Map<number, number>) if (val >= zeta) count += f;
  let comb = 1;
  for (let i = 1; i <= m; i++) comb = (comb * (n + i)) / i;
  return count / Math.round(comb);
}

/**
 * `scipy.stats.cramervonmises_2samp(a, b, method=mode)`: statistic T, p-value and the method used. Each sample
 * needs at least two values.
 */
export function cramerVonMises2Samp(
  a: Float64Array,
  b: Float64Array,
  mode: 'auto' | 'exact' | 'asymptotic' = 'auto',
): TestResult & { mode: 'exact' | 'asymptotic' } {
  checkSample('cramer-von-mises', 'a', a, 2);
  checkSample('cramer-von-mises', 'b', b, 2);
  if (mode !== 'auto' && mode !== 'exact' && mode !== 'asymptotic') {
    invalid('cramer-von-mises', 'mode', `must be auto, exact or asymptotic, not ${String(mode)}`);
  }
  const xa = sortSample(a);
  const ya = sortSample(b);
  const nx = xa.length;
  const ny = ya.length;
  const method = mode === 'auto' ? (Math.max(nx, ny) > 20 ? 'asymptotic' : 'exact') : mode;
  // midranks in the pooled sample; U = nx Σ (r_i - i)² + ny Σ (s_j - j)²
  let i = 0;
  let j = 0;
  let sx = 0;
  let sy = 0;
  while (i < nx || j < ny) {
    const va = i < nx ? (xa[i] as number) : Infinity;
    const vb = j < ny ? (ya[j] as number) : Infinity;
    const v = va <= vb ? va : vb;
    let ci = 0;
    let cj = 0;
    while (i + ci < nx && (xa[i + ci] as number) === v) ci++;
    while (j + cj < ny && (ya[j + cj] as number) === v) cj++;
    const rank = i + j + (ci + cj + 1) / 2;
    for (let q = 0; q < ci; q++) sx += (rank - (i + q + 1)) ** 2;
    for (let q = 0; q < cj; q++) sy += (rank - (j + q + 1)) ** 2;
    i += ci;
    j += cj;
  }
  const u = nx * sx + ny * sy;
  const k = nx * ny;
  const N = nx + ny;
  const t = u / (k * N) - (4 * k - 1) / (6 * N);
  let p: number;
  if (method === 'exact') {
    p = pvalExact(u, nx, ny);
  } else {
    const et = (1 + 1 / N) / 6;
    let vt = (N + 1) * (4 * k * N - 3 * (nx ** 2 + ny ** 2) - 2 * k);
    vt = vt / (45 * N ** 2 * 4 * k);
    const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
    p = tn < 0.003 ? 1.0 : Math.max(0, 1 - cdfCvmInf(tn));
  }
  return { statistic: t, pValue: p, mode: method };
}
