/** Input checks shared by the calibrator fitters. */
import { MetricInputError } from '../../core/index.js';
import type { NumericArray } from '../metrics/index.js';

/** Checks scores (finite), y (0/1, same length) and weights (finite, ≥ 0, positive total); returns the weights. */
export function checkFitInput(kind: string, scores: NumericArray, y: NumericArray, weights?: NumericArray): Float64Array {
  const metric = `${kind} calibrator`;
  const fail = (argument: string, problem: string): Error => MetricInputError({ metric, argument, problem });
  const n = scores.length;
  if (n === 0) throw fail('scores', 'is empty; fit on at least one sample');
  if (y.length !== n) throw fail('y', `has ${y.length} entries but scores has ${n}; pass one label per score`);
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    if (!Number.isFinite(s)) throw fail('scores', `entry ${i} is ${String(s)}; scores must be finite numbers`);
    const t = y[i] as number;
    if (t !== 0 && t !== 1) throw fail('y', `entry ${i} is ${String(t)}; labels must be 0 or 1`);
  }
  const w = new Float64Array(n);
  if (weights === undefined) return w.fill(1);
  if (weights.length !== n) throw fail('weights', `has ${weights.length} entries but scores has ${n}; pass one weight per score`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = weights[i] as number;
    if (!Number.isFinite(v) || v < 0) throw fail('weights', `entry ${i} is ${String(v)}; weights must be finite and >= 0`);
    w[i] = v;
    total += v;
  }
  if (!(total > 0)) throw fail('weights', 'all weights are zero; at least one sample must carry weight');
  return w;
}
