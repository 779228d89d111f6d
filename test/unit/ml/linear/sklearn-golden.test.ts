import { describe, expect, it } from 'vitest';

import type { TrainingTarget } from '../../../../src/ml/learner.js';
import { linearLearner } from '../../../../src/ml/linear/learner.js';
import type { LinearModel } from '../../../../src/ml/linear/model.js';
import { linearParamsSchema } from '../../../../src/ml/linear/params.js';
import { golden, matrix, maxRelDiff } from '../../../fixtures/ml/linear/golden.js';

const ctx = { seed: 1, threads: 1 };
const tight = { tol: 1e-12, maxIter: 200_000 };

describe('linear regression matches sklearn', () => {
  const g = golden.regression;
  const X = matrix(g.X);
  for (const c of g.cases) {
    it(`${c.name}: coefficients, intercept and predictions`, async () => {
      const target: TrainingTarget = {
        task: 'regression',
        y: Float64Array.from(g.y),
        ...(c.weighted ? { weights: Float64Array.from(g.w) } : {}),
      };
      const model = (await linearLearner.fit(X, target, linearParamsSchema.parse({ ...c.params, ...tight }), ctx)) as LinearModel;
      expect(maxRelDiff(model.data.coef, c.coef)).toBeLessThan(1e-6);
      expect(maxRelDiff([model.data.intercept[0] as number], [c.intercept as number])).toBeLessThan(1e-6);
      expect(maxRelDiff(model.predict(X), c.pred as number[])).toBeLessThan(1e-6);
    });
  }
});

for (const block of ['binary', 'multinomial'] as const) {
  describe(`logistic regression (${block}) matches sklearn`, () => {
    const g = golden[block];
    const X = matrix(g.X);
    const k = Math.max(...g.y) + 1;
    const classes = Array.from({ length: k }, (_, i) => `c${i}`);
    for (const c of g.cases) {
      it(`${c.name}: probabilities${c.name.startsWith('l1') && block === 'multinomial' ? '' : ' and coefficients'}`, async () => {
        const target: TrainingTarget = {
          task: k === 2 ? 'binary' : 'multiclass',
          y: Int32Array.from(g.y),
          classes,
          ...(c.weighted ? { weights: Float64Array.from(g.w) } : {}),
        };
        const model = (await linearLearner.fit(X, target, linearParamsSchema.parse({ ...c.params, ...tight }), ctx)) as LinearModel;
        expect(model.data.converged).toBe(true);
        expect(maxRelDiff(model.predictProba(X), c.proba as number[])).toBeLessThan(1e-7);
        // Multinomial L1: the intercepts are only defined up to a common shift, so compare probabilities only.
        if (!(c.name.startsWith('l1') && block === 'multinomial')) {
          expect(maxRelDiff(model.data.coef, c.coef)).toBeLessThan(1e-6);
          expect(maxRelDiff(model.data.intercept, c.intercept as number[])).toBeLessThan(1e-6);
        }
      });
    }
  });
}

describe('linear on numeric + one-hot + 0/1 columns matches sklearn (standardize scales only the numeric columns)', () => {
  const g = golden.mixed;
  const X = matrix(g.X);
  const classesOf = (y: number[]) => Array.from({ length: Math.max(...y) + 1 }, (_, i) => `c${i}`);
  const targets = {
    regression: (): TrainingTarget => ({ task: 'regression', y: Float64Array.from(g.yRegression) }),
    binary: (): TrainingTarget => ({ task: 'binary', y: Int32Array.from(g.yBinary), classes: classesOf(g.yBinary) }),
    multinomial: (): TrainingTarget => ({ task: 'multiclass', y: Int32Array.from(g.yMulticlass), classes: classesOf(g.yMulticlass) }),
  };
  for (const kind of ['regression', 'binary', 'multinomial'] as const) {
    for (const c of g[kind]) {
      it(`${kind} ${c.name}: coefficients, intercepts and predictions`, async () => {
        const target = { ...targets[kind](), ...(c.weighted ? { weights: Float64Array.from(g.w) } : {}) } as TrainingTarget;
        const model = (await linearLearner.fit(X, target, linearParamsSchema.parse({ ...c.params, ...tight }), ctx)) as LinearModel;
        expect(model.data.converged).toBe(true);
        // Same tolerances as above: both sides are converged to far below them (sklearn: Cholesky / Newton-CG at
        // tol 1e-9; here tol 1e-12), so what is left is the conditioning of each problem.
        expect(maxRelDiff(model.data.coef, c.coef)).toBeLessThan(1e-6);
        expect(maxRelDiff(model.data.intercept, c.intercept as number[])).toBeLessThan(1e-6);
        if (kind === 'regression') expect(maxRelDiff(model.predict(X), c.pred as number[])).toBeLessThan(1e-6);
        else expect(maxRelDiff(model.predictProba(X), c.proba as number[])).toBeLessThan(1e-7);
      });
    }
  }
});
