import { describe, expect, it } from 'vitest';

import { blend, selectEnsemble } from '../../../src/automl/index.js';

const squaredError = (truth: readonly number[]) => (p: Float64Array) => truth.reduce((s, t, i) => s + (t - (p[i] as number)) ** 2, 0);

describe('selectEnsemble (Caruana, with replacement)', () => {
  it('averages two models whose errors cancel, found by hand', () => {
    // truth 0 everywhere; A errs +1 on row 0, B errs −1 on row 0; C is 0.5 off everywhere.
    const truth = [0, 0, 0];
    const a = { predictions: Float64Array.from([1, 0, 0]) };
    const b = { predictions: Float64Array.from([-1, 0, 0]) };
    const c = { predictions: Float64Array.from([0.5, 0.5, 0.5]) };
    const s = selectEnsemble([c, a, b], squaredError(truth), 10);
    // Step 1 picks C (loss 0.75 < 1); step 2 adds B ((C+B)/2 = [-0.25, 0.25, 0.25], loss 0.1875, ties to the earlier B
    // over A's 0.6875); step 3 adds A ((C+B+A)/3 = [1/6, 1/6, 1/6], loss 1/12); later steps cannot lose that.
    expect(s.loss).toBeLessThan(0.09);
    expect(s.weights.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    expect(blend([c, a, b], s.weights)).toSatisfy((p: Float64Array) => Math.abs(squaredError(truth)(p) - s.loss) < 1e-12);
  });

  it('keeps the single best model when adding others only hurts', () => {
    const truth = [1, 2, 3];
    const best = { predictions: Float64Array.from([1, 2, 3]) };
    const worse = { predictions: Float64Array.from([3, 2, 1]) };
    expect(selectEnsemble([worse, best], squaredError(truth), 20)).toEqual({ weights: [0, 1], loss: 0 });
  });

  it('gives the first of equally good candidates the pick, so a ranked list decides ties', () => {
    const truth = [0, 0];
    const p = { predictions: Float64Array.from([1, 1]) };
    const q = { predictions: Float64Array.from([1, 1]) };
    expect(selectEnsemble([p, q], squaredError(truth), 3).weights).toEqual([1, 0]);
  });
});
