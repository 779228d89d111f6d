import { describe, expect, it } from 'vitest';

import { minimizeLbfgs } from '../../../../src/ml/optim/lbfgs.js';

describe('minimizeLbfgs', () => {
  it('finds the minimum (1, 1) of the Rosenbrock function', () => {
    const r = minimizeLbfgs(
      (x, g) => {
        const a = x[0] as number;
        const b = x[1] as number;
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.of(-1.2, 1),
      { gtol: 1e-10, maxIter: 500 },
    );
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 7);
    expect(r.x[1]).toBeCloseTo(1, 7);
  });

  it('solves a positive-definite quadratic ½xᵀAx − bᵀx (A x = b, solved by hand)', () => {
    const A = [
      [4, 1, 0],
      [1, 3, 1],
      [0, 1, 2],
    ];
    const b = [1, 2, 3];
    // A⁻¹ = adj(A)/det, adj(A) = [[5,-2,1],[-2,8,-4],[1,-4,11]], det = 18.
    const expected = [(5 * 1 - 2 * 2 + 1 * 3) / 18, (-2 * 1 + 8 * 2 - 4 * 3) / 18, (1 * 1 - 4 * 2 + 11 * 3) / 18];
    const r = minimizeLbfgs(
      (x, g) => {
        let f = 0;
        for (let i = 0; i < 3; i++) {
          let ax = 0;
          for (let j = 0; j < 3; j++) ax += (A[i]?.[j] as number) * (x[j] as number);
          g[i] = ax - (b[i] as number);
          f += 0.5 * (x[i] as number) * ax - (b[i] as number) * (x[i] as number);
        }
        return f;
      },
      new Float64Array(3),
      { gtol: 1e-12 },
    );
    for (let i = 0; i < 3; i++) expect(r.x[i]).toBeCloseTo(expected[i] as number, 10);
  });

  it('OWL-QN gives the soft-thresholding solution of ½(x − a)² + λ|x|, leaving λ = 0 coordinates free', () => {
    const a = Float64Array.of(3, -0.5, 0.2, -4, 1);
    const l1 = Float64Array.of(1, 1, 0.5, 2, 0);
    const r = minimizeLbfgs(
      (x, g) => {
        let f = 0;
        for (let i = 0; i < a.length; i++) {
          const d = (x[i] as number) - (a[i] as number);
          g[i] = d;
          f += 0.5 * d * d;
        }
        return f;
      },
      new Float64Array(a.length),
      { l1, gtol: 1e-12 },
    );
    const expected = [2, 0, 0, -2, 1];
    for (let i = 0; i < a.length; i++) expect(r.x[i]).toBeCloseTo(expected[i] as number, 10);
    expect(r.x[1]).toBe(0); // exactly zero, not just small
    expect(r.x[2]).toBe(0);
    expect(r.value).toBeCloseTo(0.5 * (1 + 0.25 + 0.04 + 4) + (1 * 2 + 2 * 2), 10);
  });

  it('stops at maxIter without claiming convergence, and honours an aborted signal', () => {
    const f = (x: Float64Array, g: Float64Array): number => {
      const a = x[0] as number;
      const b = x[1] as number;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const r = minimizeLbfgs(f, Float64Array.of(-1.2, 1), { maxIter: 3 });
    expect(r.iterations).toBe(3);
    expect(r.converged).toBe(false);
    const controller = new AbortController();
    controller.abort(new RangeError('stop'));
    expect(() => minimizeLbfgs(f, Float64Array.of(-1.2, 1), { signal: controller.signal })).toThrow('stop');
  });
});
