import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../../../../src/ml/matrix.js';
import { trainGbdt } from '../../../../src/ml/gbdt/index.js';

const col = (values: number[]): number[][] => values.map((v) => [v]);

describe('gbdt on hand-checkable data', () => {
  it('fits a step function with XGBoost leaf weights -G/(H+lambda)', () => {
    const x = matrixFromRows(col([0, 1, 2, 3, 4, 5]));
    const y = Float64Array.from([0, 0, 0, 10, 10, 10]);
    // base 0, eta 1, one split: left G = 0 → 0; right G = -30, H = 3 → 30 / (3 + 1) = 7.5
    const m = trainGbdt({ x, y }, { numRounds: 1, maxDepth: 1, learningRate: 1, lambda: 1, baseScore: 0 });
    expect(Array.from(m.predict(x))).toEqual([0, 0, 0, 7.5, 7.5, 7.5]);
    const t = m.trees[0];
    expect(t?.feature[0]).toBe(0);
    expect(t?.threshold[0]).toBe(2.5); // midpoint between the distinct values 2 and 3
    // mean base 5: left G = 15 → -15/4, right G = -15 → +15/4
    const m2 = trainGbdt({ x, y }, { numRounds: 1, maxDepth: 1, learningRate: 1, lambda: 1 });
    expect(Array.from(m2.predict(x))).toEqual([1.25, 1.25, 1.25, 8.75, 8.75, 8.75]);
  });

  it('applies the L1 penalty by soft-thresholding the gradient sum', () => {
    const x = matrixFromRows(col([0, 1, 2, 3, 4, 5]));
    const y = Float64Array.from([0, 0, 0, 10, 10, 10]);
    // right leaf: T(-30, alpha 6) = -24 → 24 / (3 + 1) = 6
    const m = trainGbdt({ x, y }, { numRounds: 1, maxDepth: 1, learningRate: 1, lambda: 1, alpha: 6, baseScore: 0 });
    expect(Array.from(m.predict(x))).toEqual([0, 0, 0, 6, 6, 6]);
  });

  it('scales every leaf by the learning rate', () => {
    const x = matrixFromRows(col([0, 1, 2, 3, 4, 5]));
    const y = Float64Array.from([0, 0, 0, 10, 10, 10]);
    const m = trainGbdt({ x, y }, { numRounds: 1, maxDepth: 1, learningRate: 0.1, lambda: 1, baseScore: 0 });
    expect(m.predict(x)[5]).toBeCloseTo(0.75, 15);
  });

  it('learns the default direction of missing values from the gradients', () => {
    const y = Float64Array.from([0, 0, 10, 10, 10, 10]);
    const highMissing = matrixFromRows(col([1, 2, 3, 4, NaN, NaN]));
    const m = trainGbdt({ x: highMissing, y }, { numRounds: 1, maxDepth: 1, learningRate: 1, lambda: 0, baseScore: 0 });
    expect(m.trees[0]?.defaultLeft[0]).toBe(0);
    expect(m.predictRow([NaN])).toBe(10);
    expect(m.predictRow([1])).toBe(0);
    // missing rows belong with the low values: only "missing left" separates the groups perfectly
    const lowMissing = matrixFromRows(col([NaN, NaN, 1, 2, 5, 6]));
    const m2 = trainGbdt(
      { x: lowMissing, y: Float64Array.from([0, 0, 0, 0, 10, 10]) },
      { numRounds: 1, maxDepth: 1, learningRate: 1, lambda: 0, baseScore: 0 },
    );
    expect(m2.trees[0]?.defaultLeft[0]).toBe(1);
    expect(m2.trees[0]?.threshold[0]).toBe(3.5);
    expect(m2.predictRow([NaN])).toBe(0);
    expect(m2.predictRow([5])).toBe(10);
  });

  it('splits categories into two sets by gradient ratio', () => {
    const codes: number[] = [];
    const ys: number[] = [];
    for (let r = 0; r < 5; r++) {
      for (const c of [0, 1, 2, 3]) {
        codes.push(c);
        ys.push(c === 1 || c === 3 ? 10 : 0);
      }
    }
    const x = matrixFromRows(col(codes), { categorical: [true] });
    const m = trainGbdt(
      { x, y: Float64Array.from(ys) },
      { numRounds: 1, maxDepth: 1, learningRate: 1, lambda: 0, baseScore: 0, minChildWeight: 0 },
    );
    expect(m.trees[0]?.catStart[0]).toBe(0);
    const p = [0, 1, 2, 3].map((c) => m.predictRow([c]));
    expect(p).toEqual([0, 10, 0, 10]);
    // a code never seen in training goes right, with the categories not in the left set
    expect([0, 10]).toContain(m.predictRow([7]));
  });

  it('refits absolute-error leaves to the median residual', () => {
    const x = matrixFromRows(col([0, 0, 0, 1, 1, 1]));
    const y = Float64Array.from([1, 2, 100, 5, 6, -50]);
    // base = median 2; left residuals (-1, 0, 98) → 0; right (3, 4, -52) → 3
    const m = trainGbdt({ x, y }, { objective: 'absolute-error', numRounds: 1, maxDepth: 1, learningRate: 1 });
    expect(m.info.baseScore[0]).toBe(2);
    expect(Array.from(m.predict(x))).toEqual([2, 2, 2, 5, 5, 5]);
  });

  it('prunes a split whose gain is below gamma', () => {
    const x = matrixFromRows(col([0, 1, 2, 3]));
    const y = Float64Array.from([0, 0, 1, 1]);
    // gain with base 0, lambda 1: 0 + 4/3 - 4/5 = 0.5333…
    const kept = trainGbdt({ x, y }, { numRounds: 1, maxDepth: 1, learningRate: 1, baseScore: 0, gamma: 0.5 });
    expect(kept.trees[0]?.feature.length).toBe(3);
    expect(kept.trees[0]?.gain[0]).toBeCloseTo(4 / 3 - 4 / 5, 12);
    const pruned = trainGbdt({ x, y }, { numRounds: 1, maxDepth: 1, learningRate: 1, baseScore: 0, gamma: 0.6 });
    expect(pruned.trees[0]?.feature.length).toBe(1);
    expect(pruned.predictRow([0])).toBeCloseTo(2 / 5, 15);
  });

  it('respects min_child_weight', () => {
    const x = matrixFromRows(col([0, 1, 2, 3]));
    const y = Float64Array.from([10, 0, 0, 0]);
    const m = trainGbdt({ x, y }, { numRounds: 1, maxDepth: 1, learningRate: 1, baseScore: 0, minChildWeight: 2 });
    expect(m.trees[0]?.threshold[0]).toBe(1.5); // the best split (after row 0) would leave a child of weight 1
  });
});
