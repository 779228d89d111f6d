import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ManualClock, resolveConfig, silentLogger } from '../../../src/core/index.js';
import { Workspace } from '../../../src/workspace/index.js';

const iris = join(import.meta.dirname, '../../../examples/iris.csv');
const penguins = join(import.meta.dirname, '../../../examples/penguins.csv');

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
