import { describe, expect, it } from 'vitest';

import type { TrainingTarget } from '../../../../src/ml/learner.js';
import { naiveBayesLearner } from '../../../../src/ml/naive-bayes/learner.js';
import type { NaiveBayesModel } from '../../../../src/ml/naive-bayes/model.js';
import { naiveBayesParamsSchema } from '../../../../src/ml/naive-bayes/params.js';
import { golden, matrix, maxRelDiff } from '../../../fixtures/ml/linear/golden.js';

const ctx = { seed: 1, threads: 1 };
const g = golden.naiveBayes;
const classes = ['a', 'b', 'c'];
const defaults = naiveBayesParamsSchema.parse({});

describe('naive-bayes matches sklearn GaussianNB / CategoricalNB', () => {
  for (const c of g.cases) {
    const target: TrainingTarget = {
      task: 'multiclass',
      y: Int32Array.from(g.y),
      classes,
      ...(c.weighted ? { weights: Float64Array.from(g.w) } : {}),
    };
    const label = c.weighted ? 'weighted' : 'unweighted';

    it(`${label}: Gaussian means, variances and probabilities`, async () => {
      const X = matrix(g.Xnum);
      const model = (await naiveBayesLearner.fit(X, target, defaults, ctx)) as NaiveBayesModel;
      expect(maxRelDiff(model.tables.mean, c.theta)).toBeLessThan(1e-12);
      expect(maxRelDiff(model.tables.variance, c.var)).toBeLessThan(1e-12);
      expect(maxRelDiff(model.predictProba(X), c.gaussianProba)).toBeLessThan(1e-9);
    });

    it(`${label}: categorical probabilities`, async () => {
      const X = matrix(g.Xcat, [true, true]);
      const model = await naiveBayesLearner.fit(X, target, defaults, ctx);
      expect(maxRelDiff(model.predictProba?.(X) ?? [], c.categoricalProba)).toBeLessThan(1e-9);
    });

    it(`${label}: numeric and categorical columns in one model`, async () => {
      const rows = g.Xnum.map((r, i) => [...r, ...(g.Xcat[i] as number[])]);
      const X = matrix(rows, [false, false, false, true, true]);
      const model = await naiveBayesLearner.fit(X, target, defaults, ctx);
      expect(maxRelDiff(model.predictProba?.(X) ?? [], c.combinedProba)).toBeLessThan(1e-9);
    });
  }
});
