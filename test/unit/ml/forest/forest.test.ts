import { describe, expect, it } from 'vitest';

import { MlpError } from '../../../../src/core/index.js';
import { extraTreesLearner, resolveForestParams, rfLearner, trainForest, trainForestThreaded } from '../../../../src/ml/forest/index.js';
import type { ForestParamsInput, ForestModel } from '../../../../src/ml/forest/index.js';
import type { ModelState, TrainingTarget } from '../../../../src/ml/learner.js';
import { featureMatrix } from '../../../../src/ml/matrix.js';
import type { FeatureMatrix } from '../../../../src/ml/matrix.js';
import { stateBytes, testRandom } from '../../../fixtures/ml/linear/state-bytes.js';

/** Seeded data: 6 features (x0..x2 informative, x3 categorical with 4 codes and an effect, x4..x5 noise), 8 % of x1 missing. */
function makeProblem(n: number, seed: number, task: 'binary' | 'regression'): { X: FeatureMatrix; target: TrainingTarget } {
  const rnd = testRandom(seed);
  const cols = Array.from({ length: 6 }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = rnd() * 4 - 2;
    const code = Math.floor(rnd() * 4);
    (cols[3] as Float64Array)[i] = code;
    const s =
      Math.sin(2 * (cols[0] as Float64Array)[i]!) + (cols[1] as Float64Array)[i]! * (cols[2] as Float64Array)[i]! + (code === 2 ? 1 : 0);
    if (rnd() < 0.08) (cols[1] as Float64Array)[i] = NaN;
    y[i] = task === 'regression' ? s + 0.3 * (rnd() - 0.5) : s + 0.6 * (rnd() - 0.5) > 0.3 ? 1 : 0;
  }
  const X = featureMatrix(cols, { names: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'], categorical: [false, false, false, true, false, false] });
  return { X, target: task === 'regression' ? { task, y } : { task, y: Int32Array.from(y), classes: ['neg', 'pos'] } };
}

const ctx = { seed: 11, threads: 1 };
const fitRf = async (X: FeatureMatrix, target: TrainingTarget, params: ForestParamsInput, seed = 11): Promise<ForestModel> =>
  (await rfLearner.fit(X, target, rfLearner.params.parse(params), { seed, threads: 1 })) as ForestModel;

async function code(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(MlpError);
    return (error as MlpError).code;
  }
  return 'no error';
}

describe('determinism', () => {
  it('each tree depends on (seed, tree index) only: a 4-tree forest is the prefix of an 8-tree one', async () => {
    const { X, target } = makeProblem(200, 1, 'binary');
    const small = await fitRf(X, target, { nEstimators: 4 });
    const big = await fitRf(X, target, { nEstimators: 8 });
    for (let t = 0; t < 4; t++)
      expect(Buffer.from(big.data.trees[t]!.values.buffer).equals(Buffer.from(small.data.trees[t]!.values.buffer))).toBe(true);
    const other = await fitRf(X, target, { nEstimators: 4 }, 12);
    expect(stateBytes(other.toState()).equals(stateBytes(small.toState()))).toBe(false);
  });

  it('threads do not change the model', async () => {
    const { X, target } = makeProblem(150, 2, 'regression');
    const params = rfLearner.params.parse({ nEstimators: 6 });
    const one = await rfLearner.fit(X, target, params, { seed: 5, threads: 1 });
    const two = await rfLearner.fit(X, target, params, { seed: 5, threads: 2 });
    expect(stateBytes(one.toState()).equals(stateBytes(two.toState()))).toBe(true);
  });
});

describe('out-of-bag estimates', () => {
  it('OOB accuracy is close to the held-out accuracy (classification)', async () => {
    const { X, target } = makeProblem(1200, 3, 'binary');
    const train = slice(X, 0, 600);
    const test = slice(X, 600, 1200);
    const yTrain = (target.y as Int32Array).slice(0, 600);
    const model = await fitRf(train, { task: 'binary', y: yTrain, classes: ['neg', 'pos'] }, { nEstimators: 60, oobScore: true });
    const pred = model.predict(test);
    let hits = 0;
    for (let i = 0; i < 600; i++) if (pred[i] === target.y[600 + i]) hits++;
    const oob = model.oob;
    expect(oob).not.toBeNull();
    expect(oob?.rowsScored).toBe(600);
    expect(Math.abs((oob?.score ?? 0) - hits / 600)).toBeLessThan(0.05);
    expect(hits / 600).toBeGreaterThan(0.75);
    expect(model.data.oobScore).toBe(oob?.score);
  });

  it('OOB R² is close to the held-out R² (regression); rows never out of bag have NaN predictions', async () => {
    const { X, target } = makeProblem(1200, 4, 'regression');
    const y = target.y as Float64Array;
    const model = await fitRf(slice(X, 0, 600), { task: 'regression', y: y.slice(0, 600) }, { nEstimators: 60, oobScore: true });
    const pred = model.predict(slice(X, 600, 1200));
    let mean = 0;
    for (let i = 600; i < 1200; i++) mean += y[i]! / 600;
    let ssr = 0;
    let sst = 0;
    for (let i = 0; i < 600; i++) {
      ssr += (y[600 + i]! - pred[i]!) ** 2;
      sst += (y[600 + i]! - mean) ** 2;
    }
    expect(Math.abs((model.oob?.score ?? 0) - (1 - ssr / sst))).toBeLessThan(0.07);
    const one = await fitRf(slice(X, 0, 600), { task: 'regression', y: y.slice(0, 600) }, { nEstimators: 1, oobScore: true });
    const nan = Array.from(one.oob?.prediction ?? []).filter((v) => Number.isNaN(v)).length;
    // one bootstrap sample leaves about e⁻¹ of the rows out
    expect(one.oob?.rowsScored).toBe(600 - nan);
    expect(nan / 600).toBeGreaterThan(0.55);
    expect(nan / 600).toBeLessThan(0.72);
  });
});

describe('importance', () => {
  it('informative features outrank noise and the importances sum to 1', async () => {
    const { X, target } = makeProblem(600, 5, 'regression');
    const imp = (await fitRf(X, target, { nEstimators: 30 })).featureImportance();
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const informative of [0, 1, 2]) for (const noise of [4, 5]) expect(imp[informative]).toBeGreaterThan(imp[noise]! * 2);
  });
});

describe('input and parameter errors', () => {
  const { X, target } = makeProblem(80, 6, 'binary');
  const reg: TrainingTarget = { task: 'regression', y: Float64Array.from(target.y) };

  it('rejects criteria, class weights and OOB settings that do not fit the task', async () => {
    expect(await code(rfLearner.fit(X, reg, rfLearner.params.parse({ criterion: 'gini' }), ctx))).toBe('MLP_ML_INVALID_PARAM');
    expect(await code(rfLearner.fit(X, target, rfLearner.params.parse({ criterion: 'squared-error' }), ctx))).toBe('MLP_ML_INVALID_PARAM');
    expect(await code(rfLearner.fit(X, reg, rfLearner.params.parse({ classWeight: 'balanced' }), ctx))).toBe('MLP_ML_INVALID_PARAM');
    expect(await code(rfLearner.fit(X, target, rfLearner.params.parse({ bootstrap: false, oobScore: true }), ctx))).toBe(
      'MLP_ML_INVALID_PARAM',
    );
    expect(await code(extraTreesLearner.fit(X, target, extraTreesLearner.params.parse({ oobScore: true }), ctx))).toBe(
      'MLP_ML_INVALID_PARAM',
    );
    expect(rfLearner.params.safeParse({ maxBins: 256 }).success).toBe(false);
    expect(rfLearner.params.safeParse({ maxFeatures: 'half' }).success).toBe(false);
  });

  it('a regression model gives no probabilities', async () => {
    const model = await fitRf(X, reg, { nEstimators: 2 });
    expect(await code(() => model.predictProba(X))).toBe('MLP_ML_INVALID_PARAM');
  });

  it('load rejects a state whose children point backwards (a loop)', async () => {
    const state = (await fitRf(X, target, { nEstimators: 2 })).toState();
    const left = Int32Array.from(state.arrays.left as Int32Array);
    left[0] = 0;
    const bad: ModelState = { ...state, arrays: { ...state.arrays, left } };
    expect(await code(() => rfLearner.load(bad))).toBe('MLP_ML_BUNDLE_INVALID');
    const feature = Int32Array.from(state.arrays.feature as Int32Array);
    feature[0] = 99;
    expect(await code(() => rfLearner.load({ ...state, arrays: { ...state.arrays, feature } }))).toBe('MLP_ML_BUNDLE_INVALID');
    expect(await code(() => extraTreesLearner.load(state))).toBe('MLP_ML_BUNDLE_INVALID');
  });

  it('stops between trees when the signal is aborted and reports progress', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(rfLearner.fit(X, target, rfLearner.params.parse({}), { ...ctx, signal: controller.signal })).rejects.toThrow('stop');
    const seen: number[] = [];
    await rfLearner.fit(X, target, rfLearner.params.parse({ nEstimators: 4 }), { ...ctx, progress: (f) => seen.push(f) });
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
  });
});

function slice(X: FeatureMatrix, from: number, to: number): FeatureMatrix {
  return featureMatrix(
    X.columns.map((c) => c.slice(from, to)),
    { names: X.names, categorical: X.categorical },
  );
}

describe('threads', () => {
  it('trees grown on 2 and 3 threads are bit-identical to one thread, OOB included', async () => {
    const { X, target } = makeProblem(300, 9, 'binary');
    const p = resolveForestParams('rf', { nEstimators: 7, oobScore: true }, 'binary', false);
    const w = new Float64Array(X.rows).fill(1);
    const serial = trainForest(X, target, p, w, 4);
    for (const threads of [2, 3]) {
      const seen: number[] = [];
      const threaded = await trainForestThreaded(X, target, p, w, 4, threads, { progress: (f) => seen.push(f) });
      expect(threaded.trees.length).toBe(7);
      threaded.trees.forEach((t, i) => {
        const s = serial.trees[i]!;
        for (const key of ['feature', 'threshold', 'left', 'right', 'defaultLeft', 'values', 'gain', 'cover', 'catBits'] as const) {
          expect(
            Buffer.from(t[key].buffer, t[key].byteOffset, t[key].byteLength).equals(
              Buffer.from(s[key].buffer, s[key].byteOffset, s[key].byteLength),
            ),
          ).toBe(true);
        }
      });
      expect(threaded.oob?.score).toBe(serial.oob?.score);
      expect(seen.at(-1)).toBe(1);
    }
  }, 30_000);

  it('stops a threaded fit when the signal is aborted, and the next fit on the same pool is still bit-identical', async () => {
    const { X, target } = makeProblem(300, 9, 'regression');
    const p = resolveForestParams('rf', { nEstimators: 40 }, 'regression', false);
    const w = new Float64Array(X.rows).fill(1);
    const controller = new AbortController();
    const seen: number[] = [];
    const stopped = trainForestThreaded(X, target, p, w, 4, 2, {
      signal: controller.signal,
      progress: (f) => {
        seen.push(f);
        if (seen.length === 3) controller.abort(new Error('stop'));
      },
    });
    await expect(stopped).rejects.toThrow('stop');
    expect(seen.length).toBeLessThan(40);
    // trees of the abandoned batch that workers were still growing must not leak into the next fit
    const serial = trainForest(X, target, p, w, 4);
    const again = await trainForestThreaded(X, target, p, w, 4, 2);
    again.trees.forEach((t, i) => expect(Buffer.from(t.values.buffer).equals(Buffer.from(serial.trees[i]!.values.buffer))).toBe(true));
  }, 30_000);
});

describe('extra-trees on categorical and missing values', () => {
  it('learns the categorical effect and round-trips through its state', async () => {
    const { X, target } = makeProblem(800, 10, 'regression');
    const train = slice(X, 0, 500);
    const test = slice(X, 500, 800);
    const y = target.y as Float64Array;
    const model = await extraTreesLearner.fit(
      train,
      { task: 'regression', y: y.slice(0, 500) },
      extraTreesLearner.params.parse({ nEstimators: 40 }),
      ctx,
    );
    const pred = model.predict(test);
    let mean = 0;
    for (let i = 0; i < 500; i++) mean += y[i]! / 500;
    let ssr = 0;
    let sst = 0;
    for (let i = 0; i < 300; i++) {
      ssr += (y[500 + i]! - pred[i]!) ** 2;
      sst += (y[500 + i]! - mean) ** 2;
    }
    expect(1 - ssr / sst).toBeGreaterThan(0.5);
    // the categorical column is split as a set somewhere in the forest
    expect((model as ForestModel).data.trees.some((t) => Array.from(t.catStart).some((c) => c >= 0))).toBe(true);
    const loaded = extraTreesLearner.load(model.toState());
    expect(Buffer.from(loaded.predict(test).buffer).equals(Buffer.from(pred.buffer))).toBe(true);
  });
});
