import { ValidationError } from '../../core/index.js';

/**
 * Benjamini–Hochberg adjusted p-values (the false-discovery-rate step-up procedure; what
 * `scipy.stats.false_discovery_control(p, method='bh')` returns): with p sorted ascending, the adjusted value
 * of the i-th smallest (1-based) is min over k ≥ i of p₍ₖ₎·m/k, capped at 1. Returned in the input's order.
 * Rejecting where the adjusted value is below α keeps the expected share of false discoveries at most α.
 * @throws MLP_CORE_VALIDATION when a p-value is not a number in [0, 1].
 */
export function benjaminiHochberg(pValues: ArrayLike<number>): Float64Array {
  const m = pValues.length;
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const p = pValues[i] as number;
    if (!(p >= 0 && p <= 1)) throw ValidationError({ field: `pValues[${i}]`, problem: `${p} is not a p-value in [0, 1]` });
    order[i] = i;
  }
  order.sort((a, b) => (pValues[a] as number) - (pValues[b] as number) || a - b);
  const adjusted = new Float64Array(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1] as number;
    const p = pValues[index] as number;
    // m/rank ≥ 1, but p·m/rank can round below p (0.9·3/3): never adjust a p-value down.
    running = Math.min(running, Math.max(p, (p * m) / rank));
    adjusted[index] = running;
  }
  return adjusted;
}
