import { describe, expect, it } from 'vitest';

import { featureMatrix, matrixFromRows } from '../../../../src/ml/matrix.js';
import { knnLearner } from '../../../../src/ml/neighbors/learner.js';
import type { KnnModel } from '../../../../src/ml/neighbors/model.js';
import { NeighborSearch } from '../../../../src/ml/neighbors/neighbor-search.js';
import { knnParamsSchema } from '../../../../src/ml/neighbors/params.js';
import { testRandom } from '../../../fixtures/ml/linear/state-bytes.js';

const ctx = { seed: 1, threads: 1 };

describe('NeighborSearch', () => {
  it('KD-tree and brute force return identical neighbours and distances, ties by lower row index', () => {
    const rnd = testRandom(9);
    for (const p of [1, 2, 4]) {
      const n = 500;
      // Integer grid values: many exact ties and duplicate rows.
      const points = Float64Array.from({ length: n * p }, () => Math.floor(rnd() * 6));
      const m = 60;
      const queries = Float64Array.from({ length: m * p }, () => Math.floor(rnd() * 7) - 0.5 * Math.floor(rnd() * 2));
      for (const metric of ['euclidean', 'manhattan'] as const) {
        for (const k of [1, 7, 40]) {
          const tree = new NeighborSearch(points, n, p, metric, true, 5);
          const brute = new NeighborSearch(points, n, p, metric, false, 5);
          expect(tree.usesTree).toBe(true);
          const ti = new Int32Array(m * k);
          const td = new Float64Array(m * k);
          const bi = new Int32Array(m * k);
          const bd = new Float64Array(m * k);
          tree.query(queries, m, k, ti, td);
          brute.query(queries, m, k, bi, bd);
          expect(Array.from(ti)).toEqual(Array.from(bi));
          expect(Array.from(td)).toEqual(Array.from(bd));
          // Sorted by (distance, index).
          for (let q = 0; q < m; q++) {
            for (let r = q * k + 1; r < q * k + k; r++) {
              const prev = bd[r - 1] as number;
              const cur = bd[r] as number;
              expect(prev < cur || (prev === cur && (bi[r - 1] as number) < (bi[r] as number))).toBe(true);
            }
          }
        }
      }
    }
  });

  it('computes euclidean and manhattan distances by hand', () => {
    const search = new NeighborSearch(Float64Array.of(0, 0, 3, 4, 1, 1), 3, 2, 'euclidean', false, 1);
    const idx = new Int32Array(3);
    const dist = new Float64Array(3);
    search.query(Float64Array.of(0, 0), 1, 3, idx, dist);
    expect(Array.from(idx)).toEqual([0, 2, 1]);
    expect(Array.from(dist)).toEqual([0, Math.SQRT2, 5]);
    new NeighborSearch(Float64Array.of(0, 0, 3, 4, 1, 1), 3, 2, 'manhattan', false, 1).query(Float64Array.of(0, 0), 1, 3, idx, dist);
    expect(Array.from(dist)).toEqual([0, 2, 7]);
  });
});

describe('knn learner', () => {
  const X = matrixFromRows([[0], [1], [2], [10], [11]]);

  it('regression: uniform mean and 1/d-weighted mean of the k nearest (hand-computed)', async () => {
    const target = { task: 'regression' as const, y: Float64Array.of(1, 2, 3, 10, 20) };
    const uniform = await knnLearner.fit(X, target, knnParamsSchema.parse({ k: 2 }), ctx);
    const q = matrixFromRows([[0.25], [10.75]]);
    expect(Array.from(uniform.predict(q))).toEqual([1.5, 15]);
    const dist = await knnLearner.fit(X, target, knnParamsSchema.parse({ k: 2, weights: 'distance' }), ctx);
    // 0.25: neighbours 0 (d .25) and 1 (d .75) → (1/.25·1 + 1/.75·2)/(1/.25 + 1/.75) = 1.25
    // 10.75: neighbours 11 (d .25, y 20) and 10 (d .75, y 10) → (4·20 + 4/3·10)/(16/3) = 17.5
    const out = dist.predict(q);
    expect(out[0]).toBeCloseTo(1.25, 14);
    expect(out[1]).toBeCloseTo(17.5, 14);
  });

  it('classification: vote shares weighted by row weight; zero-weight rows are never neighbours', async () => {
    const target = {
      task: 'binary' as const,
      y: Int32Array.of(0, 0, 1, 1, 1),
      classes: ['n', 'y'],
      weights: Float64Array.of(1, 3, 0, 1, 1),
    };
    const model = (await knnLearner.fit(X, target, knnParamsSchema.parse({ k: 3 }), ctx)) as KnnModel;
    expect(model.data.targets.length).toBe(4);
    // Query 1.9: neighbours 1 (w3, n), 0 (w1, n), 10 (w1, y) — row 2 (weight 0) is gone.
    expect(Array.from(model.predictProba(matrixFromRows([[1.9]])))).toEqual([4 / 5, 1 / 5]);
    // Query 10.4: neighbours 10 (y), 11 (y), 1 (n, weight 3) → n wins 3 : 2 although most neighbours are y.
    expect(Array.from(model.predictProba(matrixFromRows([[10.4]])))).toEqual([3 / 5, 2 / 5]);
    expect(Array.from(model.predict(matrixFromRows([[1.9], [10.4]])))).toEqual([0, 0]);
  });

  it('clamps k to the number of training rows', async () => {
    const target = { task: 'regression' as const, y: Float64Array.of(1, 2, 3, 4, 5) };
    const model = await knnLearner.fit(X, target, knnParamsSchema.parse({ k: 50 }), ctx);
    expect(Array.from(model.predict(matrixFromRows([[100]])))).toEqual([3]);
  });

  it('gives probability 0 to a class with no training rows', async () => {
    const target = { task: 'multiclass' as const, y: Int32Array.of(0, 0, 2, 2, 2), classes: ['a', 'b', 'c'] };
    const model = await knnLearner.fit(X, target, knnParamsSchema.parse({ k: 1 }), ctx);
    expect(Array.from(model.predictProba?.(featureMatrix([Float64Array.of(0.1, 10.9)])) ?? [])).toEqual([1, 0, 0, 0, 0, 1]);
  });

  it("consults 10 neighbours by default (chosen by `npm run bench -- defaults`, not sklearn's 5)", async () => {
    // y = x on 0..29: the mean of the 10 rows nearest 0 is (0 + … + 9) / 10 = 4.5; with 5 it would be 2
    const x = Float64Array.from({ length: 30 }, (_, i) => i);
    const model = await knnLearner.fit(featureMatrix([x]), { task: 'regression', y: x }, knnParamsSchema.parse({}), ctx);
    expect(Array.from(model.predict(featureMatrix([Float64Array.of(0, 29)])))).toEqual([4.5, 24.5]);
  });
});
