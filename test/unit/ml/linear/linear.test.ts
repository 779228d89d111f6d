import { describe, expect, it } from 'vitest';

import type { TrainingTarget } from '../../../../src/ml/learner.js';
import { linearLearner } from '../../../../src/ml/linear/learner.js';
import type { LinearModel } from '../../../../src/ml/linear/model.js';
import { linearParamsSchema } from '../../../../src/ml/linear/params.js';
import { featureMatrix } from '../../../../src/ml/matrix.js';
import { makeData } from '../../../fixtures/ml/learner-data.js';

const ctx = { seed: 1, threads: 1 };
const params = (p: Record<string, unknown>) => linearParamsSchema.parse(p);

describe('linear learner', () => {
  it('recovers exact coefficients of noise-free data without a penalty', async () => {
    const x0 = Float64Array.of(1, 2, 3, 4, 5, 6);
    const x1 = Float64Array.of(2, -1, 0, 3, 1, 1);
    const y = Float64Array.from(x0, (v, i) => 3 * v - 2 * (x1[i] as number) + 7);
    const model = (await linearLearner.fit(
      featureMatrix([x0, x1]),
      { task: 'regression', y },
      params({ penalty: 'none', tol: 1e-14 }),
      ctx,
    )) as LinearModel;
    expect(model.data.coef[0]).toBeCloseTo(3, 10);
    expect(model.data.coef[1]).toBeCloseTo(-2, 10);
    expect(model.data.intercept[0]).toBeCloseTo(7, 9);
  });

  it('never penalises the intercept: a strong lasso keeps the weighted mean', async () => {
    const { X, target } = makeData('regression', 21);
    const model = (await linearLearner.fit(X, target, params({ penalty: 'l1', alpha: 1e6 }), ctx)) as LinearModel;
    expect(Array.from(model.data.coef)).toEqual([0, 0, 0]);
    let sw = 0;
    let swy = 0;
    const w = target.weights as Float64Array;
    for (let i = 0; i < X.rows; i++) {
      sw += w[i] as number;
      swy += (w[i] as number) * (target.y[i] as number);
    }
    expect(model.data.intercept[0]).toBeCloseTo(swy / sw, 12);
  });

  it('standardize: true makes the fit independent of feature units; false penalises raw coefficients', async () => {
    const { X, target } = makeData('regression', 22);
    const scaled = featureMatrix([
      Float64Array.from(X.columns[0] as Float64Array, (v) => v * 1000),
      X.columns[1] as Float64Array,
      X.columns[2] as Float64Array,
    ]);
    const fit = async (M: typeof X, standardize: boolean) =>
      (
        (await linearLearner.fit(M, target, params({ penalty: 'elasticnet', alpha: 0.1, standardize, tol: 1e-12 }), ctx)) as LinearModel
      ).predict(M);
    const a = await fit(X, true);
    const b = await fit(scaled, true);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i] as number, 9);
    const c = await fit(X, false);
    const d = await fit(scaled, false);
    let maxDiff = 0;
    for (let i = 0; i < c.length; i++) maxDiff = Math.max(maxDiff, Math.abs((c[i] as number) - (d[i] as number)));
    expect(maxDiff).toBeGreaterThan(1e-3);
  });

  it('feature importance is |coef| × training standard deviation', async () => {
    const { X, target } = makeData('regression', 23);
    const model = (await linearLearner.fit(
      X,
      { task: 'regression', y: target.y as Float64Array },
      params({ alpha: 0.01 }),
      ctx,
    )) as LinearModel;
    const imp = model.featureImportance();
    for (let j = 0; j < 3; j++) {
      const col = X.columns[j] as Float64Array;
      const mean = col.reduce((s, v) => s + v, 0) / col.length;
      const sd = Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / col.length);
      expect(imp[j]).toBeCloseTo(Math.abs(model.data.coef[j] as number) * sd, 12);
    }
    expect(imp[0]).toBeGreaterThan(imp[2] as number); // x0 drives y, x2 is noise
  });

  it('L1 logistic regression zeroes uninformative coefficients exactly', async () => {
    const { X, target } = makeData('binary', 24, 200);
    const model = (await linearLearner.fit(X, target, params({ penalty: 'l1', C: 0.05 }), ctx)) as LinearModel;
    expect(model.data.coef[2]).toBe(0);
    expect(model.data.coef[0]).toBeGreaterThan(0);
  });

  it('multiclass: a class without training rows gets probability 0; the others are scored', async () => {
    const { X, target } = makeData('multiclass', 25, 60);
    if (target.task === 'regression') return;
    const classes = ['a', 'b', 'c', 'never'];
    const model = await linearLearner.fit(X, { ...target, classes } as TrainingTarget, params({}), ctx);
    const proba = model.predictProba?.(X) as Float64Array;
    for (let i = 0; i < X.rows; i++) {
      expect(proba[i * 4 + 3]).toBe(0);
      expect((proba[i * 4] as number) + (proba[i * 4 + 1] as number) + (proba[i * 4 + 2] as number)).toBeCloseTo(1, 12);
    }
    // Two active classes of a multiclass target are fitted as one binary logistic model.
    const y2 = Int32Array.from(target.y, (c) => (c === 1 ? 2 : c));
    const two = (await linearLearner.fit(X, { ...target, y: y2 }, params({}), ctx)) as LinearModel;
    expect(two.data.intercept.length).toBe(1);
    expect(Array.from(two.data.activeClasses)).toEqual([0, 2]);
    const p2 = two.predictProba(X);
    for (let i = 0; i < X.rows; i++) expect(p2[i * 3 + 1]).toBe(0);
  });

  it('regression models refuse predictProba; bad params name the field', async () => {
    const { X, target } = makeData('regression', 26);
    const model = await linearLearner.fit(X, target, params({}), ctx);
    expect(() => model.predictProba?.(X)).toThrow(/no probabilities/);
    await expect(linearLearner.fit(X, target, { ...params({}), l1Ratio: 2 }, ctx)).rejects.toThrow(/l1Ratio/);
  });
});
