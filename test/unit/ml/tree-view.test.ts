import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { extraTreesLearner, rfLearner } from '../../../src/ml/forest/index.js';
import { gbdtLearner } from '../../../src/ml/gbdt/learner.js';
import { Rng } from '../../../src/ml/gbdt/index.js';
import { shutdownComputePools } from '../../../src/ml/index.js';
import type { TreeEnsembleModel } from '../../../src/ml/gbdt/tree-ensemble-model.js';
import { importLightgbmText, importXgboostJson } from '../../../src/ml/interop/index.js';
import type { TrainedModel, TrainingTarget } from '../../../src/ml/learner.js';
import { linearLearner } from '../../../src/ml/linear/learner.js';
import { featureMatrix, matrixFromRows } from '../../../src/ml/matrix.js';
import type { FeatureMatrix } from '../../../src/ml/matrix.js';
import type { TreeEnsembleView, TreeView } from '../../../src/ml/tree-view.js';
import { makeRegression } from './gbdt/make-data.js';

/**
 * The tree accessor is enough to predict: an independent walk over the view (routing rules as documented on
 * `TreeView`, aggregation and link as documented on `TreeEnsembleView`) reproduces the models' own raw scores and
 * predictions, for trained gbdt and forests with missing values and categorical splits and for imported models.
 */
afterAll(() => shutdownComputePools());

const ctx = { seed: 3, threads: 1 };
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/ml/interop');

/** makeRegression's features (x1 has missing values) plus a categorical column whose codes shift the target. */
function data(n: number, seed: number): { X: FeatureMatrix; y: Float64Array } {
  const base = makeRegression(n, seed);
  const rng = new Rng(seed + 1);
  const cat = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.nextInt(8);
    cat[i] = rng.nextFloat() < 0.05 ? NaN : c;
    y[i] = (base.y[i] as number) + (c % 3 === 0 ? 2 : c === 5 ? -2 : 0);
  }
  return {
    X: featureMatrix([...base.x.columns, cat], { names: [...base.x.names, 'cat'], categorical: [false, false, false, false, true] }),
    y,
  };
}

function classes(y: Float64Array, cuts: readonly number[]): Int32Array {
  return Int32Array.from(y, (v) => cuts.filter((c) => v > c).length);
}

function leafOf(t: TreeView, X: FeatureMatrix, row: number): number {
  let i = 0;
  while ((t.feature[i] as number) >= 0) {
    const v = (X.columns[t.feature[i] as number] as Float64Array)[row] as number;
    let left: boolean;
    if (Number.isNaN(v)) left = t.missingLeft[i] === 1;
    else if ((t.categoryStart[i] as number) < 0) left = v < (t.threshold[i] as number);
    else {
      const word = Math.floor(v / 32);
      left =
        v >= 0 &&
        word < (t.categoryWords[i] as number) &&
        (((t.categoryBits[(t.categoryStart[i] as number) + word] as number) >>> (v % 32)) & 1) === 1;
    }
    i = (left ? t.left[i] : t.right[i]) as number;
  }
  return i;
}

/** Raw outputs and predictions (after the link) from the view alone, `rows × numOutputs`. */
function rebuild(view: TreeEnsembleView, X: FeatureMatrix): { raw: Float64Array; out: Float64Array } {
  const k = view.numOutputs;
  const raw = new Float64Array(X.rows * k);
  for (let i = 0; i < X.rows; i++) {
    for (let o = 0; o < k; o++) raw[i * k + o] = view.aggregation === 'sum' ? (view.baseScore[o] as number) : 0;
    view.trees.forEach((t, ti) => {
      const leaf = leafOf(t, X, i);
      for (let w = 0; w < view.width; w++) {
        const o = i * k + (view.treeOutput[ti] as number) + w;
        raw[o] = (raw[o] as number) + (t.values[leaf * view.width + w] as number);
      }
    });
    if (view.aggregation === 'mean')
      for (let o = 0; o < k; o++) raw[i * k + o] = (raw[i * k + o] as number) / view.trees.length + (view.baseScore[o] as number);
  }
  const out = raw.slice();
  for (let i = 0; i < X.rows; i++) {
    const row = out.subarray(i * k, i * k + k);
    if (view.link === 'exp') row.forEach((v, o) => (row[o] = Math.exp(v)));
    if (view.link === 'sigmoid') row.forEach((v, o) => (row[o] = 1 / (1 + Math.exp(-v))));
    if (view.link === 'softmax') {
      const max = Math.max(...row);
      const e = Array.from(row, (v) => Math.exp(v - max));
      const s = e.reduce((a, b) => a + b, 0);
      e.forEach((v, o) => (row[o] = v / s));
    }
  }
  return { raw, out };
}

/** The model's own prediction in the view's output layout: probability of class 1 for binary, else predictProba/predict. */
function modelOutput(model: TrainedModel, X: FeatureMatrix): Float64Array {
  if (model.task === 'regression') return model.predict(X);
  const p = model.predictProba?.(X) as Float64Array;
  return model.task === 'binary' && model.treeView?.().numOutputs === 1
    ? Float64Array.from({ length: X.rows }, (_, i) => p[2 * i + 1] as number)
    : p;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++)
    expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThanOrEqual(
      tol * Math.max(1, Math.abs(expected[i] as number)),
    );
}

function hasCategoricalSplit(view: TreeEnsembleView): boolean {
  return view.trees.some((t) => Array.from(t.categoryStart).some((s) => s >= 0));
}

const train = data(600, 5);
const test = data(300, 9);
const targets: Record<'regression' | 'binary' | 'multiclass', TrainingTarget> = {
  regression: { task: 'regression', y: train.y },
  binary: { task: 'binary', y: classes(train.y, [1.5]), classes: ['lo', 'hi'] },
  multiclass: { task: 'multiclass', y: classes(train.y, [0.5, 2.5]), classes: ['a', 'b', 'c'] },
};

describe('gbdt tree view', () => {
  for (const [task, target] of Object.entries(targets)) {
    it(`${task}: rebuilds the raw scores and predictions exactly, categorical splits and missing values included`, async () => {
      const model = (await gbdtLearner.fit(train.X, target, { numRounds: 15, maxDepth: 4, learningRate: 0.3 }, ctx)) as TreeEnsembleModel;
      const view = model.treeView();
      expect(hasCategoricalSplit(view)).toBe(true);
      expect(view.trees.length).toBe(15 * view.numOutputs);
      const { raw, out } = rebuild(view, test.X);
      expect(Array.from(raw)).toEqual(Array.from(model.predictRaw(test.X)));
      expectClose(out, modelOutput(model, test.X), 1e-14);
      expect(view.link).toBe({ regression: 'identity', binary: 'sigmoid', multiclass: 'softmax' }[task]);
    });
  }

  it('poisson: the exp link', async () => {
    const counts = Float64Array.from(train.y, (v) => Math.round(Math.exp(v / 3)));
    const model = (await gbdtLearner.fit(
      train.X,
      { task: 'regression', y: counts },
      { objective: 'poisson', numRounds: 10 },
      ctx,
    )) as TreeEnsembleModel;
    const view = model.treeView();
    expect(view.link).toBe('exp');
    expectClose(rebuild(view, test.X).out, model.predict(test.X), 1e-14);
  });

  it('covers are hessian sums: every root holds all rows (squared error, no sampling), every split its children', async () => {
    const model = await gbdtLearner.fit(train.X, targets.regression, { numRounds: 5 }, ctx);
    for (const t of model.treeView?.().trees ?? []) {
      expect(t.cover[0]).toBe(train.X.rows);
      for (let i = 0; i < t.feature.length; i++) {
        if ((t.feature[i] as number) < 0) continue;
        const sum = (t.cover[t.left[i] as number] as number) + (t.cover[t.right[i] as number] as number);
        expect(Math.abs(sum - (t.cover[i] as number))).toBeLessThan(1e-9 * (t.cover[i] as number));
      }
    }
  });
});

describe('forest tree view', () => {
  for (const [task, target] of Object.entries(targets)) {
    for (const learner of [rfLearner, extraTreesLearner]) {
      it(`${learner.id} ${task}: averaged leaf vectors rebuild the predictions exactly`, async () => {
        const model = await learner.fit(train.X, target, { nEstimators: 12, maxDepth: 6 }, ctx);
        const view = model.treeView?.() as TreeEnsembleView;
        expect(view.aggregation).toBe('mean');
        expect(view.link).toBe('identity');
        expect(view.width).toBe(target.task === 'regression' ? 1 : target.classes.length);
        expect(Array.from(rebuild(view, test.X).out)).toEqual(
          Array.from(task === 'regression' ? model.predict(test.X) : (model.predictProba?.(test.X) as Float64Array)),
        );
        // bootstrap draws n rows per tree (unweighted): the root's weighted in-bag count
        if (learner.id === 'rf') for (const t of view.trees) expect(t.cover[0]).toBe(train.X.rows);
      });
    }
  }
  it('has categorical splits to route in this data', async () => {
    const model = await rfLearner.fit(train.X, targets.regression, { nEstimators: 12, maxDepth: 6 }, ctx);
    expect(hasCategoricalSplit(model.treeView?.() as TreeEnsembleView)).toBe(true);
  });
});

describe('imported models through the view', () => {
  it('XGBoost JSON (categorical splits, multiclass) and LightGBM text models rebuild their raw scores', () => {
    for (const name of ['categorical', 'multiclass', 'poisson']) {
      const model = importXgboostJson(readFileSync(join(FIXTURES, `xgb-${name}.model.json`), 'utf8'));
      const cases = JSON.parse(readFileSync(join(FIXTURES, `xgb-${name}.cases.json`), 'utf8')) as {
        rows: Array<Array<number | null>>;
        categorical: boolean[];
      };
      const X = matrixFromRows(
        cases.rows.map((r) => r.map((v) => (v === null ? NaN : v))),
        { categorical: cases.categorical },
      );
      expect(Array.from(rebuild(model.treeView(), X).raw)).toEqual(Array.from(model.predictRaw(X)));
    }
    for (const name of ['binary', 'multiclass', 'regression']) {
      const model = importLightgbmText(readFileSync(join(FIXTURES, `lgb-${name}.model.txt`), 'utf8'));
      const nf = model.featureNames.length;
      const rng = new Rng(4);
      const X = matrixFromRows(
        Array.from({ length: 50 }, () =>
          Array.from({ length: nf }, () => (rng.nextFloat() < 0.1 ? NaN : rng.nextFloat() < 0.1 ? 0 : rng.nextFloat() * 6 - 3)),
        ),
      );
      expect(Array.from(rebuild(model.treeView(), X).raw)).toEqual(Array.from(model.predictRaw(X)));
    }
  });
});

describe('importance kinds', () => {
  it('gbdt computes XGBoost’s five kinds from the trees’ splits, gain by default', async () => {
    const model = await gbdtLearner.fit(train.X, targets.regression, { numRounds: 8 }, ctx);
    expect(model.importanceKinds).toEqual(['gain', 'split', 'total-gain', 'cover', 'total-cover']);
    const nf = train.X.cols;
    const sums = { split: new Float64Array(nf), 'total-gain': new Float64Array(nf), 'total-cover': new Float64Array(nf) };
    for (const t of model.treeView?.().trees ?? []) {
      for (let i = 0; i < t.feature.length; i++) {
        const f = t.feature[i] as number;
        if (f < 0) continue;
        sums.split[f] = (sums.split[f] as number) + 1;
        sums['total-gain'][f] = (sums['total-gain'][f] as number) + (t.gain[i] as number);
        sums['total-cover'][f] = (sums['total-cover'][f] as number) + (t.cover[i] as number);
      }
    }
    const imp = (kind: Parameters<NonNullable<TrainedModel['featureImportance']>>[0]): number[] =>
      Array.from(model.featureImportance?.(kind) ?? []);
    expect(imp('split')).toEqual(Array.from(sums.split));
    expect(imp('total-gain')).toEqual(Array.from(sums['total-gain']));
    expect(imp('total-cover')).toEqual(Array.from(sums['total-cover']));
    expect(imp('gain')).toEqual(
      Array.from(sums['total-gain'], (g, f) => ((sums.split[f] as number) > 0 ? g / (sums.split[f] as number) : 0)),
    );
    expect(imp('cover')).toEqual(
      Array.from(sums['total-cover'], (c, f) => ((sums.split[f] as number) > 0 ? c / (sums.split[f] as number) : 0)),
    );
    expect(imp(undefined)).toEqual(imp('gain'));
    expect(() => model.featureImportance?.('coef')).toThrowError(
      expect.objectContaining({ code: 'MLP_ML_INVALID_PARAM', message: expect.stringMatching(/total-cover/) }),
    );
  });

  it('forests put scikit-learn’s impurity importance first (summing to 1) and have the tree kinds too', async () => {
    const model = await rfLearner.fit(train.X, targets.regression, { nEstimators: 10 }, ctx);
    expect(model.importanceKinds).toEqual(['impurity', 'gain', 'split', 'total-gain', 'cover', 'total-cover']);
    const impurity = model.featureImportance?.() as Float64Array;
    expect(impurity.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const splits = Array.from(model.featureImportance?.('split') ?? []);
    expect(splits.reduce((a, b) => a + b, 0)).toBe(
      model.treeView?.().trees.reduce((s, t) => s + Array.from(t.feature).filter((f) => f >= 0).length, 0),
    );
  });

  it('linear models give |coef| in raw units and scaled by the training standard deviation (the default)', async () => {
    const cols = [Float64Array.from({ length: 40 }, (_, i) => i), Float64Array.from({ length: 40 }, (_, i) => (i % 7) * 100)];
    const y = Float64Array.from({ length: 40 }, (_, i) => 3 * i - 0.01 * (cols[1]?.[i] as number));
    const model = await linearLearner.fit(featureMatrix(cols), { task: 'regression', y }, { penalty: 'none', tol: 1e-12 }, ctx);
    expect(model.importanceKinds).toEqual(['standardized-coef', 'coef']);
    const coef = model.featureImportance?.('coef') as Float64Array;
    expect(coef[0]).toBeCloseTo(3, 8);
    expect(coef[1]).toBeCloseTo(0.01, 8);
    const sd = (c: Float64Array): number =>
      Math.sqrt(c.reduce((s, v) => s + (v - c.reduce((a, b) => a + b, 0) / c.length) ** 2, 0) / c.length);
    const scaled = model.featureImportance?.() as Float64Array;
    expect(scaled[0]).toBeCloseTo(3 * sd(cols[0] as Float64Array), 6);
    expect(scaled[1]).toBeCloseTo(0.01 * sd(cols[1] as Float64Array), 6);
  });
});
