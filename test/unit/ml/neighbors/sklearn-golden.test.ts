import { describe, expect, it } from 'vitest';

import { knnLearner } from '../../../../src/ml/neighbors/learner.js';
import type { KnnModel } from '../../../../src/ml/neighbors/model.js';
import { knnParamsSchema } from '../../../../src/ml/neighbors/params.js';
import { golden, matrix, maxRelDiff } from '../../../fixtures/ml/linear/golden.js';

const ctx = { seed: 1, threads: 1 };

describe('knn matches sklearn KNeighborsClassifier / KNeighborsRegressor', () => {
  for (const [blockName, block] of Object.entries(golden.knn)) {
    const X = matrix(block.X);
    const Xq = matrix(block.Xq);
    const k = Math.max(...block.yClass) + 1;
    const classes = Array.from({ length: k }, (_, i) => `c${i}`);
    for (const c of block.cases) {
      for (const algorithm of ['auto', 'brute', 'kd-tree'] as const) {
        it(`${blockName} (${block.X.length}×${block.X[0]?.length}) ${c.metric} ${c.weights} ${algorithm}`, async () => {
          const params = knnParamsSchema.parse({ k: c.k, metric: c.metric, weights: c.weights, algorithm });
          const clf = (await knnLearner.fit(
            X,
            { task: k === 2 ? 'binary' : 'multiclass', y: Int32Array.from(block.yClass), classes },
            params,
            ctx,
          )) as KnnModel;
          const reg = (await knnLearner.fit(X, { task: 'regression', y: Float64Array.from(block.yReg) }, params, ctx)) as KnnModel;
          expect(maxRelDiff(clf.predictProba(Xq), c.proba)).toBeLessThan(1e-12);
          expect(maxRelDiff(reg.predict(Xq), c.pred)).toBeLessThan(1e-12);
        });
      }
    }
  }

  it('auto uses a KD-tree for few features and many rows, brute force for many features', async () => {
    const { kdtree, wide } = golden.knn;
    const low = (await knnLearner.fit(
      matrix(kdtree.X),
      { task: 'regression', y: Float64Array.from(kdtree.yReg) },
      knnParamsSchema.parse({}),
      ctx,
    )) as KnnModel;
    const high = (await knnLearner.fit(
      matrix(wide.X),
      { task: 'regression', y: Float64Array.from(wide.yReg) },
      knnParamsSchema.parse({}),
      ctx,
    )) as KnnModel;
    expect(low.usesKdTree).toBe(true);
    expect(high.usesKdTree).toBe(false);
  });
});
