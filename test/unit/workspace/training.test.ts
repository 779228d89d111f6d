import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ManualClock, resolveConfig, silentLogger } from '../../../src/core/index.js';
import { Workspace } from '../../../src/workspace/index.js';

const iris = join(import.meta.dirname, '../../../examples/iris.csv');
const penguins = join(import.meta.dirname, '../../../examples/penguins.csv');

/** A seeded uniform [0, 1) generator (LCG), so the generated data is the same on every run. */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * 400 daily rows whose target drifts with time: y = day / 20 + 3x + noise, rows written out of time order. A model
 * scored on random rows has seen their neighbours in time; scored on the latest rows it must extrapolate the drift.
 */
function drifting(dir: string, extraDate = false): string {
  const next = uniform(7);
  const lines = [`date,${extraDate ? 'booked,' : ''}x,y`];
  for (let k = 0; k < 400; k++) {
    const day = (k * 149) % 400;
    const date = new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10);
    const x = next();
    const booked = extraDate ? `${new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10)},` : '';
    lines.push(`${date},${booked}${x.toFixed(4)},${(day / 20 + 3 * x + (next() - 0.5) * 0.2).toFixed(4)}`);
  }
  const file = join(dir, extraDate ? 'bookings.csv' : 'sales.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('TrainingService and PredictionService', () => {
  let dir: string;
  let ws: Workspace;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlp-train-'));
    ws = await Workspace.open({
      cwd: dir,
      config: resolveConfig({}),
      clock: new ManualClock(Date.now()),
      logger: silentLogger,
      actor: 'bob',
    });
  });
  afterEach(async () => {
    await ws.close();
  });

  it('trains on a file as a tracked run, registers the model and scores a file with it', async () => {
    const result = await ws.training.train({ file: iris, target: 'species', learner: 'linear', model: 'iris-clf', seed: 3 }, ws.ctx);
    expect(result.task).toBe('multiclass');
    expect(result.evaluation).toEqual({ kind: 'holdout', strategy: 'stratified', fraction: 0.2, trainRows: 120, testRows: 30 });
    expect(result.metrics.accuracy).toBeGreaterThan(0.85);
    expect(result.modelVersion).toMatchObject({ modelName: 'iris-clf', version: 1, runId: result.runId });

    const run = await ws.store.runs.get(result.runId);
    expect(run.status).toBe('finished');
    expect(run.params).toMatchObject({ learner: 'linear', target: 'species', task: 'multiclass' });
    expect(run.inputs).toEqual([expect.objectContaining({ datasetName: 'iris', role: 'train' })]);
    expect(run.metrics.accuracy).toBe(result.metrics.accuracy);

    const lineage = await ws.store.lineage.forModelVersion('iris-clf', 1);
    expect(lineage.datasets.map((d) => d.datasetName)).toEqual(['iris']);

    const out = join(dir, 'pred.csv');
    const scored = await ws.predictions.predictFile({ model: 'iris-clf@latest', data: iris, out });
    expect(scored.rows).toBe(150);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('prediction,proba_setosa,proba_versicolor,proba_virginica');
    const source = readFileSync(iris, 'utf8').trim().split('\n').slice(1);
    const correct = lines.slice(1).filter((line, i) => line.split(',')[0] === source[i]!.split(',').at(-1)).length;
    expect(correct / 150).toBeGreaterThan(0.9);
    for (const line of lines.slice(1)) {
      const p = line.split(',').slice(1).map(Number);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('cross-validates when asked and reports fold means', async () => {
    const result = await ws.training.train({ file: penguins, target: 'Species', learner: 'naive-bayes', cv: 3 }, ws.ctx);
    expect(result.evaluation).toMatchObject({ kind: 'cv', strategy: 'stratified', folds: 3 });
    const folds = result.evaluation.kind === 'cv' ? result.evaluation.foldMetrics : {};
    expect(Object.keys(folds).sort()).toEqual(Object.keys(result.metrics).sort());
    for (const [id, values] of Object.entries(folds)) {
      expect(values).toHaveLength(3);
      expect(result.metrics[id]).toBeCloseTo((values[0]! + values[1]! + values[2]!) / 3, 12);
    }
    expect(result.metrics['log-loss']).toBeGreaterThan(0);
    expect(result.modelVersion.modelName).toBe('penguins-naive-bayes');
  });

  it.each([
    [{ learner: 'svm' }, 'MLP_CORE_UNKNOWN_ID', /known: .*linear/],
    [{ learner: 'linear', params: { penalty: 'l3' } }, 'MLP_ML_INVALID_PARAM', /penalty/],
    [{ learner: 'linear', params: { learningRate: 1 } }, 'MLP_ML_INVALID_PARAM', /valid parameters: .*penalty/],
    [{ learner: 'linear', target: 'colour' }, 'MLP_ML_UNKNOWN_TARGET', /columns: sepal length/],
  ])('rejects %j before writing anything', async (change, code, message) => {
    await expect(ws.training.train({ file: iris, target: 'species', ...change } as never, ws.ctx)).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
    expect(await ws.store.models.list()).toEqual([]);
    expect(await ws.store.datasets.list()).toEqual([]);
    expect((await ws.store.runs.search({})).runs).toEqual([]);
  });

  it('registers a model fitted on every row after the holdout evaluation, and says so in the run', async () => {
    const result = await ws.training.train({ file: iris, target: 'species', learner: 'naive-bayes', holdout: 0.3 }, ws.ctx);
    expect(result.evaluation).toMatchObject({ kind: 'holdout', trainRows: 105, testRows: 45 });
    expect(result.fittedOn).toEqual({ rows: 150, allRows: true });
    const run = await ws.store.runs.get(result.runId);
    expect(run.params).toMatchObject({ evaluation: 'holdout-0.3', split: 'stratified', fitted_on: 'all-rows', fit_rows: '150' });
    expect(run.tags['mlpilot.split_reason']).toBe('the data has no date/time column');
  });

  it('holdout 0: no evaluation, one fit on every row, no metrics, and the run says so', async () => {
    const result = await ws.training.train({ file: iris, target: 'species', learner: 'naive-bayes', holdout: 0 }, ws.ctx);
    expect(result).toMatchObject({ metrics: {}, evaluation: { kind: 'none' }, fittedOn: { rows: 150, allRows: true } });
    const run = await ws.store.runs.get(result.runId);
    expect(run.params).toMatchObject({ evaluation: 'none', fitted_on: 'all-rows', fit_rows: '150' });
    expect(run.params.split).toBeUndefined();
    expect(run.metrics).toEqual({});
    expect(result.modelVersion).toMatchObject({ modelName: 'iris-naive-bayes', version: 1 });
  });

  it('records the standard deviation of each metric over the folds as <metric>_std', async () => {
    const result = await ws.training.train({ file: iris, target: 'species', learner: 'naive-bayes', cv: 4 }, ws.ctx);
    if (result.evaluation.kind !== 'cv') throw new Error('cv expected');
    const run = await ws.store.runs.get(result.runId);
    for (const [id, values] of Object.entries(result.evaluation.foldMetrics)) {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
      expect(result.metricsStd?.[id]).toBeCloseTo(std, 12);
      expect(run.metrics[`${id}_std`]).toBeCloseTo(std, 12);
      expect(run.metrics[id]).toBeCloseTo(mean, 12);
    }
  });

  it('splits time-ordered data by its date column: the temporal holdout scores the drift a random one hides', async () => {
    const file = drifting(dir);
    const byTime = await ws.training.train({ file, target: 'y', learner: 'gbdt', params: { numRounds: 60 } }, ws.ctx);
    expect(byTime.task).toBe('regression');
    expect(byTime.evaluation).toMatchObject({ kind: 'holdout', strategy: 'temporal', column: 'date', trainRows: 320, testRows: 80 });
    expect(byTime.splitReason).toBe('"date" is the only date/time column');
    const atRandom = await ws.training.train(
      { data: 'sales@1', target: 'y', learner: 'gbdt', params: { numRounds: 60 }, split: 'random' },
      ws.ctx,
    );
    expect(atRandom.evaluation).toMatchObject({ kind: 'holdout', strategy: 'random', testRows: 80 });
    expect(atRandom.splitReason).toBe('a random split was asked for');
    // The random holdout is optimistic: the latest 80 days lie beyond every training day and the trees cannot extrapolate.
    expect(byTime.metrics.rmse).toBeGreaterThan(2 * atRandom.metrics.rmse!);
    const runs = await Promise.all([byTime, atRandom].map((r) => ws.store.runs.get(r.runId)));
    expect(runs.map((r) => r.params.split)).toEqual(['temporal:date', 'random']);
    expect(runs.map((r) => r.tags['mlpilot.split_reason'])).toEqual([byTime.splitReason, atRandom.splitReason]);
  });

  it('refuses to guess between several date/time columns, naming them; a named one or a random split is fine', async () => {
    const file = drifting(dir, true);
    await expect(ws.training.train({ file, target: 'y', learner: 'linear' }, ws.ctx)).rejects.toMatchObject({
      code: 'MLP_CORE_VALIDATION',
      message: expect.stringMatching(/2 date\/time columns \(date, booked\).*or ask for a random split/),
    });
    expect(await ws.store.datasets.list()).toEqual([]);
    const named = await ws.training.train({ file, target: 'y', learner: 'linear', timeColumn: 'booked' }, ws.ctx);
    expect(named.evaluation).toMatchObject({ strategy: 'temporal', column: 'booked' });
    expect(named.splitReason).toBeUndefined();
    const random = await ws.training.train({ data: 'bookings@1', target: 'y', learner: 'linear', split: 'random' }, ws.ctx);
    expect(random.evaluation).toMatchObject({ strategy: 'random' });
  });

  it('infers classification for whole-number class labels, says why in the run, and a given task overrides it', async () => {
    const file = join(dir, 'cover.csv');
    const next = uniform(3);
    const rows = ['a,b,cover'];
    for (let i = 0; i < 210; i++) {
      const a = next();
      const b = next();
      rows.push(`${a.toFixed(3)},${b.toFixed(3)},${1 + Math.min(6, Math.floor(a * 4) + Math.floor(b * 4))}`);
    }
    writeFileSync(file, `${rows.join('\n')}\n`);
    const inferred = await ws.training.train({ file, target: 'cover', learner: 'naive-bayes' }, ws.ctx);
    expect(inferred.task).toBe('multiclass');
    expect(inferred.taskReason).toBe('7 distinct whole numbers in 210 rows: class labels');
    expect(inferred.modelVersion.signature).toMatchObject({ output: { classes: ['1', '2', '3', '4', '5', '6', '7'] } });
    const run = await ws.store.runs.get(inferred.runId);
    expect(run.params.task).toBe('multiclass');
    expect(run.tags['mlpilot.task_reason']).toBe(`inferred: ${inferred.taskReason}`);
    const given = await ws.training.train({ data: 'cover@1', target: 'cover', learner: 'linear', task: 'regression' }, ws.ctx);
    expect(given.task).toBe('regression');
    expect(given.taskReason).toBeUndefined();
    expect((await ws.store.runs.get(given.runId)).tags['mlpilot.task_reason']).toBe('given');
  });

  it('states the positive class of a binary model, lets the request choose it, and keeps it in the bundle', async () => {
    const file = join(dir, 'flowers.csv');
    const lines = readFileSync(iris, 'utf8').trim().split('\n');
    writeFileSync(file, `${[lines[0], ...lines.slice(51, 126)].join('\n')}\n`); // 50 versicolor, 25 virginica
    const byDefault = await ws.training.train({ file, target: 'species', learner: 'linear' }, ws.ctx);
    expect(byDefault.positiveClass).toBe('virginica');
    const chosen = await ws.training.train(
      { data: 'flowers@1', target: 'species', learner: 'linear', positiveClass: 'versicolor' },
      ws.ctx,
    );
    expect(chosen.positiveClass).toBe('versicolor');
    expect((await ws.store.runs.get(chosen.runId)).params.positive_class).toBe('versicolor');
    expect(chosen.modelVersion.signature).toMatchObject({ output: { task: 'binary', classes: ['virginica', 'versicolor'] } });
    const out = join(dir, 'scores.csv');
    await ws.predictions.predictFile({ model: `${chosen.modelVersion.modelName}@${chosen.modelVersion.version}`, data: file, out });
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('prediction,proba_virginica,proba_versicolor');
    await expect(
      ws.training.train({ data: 'flowers@1', target: 'species', learner: 'linear', positiveClass: 'setosa' }, ws.ctx),
    ).rejects.toMatchObject({ code: 'MLP_CORE_VALIDATION', message: expect.stringMatching(/"setosa" is not a class/) });
  });

  it.each([
    [{ cv: 5, holdout: 0.3 }, /give cv or holdout, not both/],
    [{ timeColumn: 'sepal length (cm)', groupColumn: 'species' }, /give timeColumn or groupColumn, not both/],
    [{ holdout: 0, timeColumn: 'sepal length (cm)' }, /holdout 0 means no evaluation/],
    [{ split: 'random', groupColumn: 'species' }, /split "random" contradicts groupColumn/],
  ])('refuses the evaluation options %j together (exit 2, nothing written)', async (options, message) => {
    await expect(
      ws.training.train({ file: iris, target: 'species', learner: 'linear', ...options } as never, ws.ctx),
    ).rejects.toMatchObject({
      code: 'MLP_CLI_USAGE',
      exitCode: 2,
      message: expect.stringMatching(message),
    });
    expect(await ws.store.datasets.list()).toEqual([]);
  });

  it('refuses to load a registered bundle whose files were tampered with', async () => {
    const result = await ws.training.train({ file: iris, target: 'species', learner: 'knn' }, ws.ctx);
    const tree = (await ws.artifacts.readTree(result.modelVersion.bundleDigest))!;
    const array = tree.find((e) => e.path.startsWith('arrays/'))!;
    const blob = join(ws.artifacts.location, 'blobs', array.digest.slice(0, 2), array.digest);
    const bytes = readFileSync(blob);
    bytes[0]! ^= 0xff;
    writeFileSync(blob, bytes);
    await expect(ws.predictions.load('iris-knn@1')).rejects.toMatchObject({ code: 'MLP_ARTIFACT_CORRUPT' });
  });
});
