import { describe, expect, it } from 'vitest';

import { featureMatrix } from '../../../../src/ml/matrix.js';
import { naiveBayesLearner } from '../../../../src/ml/naive-bayes/learner.js';
import type { NaiveBayesModel } from '../../../../src/ml/naive-bayes/model.js';
import { naiveBayesParamsSchema } from '../../../../src/ml/naive-bayes/params.js';

const ctx = { seed: 1, threads: 1 };

function gauss(x: number, mu: number, v: number): number {
  return Math.exp(-((x - mu) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
}

describe('naive-bayes learner', () => {
  // Class 0: x = 0, 2 (mean 1, var 1), colour codes 0, 0. Class 1: x = 4, 6, 8 (mean 6, var 8/3), colours 1, 1, 0.
  const x = Float64Array.of(0, 2, 4, 6, 8);
  const colour = Float64Array.of(0, 0, 1, 1, 0);
  const X = featureMatrix([x, colour], { names: ['x', 'colour'], categorical: [false, true] });
  const target = { task: 'binary' as const, y: Int32Array.of(0, 0, 1, 1, 1), classes: ['a', 'b'] };
  const params = naiveBayesParamsSchema.parse({ varSmoothing: 0 });

  it('combines Gaussian densities and Laplace-smoothed category frequencies (hand-computed)', async () => {
    const model = (await naiveBayesLearner.fit(X, target, params, ctx)) as NaiveBayesModel;
    const q = featureMatrix([Float64Array.of(3), Float64Array.of(1)], { categorical: [false, true] });
    // P(colour=1 | a) = (0+1)/(2+2) = 1/4, P(colour=1 | b) = (2+1)/(3+2) = 3/5; priors 2/5, 3/5.
    const ja = (2 / 5) * gauss(3, 1, 1) * (1 / 4);
    const jb = (3 / 5) * gauss(3, 6, 8 / 3) * (3 / 5);
    const proba = model.predictProba(q);
    expect(proba[0]).toBeCloseTo(ja / (ja + jb), 14);
    expect(proba[1]).toBeCloseTo(jb / (ja + jb), 14);
  });

  it('skips a missing value or an unseen category code for that feature only', async () => {
    const model = (await naiveBayesLearner.fit(X, target, params, ctx)) as NaiveBayesModel;
    const q = featureMatrix([Float64Array.of(Number.NaN, 3, 3), Float64Array.of(1, Number.NaN, 7)], { categorical: [false, true] });
    const proba = model.predictProba(q);
    const ca = (2 / 5) * (1 / 4);
    const cb = (3 / 5) * (3 / 5);
    expect(proba[0]).toBeCloseTo(ca / (ca + cb), 14);
    const ga = (2 / 5) * gauss(3, 1, 1);
    const gb = (3 / 5) * gauss(3, 6, 8 / 3);
    expect(proba[2]).toBeCloseTo(ga / (ga + gb), 14);
    expect(proba[4]).toBeCloseTo(ga / (ga + gb), 14); // code 7 was never seen
  });

  it('missing training values are left out of the class statistics', async () => {
    const holey = featureMatrix([Float64Array.of(0, 2, Number.NaN, 4, 6, 8), Float64Array.of(0, 0, 1, 1, 1, 0)], {
      categorical: [false, true],
    });
    const model = (await naiveBayesLearner.fit(holey, { ...target, y: Int32Array.of(0, 0, 0, 1, 1, 1) }, params, ctx)) as NaiveBayesModel;
    expect(Array.from(model.tables.mean.filter((_, i) => i % 2 === 0))).toEqual([1, 6]);
    expect(model.tables.variance[0]).toBe(1);
    // Category counts still use the row whose x is missing: P(colour=1 | a) = (1+1)/(3+2).
    expect(Math.exp(model.tables.logProb[1] as number)).toBeCloseTo(2 / 5, 14);
  });

  it('var_smoothing adds a share of the largest column variance; fitPrior false gives uniform priors', async () => {
    const model = (await naiveBayesLearner.fit(
      X,
      target,
      naiveBayesParamsSchema.parse({ varSmoothing: 0.1, fitPrior: false }),
      ctx,
    )) as NaiveBayesModel;
    // Plain variance of x = mean of (x − 4)² = (16 + 4 + 0 + 4 + 16)/5 = 8.
    expect(model.tables.epsilon).toBeCloseTo(0.8, 15);
    expect(model.tables.variance[0]).toBeCloseTo(1.8, 14);
    expect(Array.from(model.tables.logPrior)).toEqual([Math.log(0.5), Math.log(0.5)]);
  });

  it('refuses regression targets', async () => {
    await expect(naiveBayesLearner.fit(X, { task: 'regression', y: Float64Array.of(1, 2, 3, 4, 5) }, params, ctx)).rejects.toThrow(
      /classifier/,
    );
  });
});
