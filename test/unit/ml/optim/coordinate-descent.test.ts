import { describe, expect, it } from 'vitest';

import { elasticNetCoordinateDescent } from '../../../../src/ml/optim/coordinate-descent.js';
import { minimizeLbfgs } from '../../../../src/ml/optim/lbfgs.js';
import { testRandom } from '../../../fixtures/ml/linear/state-bytes.js';

describe('elasticNetCoordinateDescent', () => {
  it('one column: b = S(⟨z,y⟩_w/W, αρ) / (‖z‖²_w/W + α(1−ρ))', () => {
    const z = Float64Array.of(1, -1, 2, 0);
    const y = Float64Array.of(2, -1, 5, 1);
    const w = Float64Array.of(1, 2, 1, 1);
    // W = 5; ⟨z,y⟩_w = 2 + 2 + 10 + 0 = 14 → 2.8; ‖z‖²_w = 1 + 2 + 4 = 7 → 1.4
    const alpha = 0.5;
    const l1Ratio = 0.4;
    const expected = (2.8 - alpha * l1Ratio) / (1.4 + alpha * (1 - l1Ratio));
    const r = elasticNetCoordinateDescent({ columns: [z], y, weights: w, alpha, l1Ratio });
    expect(r.coef[0]).toBeCloseTo(expected, 14);
    // Strong L1 sets it exactly to 0.
    expect(elasticNetCoordinateDescent({ columns: [z], y, weights: w, alpha: 10, l1Ratio: 1 }).coef[0]).toBe(0);
  });

  it('agrees with OWL-QN on the same random elastic-net problem (two independent solvers)', () => {
    const rnd = testRandom(3);
    const n = 50;
    const p = 6;
    const columns = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rnd() * 2 - 1));
    const y = Float64Array.from({ length: n }, (_, i) => 2 * (columns[0]?.[i] as number) - (columns[3]?.[i] as number) + 0.1 * rnd());
    const weights = Float64Array.from({ length: n }, () => 0.5 + rnd());
    const alpha = 0.05;
    const l1Ratio = 0.7;
    const l1Factor = Float64Array.of(1, 2, 1, 0.5, 1, 1);
    const cd = elasticNetCoordinateDescent({ columns, y, weights, alpha, l1Ratio, l1Factor }, { tol: 1e-13, maxIter: 100_000 });
    expect(cd.converged).toBe(true);
    let W = 0;
    for (const v of weights) W += v;
    const resid = new Float64Array(n);
    const qn = minimizeLbfgs(
      (b, g) => {
        for (let i = 0; i < n; i++) {
          let s = y[i] as number;
          for (let j = 0; j < p; j++) s -= (columns[j]?.[i] as number) * (b[j] as number);
          resid[i] = s;
        }
        let f = 0;
        for (let i = 0; i < n; i++) f += ((weights[i] as number) * (resid[i] as number) ** 2) / (2 * W);
        for (let j = 0; j < p; j++) {
          let gj = 0;
          for (let i = 0; i < n; i++) gj -= ((weights[i] as number) * (resid[i] as number) * (columns[j]?.[i] as number)) / W;
          g[j] = gj + alpha * (1 - l1Ratio) * (b[j] as number);
          f += 0.5 * alpha * (1 - l1Ratio) * (b[j] as number) ** 2;
        }
        return f;
      },
      new Float64Array(p),
      { l1: Float64Array.from(l1Factor, (v) => alpha * l1Ratio * v), gtol: 1e-12, maxIter: 10_000 },
    );
    // OWL-QN stops once the objective is flat to ~1e-14 relative, i.e. coefficients to ~1e-8.
    for (let j = 0; j < p; j++) expect(cd.coef[j]).toBeCloseTo(qn.x[j] as number, 7);
    expect(cd.coef.filter((v) => v === 0).length).toBeGreaterThan(0); // L1 produced exact zeros
  });

  it('keeps coefficient 0 for an all-zero column without an L2 term', () => {
    const r = elasticNetCoordinateDescent({
      columns: [new Float64Array(3), Float64Array.of(1, 2, 3)],
      y: Float64Array.of(2, 4, 6),
      weights: Float64Array.of(1, 1, 1),
      alpha: 0,
      l1Ratio: 1,
    });
    expect(r.coef[0]).toBe(0);
    expect(r.coef[1]).toBeCloseTo(2, 14);
  });
});
