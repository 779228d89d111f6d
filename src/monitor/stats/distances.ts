/**
 * Distances between two distributions: the 1-Wasserstein distance between two samples
 * (`scipy.stats.wasserstein_distance`), and the Jensen–Shannon (`scipy.spatial.distance.jensenshannon`) and
 * Hellinger distances between two histograms (normalised to sum 1 first).
 */
import { sortSample } from './sort.js';
import { checkCounts, checkSample, invalid } from './validate.js';
import { StatsEmptySampleError } from '../../core/index.js';

/** `∫ |F_u - F_v|` for two ascending samples (no copy). Compensated summation over the merged steps. */
export function wassersteinSorted(u: Float64Array, v: Float64Array): number {
  const nu = u.length;
  const nv = v.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  let comp = 0;
  let prev = Math.min(u[0] as number, v[0] as number);
  while (i < nu || j < nv) {
    // next value of the merged order; the CDFs are constant on [prev, next)
    const va = i < nu ? (u[i] as number) : Infinity;
    const vb = j < nv ? (v[j] as number) : Infinity;
    const next = va <= vb ? va : vb;
    const delta = next - prev;
    if (delta !== 0) {
      const term = Math.abs(i / nu - j / nv) * delta;
      const t = sum + term;
      comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    if (va <= vb) i++;
    else j++;
    prev = next;
  }
  return sum + comp;
}

/** `scipy.stats.wasserstein_distance(a, b)` (unweighted); non-empty, finite samples. */
export function wassersteinDistance(a: Float64Array, b: Float64Array): number {
  checkSample('wasserstein', 'a', a, 1, true);
  checkSample('wasserstein', 'b', b, 1, true);
  return wassersteinSorted(sortSample(a), sortSample(b));
}

function normalised(statistic: string, argument: string, x: ArrayLike<number>): Float64Array {
  const total = checkCounts(statistic, argument, x);
  if (!(total > 0)) throw StatsEmptySampleError({ statistic, argument, size: 0, minimum: 1 });
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) / total;
  return out;
}

function pairOf(statistic: string, p: ArrayLike<number>, q: ArrayLike<number>): [Float64Array, Float64Array] {
  if (p.length !== q.length) invalid(statistic, 'q', `has ${q.length} bins but p has ${p.length}`);
  if (p.length === 0) throw StatsEmptySampleError({ statistic, argument: 'p', size: 0, minimum: 1 });
  return [normalised(statistic, 'p', p), normalised(statistic, 'q', q)];
}

function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/**
 * Jensen–Shannon distance `sqrt((KL(p‖m) + KL(q‖m)) / 2)`, m = (p + q)/2, natural log or `base`
 * (`scipy.spatial.distance.jensenshannon`); in [0, sqrt(ln 2)] (in [0, 1] with base 2).
 */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>, base?: number): number {
  if (base !== undefined && !(base > 0 && base !== 1 && Number.isFinite(base))) {
    invalid('jensen-shannon', 'base', `must be a positive number other than 1, not ${String(base)}`);
  }
  const [pn, qn] = pairOf('jensen-shannon', p, q);
  let left = 0;
  let right = 0;
  for (let i = 0; i < pn.length; i++) {
    const pi = pn[i] as number;
    const qi = qn[i] as number;
    const m = (pi + qi) / 2.0;
    left += relEntr(pi, m);
    right += relEntr(qi, m);
  }
  let js = left + right;
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(Math.max(0, js) / 2.0);
}

/** Hellinger distance `sqrt(1 - Σ sqrt(p_i q_i))` on normalised histograms; in [0, 1]. */
export function hellinger(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const [pn, qn] = pairOf('hellinger', p, q);
  let bc = 0;
  for (let i = 0; i < pn.length; i++) bc += Math.sqrt((pn[i] as number) * (qn[i] as number));
  return Math.sqrt(Math.min(1, Math.max(0, 1 - bc)));
}
