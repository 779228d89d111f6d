import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { Frame, readTable } from '../../../../src/data/index.js';
import {
  createLearnerRegistry,
  evaluatePipeline,
  fitAndEvaluate,
  fitPipeline,
  holdoutSplit,
  trainingTarget,
} from '../../../../src/ml/index.js';

const learners = createLearnerRegistry();
const examples = join(import.meta.dirname, '../../../../examples');
const iris = async (): Promise<Frame> => (await readTable(join(examples, 'iris.csv'))).frame;

/** A regression frame with a date column: y grows with time, plus a store id (8 stores). */
function timed(n: number): Frame {
  const day = 86_400_000;
  const order = Array.from({ length: n }, (_, i) => (i * 37) % n); // rows not in time order
  return new Frame([
    { name: 'when', type: 'datetime', values: Float64Array.from(order, (k) => Date.UTC(2026, 0, 1) + k * day) },
    { name: 'x', type: 'numeric', values: Float64Array.from(order, (k) => Math.sin(k)) },
    { name: 'store', type: 'categorical', codes: Int32Array.from(order, (k) => k % 8), levels: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] },
    { name: 'y', type: 'numeric', values: Float64Array.from(order, (k) => k / 10 + Math.sin(k)) },
  ]);
}

describe('fitAndEvaluate', () => {
  it('holdout: scores the model fitted on the training rows only, then keeps one fitted on every row', async () => {
    const frame = await iris();
    const learner = learners.get('naive-bayes');
    const options = {
      frame,
      target: 'species',
      learner,
      evaluation: { kind: 'holdout', fraction: 0.3 },
      context: { seed: 5, threads: 1 },
    } as const;
    const result = await fitAndEvaluate(options);
    const target = trainingTarget(frame.column('species'));
    const split = holdoutSplit(frame.rowCount, 0.3, 5, target.task === 'regression' ? undefined : target.y);
    const byHand = await fitPipeline({ frame: frame.take(split.train), target: 'species', learner, context: { seed: 5, threads: 1 } });
    const all = await fitPipeline({ frame, target: 'species', learner, context: { seed: 5, threads: 1 } });
    expect(result.metrics).toEqual(evaluatePipeline(byHand, frame.take(split.test), target).metrics);
    expect(result.pipeline.predictProba(frame)).toEqual(all.predictProba(frame));
    expect(result.pipeline.predictProba(frame)).not.toEqual(byHand.predictProba(frame));
    expect(result.fittedOn).toEqual({ rows: 150, allRows: true });
    // refit: false keeps the evaluated model (a search that only needs the score)
    const scoreOnly = await fitAndEvaluate({ ...options, refit: false });
    expect(scoreOnly.pipeline.predictProba(frame)).toEqual(byHand.predictProba(frame));
    expect(scoreOnly.fittedOn).toEqual({ rows: split.train.length, allRows: false });
    expect(result.evaluation).toEqual({
      kind: 'holdout',
      strategy: 'stratified',
      fraction: 0.3,
      trainRows: split.train.length,
      testRows: split.test.length,
    });
    expect(result.primaryMetric).toBe('log-loss');
  });

  it('cross-validation: fold means, and a kept model refitted on every row', async () => {
    const frame = await iris();
    const learner = learners.get('linear');
    const result = await fitAndEvaluate({
      frame,
      target: 'species',
      learner,
      evaluation: { kind: 'cv', folds: 4 },
      context: { seed: 1, threads: 1 },
    });
    if (result.evaluation.kind !== 'cv') throw new Error('expected cv');
    expect(Object.keys(result.metricsStd ?? {}).sort()).toEqual(Object.keys(result.metrics).sort());
    for (const [id, values] of Object.entries(result.evaluation.foldMetrics)) {
      expect(values).toHaveLength(4);
      const mean = values.reduce((a, b) => a + b, 0) / 4;
      expect(result.metrics[id]).toBeCloseTo(mean, 12);
      // population standard deviation over the folds, as numpy's std (and scikit-learn's std_test_score)
      expect(result.metricsStd?.[id]).toBeCloseTo(Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 4), 12);
    }
    expect(result.metricsStd?.accuracy).toBeGreaterThan(0);
    const all = await fitPipeline({ frame, target: 'species', learner, context: { seed: 1, threads: 1 } });
    expect(result.pipeline.predictProba(frame)).toEqual(all.predictProba(frame));
  });

  it('temporal: trains on the past and validates on the future', async () => {
    const frame = timed(60);
    const progress: number[] = [];
    const result = await fitAndEvaluate({
      frame,
      target: 'y',
      learner: learners.get('gbdt'),
      params: { numRounds: 5 },
      evaluation: { kind: 'holdout', fraction: 0.25, timeColumn: 'when' },
      context: { seed: 0, threads: 1, progress: (f) => progress.push(f) },
    });
    expect(result.evaluation).toMatchObject({ strategy: 'temporal', column: 'when', trainRows: 45, testRows: 15 });
    const when = frame.column('when');
    if (when.type !== 'datetime') throw new Error('datetime expected');
    const isPast = (i: number): boolean => when.values[i]! < Date.UTC(2026, 0, 46);
    const past = Int32Array.from([...when.values.keys()].filter(isPast));
    const future = Int32Array.from([...when.values.keys()].filter((i) => !isPast(i)));
    const gbdt = (rows: Frame) =>
      fitPipeline({ frame: rows, target: 'y', learner: learners.get('gbdt'), params: { numRounds: 5 }, context: { seed: 0, threads: 1 } });
    const byHand = await gbdt(frame.take(past));
    expect(result.metrics).toEqual(evaluatePipeline(byHand, frame.take(future), trainingTarget(frame.column('y'))).metrics);
    expect(result.pipeline.predict(frame)).toEqual((await gbdt(frame)).predict(frame));
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
  });

  it('grouped: keeps each group on one side and does not use the group column as a feature', async () => {
    const result = await fitAndEvaluate({
      frame: timed(64),
      target: 'y',
      learner: learners.get('linear'),
      evaluation: { kind: 'cv', folds: 4, groupColumn: 'store' },
      context: { seed: 2, threads: 1 },
    });
    expect(result.evaluation).toMatchObject({ kind: 'cv', strategy: 'grouped', column: 'store', folds: 4 });
    expect(result.pipeline.inputSchema.map((c) => c.name)).not.toContain('store');
  });

  it('without evaluation (kind none): one fit on every row, no metrics', async () => {
    const frame = await iris();
    const learner = learners.get('naive-bayes');
    const progress: number[] = [];
    const result = await fitAndEvaluate({
      frame,
      target: 'species',
      learner,
      evaluation: { kind: 'none' },
      context: { seed: 0, threads: 1, progress: (f) => progress.push(f) },
    });
    const all = await fitPipeline({ frame, target: 'species', learner, context: { seed: 0, threads: 1 } });
    expect(result.pipeline.predictProba(frame)).toEqual(all.predictProba(frame));
    expect(result).toMatchObject({ metrics: {}, skipped: {}, evaluation: { kind: 'none' }, fittedOn: { rows: 150, allRows: true } });
    expect(result.metricsStd).toBeUndefined();
    expect(progress.at(-1)).toBe(1);
  });

  it('says why the task was inferred, and nothing when the task was given', async () => {
    const frame = await iris();
    const run = (task?: 'multiclass') =>
      fitAndEvaluate({
        frame,
        target: 'species',
        learner: learners.get('naive-bayes'),
        ...(task === undefined ? {} : { task }),
        evaluation: { kind: 'none' },
        context: { seed: 0, threads: 1 },
      });
    expect((await run()).taskReason).toBe('3 distinct text labels');
    expect((await run('multiclass')).taskReason).toBeUndefined();
  });

  it('binary: the chosen positive class is what F1 counts; the split and the class-symmetric metrics stay the same', async () => {
    // 50 versicolor and 25 virginica: unbalanced, so F1 depends on which class is positive
    const frame = (await iris()).take(Int32Array.from({ length: 75 }, (_, i) => 50 + i));
    const run = (positiveClass?: string) =>
      fitAndEvaluate({
        frame,
        target: 'species',
        learner: learners.get('linear'),
        params: { C: 0.01 },
        ...(positiveClass === undefined ? {} : { positiveClass }),
        evaluation: { kind: 'holdout', fraction: 0.4 },
        refit: false,
        context: { seed: 3, threads: 1 },
      });
    const byDefault = await run();
    const chosen = await run('versicolor');
    expect(byDefault.positiveClass).toBe('virginica');
    expect(chosen.positiveClass).toBe('versicolor');
    expect(chosen.pipeline.classes).toEqual(['virginica', 'versicolor']);
    expect(chosen.metrics['roc-auc']).toBeCloseTo(byDefault.metrics['roc-auc']!, 9);
    expect(chosen.metrics['log-loss']).toBeCloseTo(byDefault.metrics['log-loss']!, 9);
    expect(chosen.metrics.accuracy).toBe(byDefault.metrics.accuracy);
    // F1 of versicolor by hand from the default model's predictions on the same holdout rows
    const target = trainingTarget(frame.column('species'));
    const split = holdoutSplit(75, 0.4, 3, target.task === 'regression' ? undefined : target.y);
    const rows = frame.take(split.test);
    const predicted = byDefault.pipeline.predict(rows);
    const truth = trainingTarget(rows.column('species'), 'binary').y;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < predicted.length; i++) {
      const p = predicted[i] === 0; // class 0 of the default order is versicolor
      const t = truth[i] === 0;
      if (p && t) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    expect(chosen.metrics.f1).toBeCloseTo((2 * tp) / (2 * tp + fp + fn), 12);
    expect(chosen.metrics.f1).not.toBeCloseTo(byDefault.metrics.f1!, 6);
  });

  it('stops with the signal reason when aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(
      fitAndEvaluate({
        frame: await iris(),
        target: 'species',
        learner: learners.get('linear'),
        evaluation: { kind: 'cv', folds: 3 },
        context: { seed: 0, threads: 1, signal: controller.signal },
      }),
    ).rejects.toBe(reason);
  });

  it('refuses a time and a group column together, and a split with an empty side', async () => {
    const frame = timed(20);
    const learner = learners.get('linear');
    await expect(
      fitAndEvaluate({
        frame,
        target: 'y',
        learner,
        evaluation: { kind: 'holdout', timeColumn: 'when', groupColumn: 'store' },
        context: { seed: 0, threads: 1 },
      }),
    ).rejects.toMatchObject({ code: 'MLP_CORE_VALIDATION' });
    await expect(
      fitAndEvaluate({ frame: frame.slice(0, 1), target: 'y', learner, evaluation: { kind: 'holdout' }, context: { seed: 0, threads: 1 } }),
    ).rejects.toMatchObject({ code: 'MLP_ML_BAD_TRAINING_DATA' });
  });
});

describe('evaluatePipeline', () => {
  it('leaves out a metric undefined on the rows, with why, and computes the others', async () => {
    const frame = await iris();
    const binary = frame.take(Int32Array.from({ length: 100 }, (_, i) => i)); // setosa and versicolor only
    const pipeline = await fitPipeline({
      frame: binary,
      target: 'species',
      learner: learners.get('naive-bayes'),
      context: { seed: 0, threads: 1 },
    });
    const target = trainingTarget(binary.column('species'));
    const oneClass = binary.slice(0, 20);
    const scored = evaluatePipeline(pipeline, oneClass, target);
    expect(scored.skipped['roc-auc']).toMatch(/roc-auc/);
    expect(scored.metrics.accuracy).toBe(1);
    expect(Object.keys(scored.metrics)).not.toContain('roc-auc');
  });

  it('binary ROC AUC is computed from P(second class), as the pairwise ranking of the two classes', async () => {
    const frame = (await iris()).take(Int32Array.from({ length: 100 }, (_, i) => 50 + ((i * 7) % 100)));
    const pipeline = await fitPipeline({
      frame,
      target: 'species',
      learner: learners.get('linear'),
      params: { C: 0.001 },
      context: { seed: 0, threads: 1 },
    });
    const target = trainingTarget(frame.column('species'));
    const proba = pipeline.predictProba(frame);
    let pairs = 0;
    let wins = 0;
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < 100; j++) {
        if (target.y[i] !== 1 || target.y[j] !== 0) continue;
        pairs++;
        const d = proba[i * 2 + 1]! - proba[j * 2 + 1]!;
        wins += d > 0 ? 1 : d === 0 ? 0.5 : 0;
      }
    }
    expect(evaluatePipeline(pipeline, frame, target).metrics['roc-auc']).toBeCloseTo(wins / pairs, 12);
  });

  it('propagates errors that are not about a metric', async () => {
    const frame = await iris();
    const pipeline = await fitPipeline({
      frame,
      target: 'species',
      learner: learners.get('naive-bayes'),
      context: { seed: 0, threads: 1 },
    });
    const target = trainingTarget(frame.column('species'));
    expect(() => evaluatePipeline(pipeline, frame.select(['species', 'petal length (cm)']), target)).toThrow(
      expect.objectContaining({ code: 'MLP_ML_MISSING_INPUT' }),
    );
  });
});
