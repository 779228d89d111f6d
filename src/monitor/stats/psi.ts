/**
 * Population stability index on quantile bins of the reference, as ../shared/peers/engine_anchors.py defines it:
 * edges = numpy.quantile(reference, [1/b, …, (b-1)/b]) (linear), bin of x = numpy.searchsorted(edges, x,
 * side='right'), p = count / n floored at 1e-6, PSI = Σ (p_cur - p_ref) ln(p_cur / p_ref).
 */
import { checkCounts, checkSample, invalid } from './validate.js';
import { StatsEmptySampleError } from '../../core/index.js';

/** `numpy.quantile(ref, [1/b, …, (b-1)/b])` (method 'linear') of an ascending, non-empty sample. */
export function quantileEdges(sortedReference: Float64Array, bins: number): Float64Array {
  if (!Number.isInteger(bins) || bins < 1) invalid('quantile-edges', 'bins', `must be an integer >= 1, not ${String(bins)}`);
  checkSample('quantile-edges', 'sortedReference', sortedReference, 1);
  const n = sortedReference.length;
  const edges = new Float64Array(bins - 1);
  for (let k = 1; k < bins; k++) {
    const q = k / bins;
    const index = (n - 1) * q;
    let lo = Math.floor(index);
    let hi = lo + 1;
    if (index >= n - 1) lo = hi = n - 1;
    const a = sortedReference[lo] as number;
    const b = sortedReference[hi] as number;
    const t = index - Math.floor(index);
    // numpy's _lerp: from the nearer end, so the result stays inside [a, b]
    const diff = b - a;
    edges[k - 1] = t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }
  return edges;
}

/** Counts per bin of `numpy.searchsorted(edges, x, side='right')`: length `edges.length + 1`. */
export function binCounts(values: Float64Array, edges: Float64Array): Float64Array {
  const nb = edges.length;
  const counts = new Float64Array(nb + 1);
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (Number.isNaN(x)) invalid('bin-counts', `values[${i}]`, 'is NaN; drop missing values first');
    // number of edges <= x
    let lo = 0;
    let hi = nb;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((edges[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    counts[lo] = (counts[lo] as number) + 1;
  }
  return counts;
}

/** Bin counts of an ascending sample by one merge pass (same result as `binCounts`). */
export function binCountsSorted(sortedValues: Float64Array, edges: Float64Array): Float64Array {
  const nb = edges.length;
  const counts = new Float64Array(nb + 1);
  let start = 0;
  for (let e = 0; e < nb; e++) {
    const edge = edges[e] as number;
    // first index whose value is >= edge goes to a later bin (side='right': x == edge is past it)
    let lo = start;
    let hi = sortedValues.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sortedValues[mid] as number) < edge) lo = mid + 1;
      else hi = mid;
    }
    counts[e] = lo - start;
    start = lo;
  }
  counts[nb] = sortedValues.length - start;
  return counts;
}

/**
 * PSI from bin counts of the reference and the current sample (same bins): proportions floored at `floor`
 * (default 1e-6). Non-negative; 0 for identical proportions.
 */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>, floor = 1e-6): number {
  if (reference.length !== current.length) invalid('psi', 'current', `has ${current.length} bins but reference has ${reference.length}`);
  if (!(floor > 0 && floor < 1)) invalid('psi', 'floor', `must be in (0, 1), not ${String(floor)}`);
  const nr = checkCounts('psi', 'reference', reference);
  const nc = checkCounts('psi', 'current', current);
  if (!(nr > 0)) throw StatsEmptySampleError({ statistic: 'psi', argument: 'reference', size: 0, minimum: 1 });
  if (!(nc > 0)) throw StatsEmptySampleError({ statistic: 'psi', argument: 'current', size: 0, minimum: 1 });
  let s = 0;
  for (let i = 0; i < reference.length; i++) {
    const pr = Math.max((reference[i] as number) / nr, floor);
    const pc = Math.max((current[i] as number) / nc, floor);
    s += (pc - pr) * Math.log(pc / pr);
  }
  return s;
}
