import { afterAll, describe, expect, it } from 'vitest';

import { gbdtLearner } from '../../../../src/ml/gbdt/learner.js';
import { shutdownComputePools } from '../../../../src/ml/index.js';
import type { TreeEnsembleModel } from '../../../../src/ml/gbdt/tree-ensemble-model.js';
import type { FitReport } from '../../../../src/ml/learner.js';
import { makeRegression, rmse, sliceRows } from './make-data.js';

/**
 * gbdt's per-round reports: the validation metric is the model's own validation history, and the training metric
 * after round r is the RMSE of the model trained with r rounds on the training rows (computed independently by
 * predicting with that model). Early stopping and budgets record why training stopped.
 */
afterAll(() => shutdownComputePools());

const all = makeRegression(1200, 21);
const train = { x: sliceRows(all.x, 0, 900), y: all.y.slice(0, 900) };
const valid = { x: sliceRows(all.x, 900, 1200), y: all.y.slice(900) };
const ctx = { seed: 2, threads: 1 };
const validation = { X: valid.x, target: { task: 'regression' as const, y: valid.y } };

describe('gbdt fit reports', () => {
  it('reports rmse on the training rows (when asked) and on the validation rows after every round', async () => {
    const reports: FitReport[] = [];
    const params = { numRounds: 6, learningRate: 0.3 };
    const model = (await gbdtLearner.fit(train.x, { task: 'regression', y: train.y }, params, {
      ...ctx,
      validation,
      trainingMetric: true,
      report: (r) => reports.push(r),
    })) as TreeEnsembleModel;
    expect(reports.map((r) => r.metric)).toEqual(Array(6).fill('rmse'));
    expect(reports.map((r) => r.validation)).toEqual(Array.from(model.gbdt.info.validHistory));
    for (const r of reports) {
      const shorter = await gbdtLearner.fit(train.x, { task: 'regression', y: train.y }, { ...params, numRounds: r.iteration }, ctx);
      expect(r.training).toBeCloseTo(rmse(train.y, shorter.predict(train.x)), 10);
    }
  });

  it('leaves the training metric out unless asked for', async () => {
    const reports: FitReport[] = [];
    await gbdtLearner.fit(train.x, { task: 'regression', y: train.y }, { numRounds: 2 }, { ...ctx, report: (r) => reports.push(r) });
    expect(reports).toEqual([
      { iteration: 1, total: 2 },
      { iteration: 2, total: 2 },
    ]);
  });

  it('records early stopping: the rounds run, the best round kept', async () => {
    const reports: FitReport[] = [];
    const model = (await gbdtLearner.fit(
      train.x,
      { task: 'regression', y: train.y },
      { numRounds: 500, learningRate: 1, maxDepth: 8, minChildWeight: 0, earlyStoppingRounds: 3 },
      {
        ...ctx,
        validation,
        report: (r) => reports.push(r),
      },
    )) as TreeEnsembleModel;
    const best = model.gbdt.info.bestIteration;
    expect(reports.length).toBe(best + 3);
    expect(model.gbdt.info.rounds).toBe(best);
    expect(model.training).toEqual({ stoppedBy: 'early-stopping', iterations: best + 3 });
  });

  it('checks the signal between the trees of a multiclass round', async () => {
    const controller = new AbortController();
    const classes = Int32Array.from(train.y, (v) => (v < 0 ? 0 : v < 2 ? 1 : 2));
    let calls = 0;
    const signal = controller.signal;
    // read once before training, then between the trees of each round: the second read is inside the first round
    const watched = new Proxy(signal, {
      get(target, key) {
        if (key === 'throwIfAborted') {
          return () => {
            calls++;
            if (calls === 2) controller.abort('mid-round');
            target.throwIfAborted();
          };
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const reports: FitReport[] = [];
    await expect(
      gbdtLearner.fit(
        train.x,
        { task: 'multiclass', y: classes, classes: ['a', 'b', 'c'] },
        { numRounds: 3 },
        { ...ctx, signal: watched, report: (r) => reports.push(r) },
      ),
    ).rejects.toBe('mid-round');
    expect(reports).toEqual([]);
  });
});
