import { describe, expect, it } from 'vitest';

import { featureMatrix, gbdtLearner } from '../../../../src/ml/index.js';
import type { FitContext, TrainingTarget, TreeEnsembleModel } from '../../../../src/ml/index.js';

const ctx: FitContext = { seed: 0, threads: 1 };

/** Smallest hessian sum (cover) over the leaves of every tree. */
function smallestLeafCover(model: TreeEnsembleModel): number {
  let least = Number.POSITIVE_INFINITY;
  for (const tree of model.treeView().trees)
    for (let i = 0; i < tree.feature.length; i++) if (tree.feature[i] === -1) least = Math.min(least, tree.cover[i] as number);
  return least;
}

async function fit(target: TrainingTarget, x: Float64Array, params: Record<string, unknown>): Promise<TreeEnsembleModel> {
  return (await gbdtLearner.fit(featureMatrix([x]), target, gbdtLearner.params.parse(params), ctx)) as TreeEnsembleModel;
}

describe('gbdt learner defaults (chosen by `npm run bench -- defaults`)', () => {
  // 60 rows on a line with two lone outliers: squared error gives every row hessian 1, so a leaf's cover is its
  // row count, and an outlier gets a leaf of its own only when the minimum child weight allows one row
  const x = Float64Array.from({ length: 60 }, (_, i) => i);
  const regression: TrainingTarget = { task: 'regression', y: Float64Array.from(x, (v) => (v === 7 ? 100 : v === 41 ? -100 : v / 10)) };
  // a lone positive among negatives: log loss hessians are p(1 - p) ≤ 1/4 per row
  const binary: TrainingTarget = { task: 'binary', y: Int32Array.from(x, (v) => (v === 13 || v >= 45 ? 1 : 0)), classes: ['0', '1'] };

  it('keep 20 rows of weight 1 in every leaf of a squared-error model (scikit-learn HGB min_samples_leaf)', async () => {
    expect(smallestLeafCover(await fit(regression, x, {}))).toBeGreaterThanOrEqual(20);
    expect(smallestLeafCover(await fit(regression, x, { objective: 'huber' }))).toBeGreaterThanOrEqual(20);
  });

  it('keep a hessian sum of 3 in every leaf of a log-loss model', async () => {
    const least = smallestLeafCover(await fit(binary, x, {}));
    expect(least).toBeGreaterThanOrEqual(3);
    expect(least).toBeLessThan(20);
  });

  it('still isolate a single row when minChildWeight 1 (XGBoost) is asked for', async () => {
    expect(smallestLeafCover(await fit(regression, x, { minChildWeight: 1 }))).toBeLessThan(2);
    expect(smallestLeafCover(await fit(binary, x, { minChildWeight: 1 }))).toBeLessThan(3);
  });

  it('keep learning rate 0.1, depth-wise growth and depth 6', () => {
    expect(gbdtLearner.params.parse({})).toMatchObject({ learningRate: 0.1, growPolicy: 'depthwise', maxDepth: 6 });
  });
});
