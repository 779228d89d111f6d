/**
 * Maximum mean discrepancy between two multivariate samples (Gretton et al. 2012): Gaussian (RBF) kernel
 * k(x, y) = exp(-‖x - y‖² / (2σ²)) with σ the median of the pairwise Euclidean distances of the pooled sample
 * (median heuristic), the unbiased estimate of MMD², and a permutation p-value (count + 1) / (permutations + 1)
 * from seeded random relabellings of the pooled rows. The pooled kernel matrix is computed once, so the
 * pooled sample is limited to 5,000 rows (subsample first).
 */
import { seededRandom } from '../../core/index.js';
import type { TestResult } from './test-result.js';
import { checkSample, invalid } from './validate.js';
import { StatsEmptySampleError } from '../../core/index.js';

const MAX_ROWS = 5000;

function median(values: Float64Array): number {
  const s = values.slice().sort();
  const n = s.length;
  return n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
}

/** Unbiased MMD² of the rows labelled by `inA` (m of them) against the rest (n), from the pooled kernel K. */
function mmd2(K: Float64Array, N: number, inA: Uint8Array, m: number, n: number): number {
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < N; i++) {
    const ai = inA[i] === 1;
    const row = i * N;
    for (let j = i + 1; j < N; j++) {
      const kij = K[row + j] as number;
      const aj = inA[j] === 1;
      if (ai && aj) saa += kij;
      else if (!ai && !aj) sbb += kij;
      else sab += kij;
    }
  }
  return (2 * saa) / (m * (m - 1)) + (2 * sbb) / (n * (n - 1)) - (2 * sab) / (m * n);
}

/**
 * MMD two-sample test on rows of equal dimension: statistic = unbiased MMD², p-value from `permutations`
 * seeded relabellings, and the kernel bandwidth σ used. Each sample needs at least two rows.
 */
export function mmd(
  a: readonly Float64Array[],
  b: readonly Float64Array[],
  options: { permutations: number; seed: number },
): TestResult & { bandwidth: number } {
  const m = a.length;
  const n = b.length;
  if (m < 2) throw StatsEmptySampleError({ statistic: 'mmd', argument: 'a', size: m, minimum: 2 });
  if (n < 2) throw StatsEmptySampleError({ statistic: 'mmd', argument: 'b', size: n, minimum: 2 });
  const N = m + n;
  if (N > MAX_ROWS) invalid('mmd', 'a, b', `${N} rows in all exceed ${MAX_ROWS}; subsample both samples first`);
  const { permutations, seed } = options;
  if (!Number.isInteger(permutations) || permutations < 1) {
    invalid('mmd', 'options.permutations', `must be an integer >= 1, not ${String(permutations)}`);
  }
  if (!Number.isInteger(seed)) invalid('mmd', 'options.seed', `must be an integer, not ${String(seed)}`);
  const rows = [...a, ...b];
  const dim = (rows[0] as Float64Array).length;
  if (dim === 0) invalid('mmd', 'a[0]', 'rows need at least one value');
  rows.forEach((r, i) => {
    const argument = i < m ? `a[${i}]` : `b[${i - m}]`;
    if (r.length !== dim) invalid('mmd', argument, `has ${r.length} values but rows have ${dim}`);
    checkSample('mmd', argument, r, 1, true);
  });
  const d2 = new Float64Array(N * N);
  const upper = new Float64Array((N * (N - 1)) / 2);
  let q = 0;
  for (let i = 0; i < N; i++) {
    const ri = rows[i] as Float64Array;
    for (let j = i + 1; j < N; j++) {
      const rj = rows[j] as Float64Array;
      let s = 0;
      for (let c = 0; c < dim; c++) s += ((ri[c] as number) - (rj[c] as number)) ** 2;
      d2[i * N + j] = s;
      upper[q++] = Math.sqrt(s);
    }
  }
  let sigma = median(upper);
  if (sigma === 0) {
    // over half the pairs coincide: fall back to the smallest positive distance
    let min = Infinity;
    for (const v of upper) if (v > 0 && v < min) min = v;
    if (min === Infinity) return { statistic: 0, pValue: 1, bandwidth: 0 };
    sigma = min;
  }
  const K = new Float64Array(N * N);
  const inv = 1 / (2 * sigma * sigma);
  for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) K[i * N + j] = Math.exp(-(d2[i * N + j] as number) * inv);
  const labels = new Uint8Array(N);
  labels.fill(1, 0, m);
  const observed = mmd2(K, N, labels, m, n);
  const rand = seededRandom(seed);
  const perm = new Uint8Array(labels);
  let count = 0;
  for (let p = 0; p < permutations; p++) {
    for (let i = N - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = perm[i] as number;
      perm[i] = perm[j] as number;
      perm[j] = t;
    }
    if (mmd2(K, N, perm, m, n) >= observed) count++;
  }
  return { statistic: observed, pValue: (count + 1) / (permutations + 1), bandwidth: sigma };
}
