/**
 * The REST API does what the CLI does for the learning engine: learners with their parameters and search spaces,
 * training and batch prediction as jobs, predicting JSON rows, importing a model file and exporting ONNX. Every
 * case sets up its own state on its own server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ApiRole } from '../../src/server/index.js';
import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

const v1 = '/api/v1';
const examples = join(import.meta.dirname, '../../examples');
const interop = join(import.meta.dirname, '../fixtures/ml/interop');
let server: TestServer;

async function call(role: ApiRole, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await server.app.inject({
    method,
    url: `${v1}${url}`,
    headers: { authorization: `Bearer ${server.secrets[role]}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return {
    status: res.statusCode,
    body: String(res.headers['content-type'] ?? '').startsWith('application/json') ? res.json() : undefined,
    raw: res.rawPayload,
    headers: res.headers,
  };
}

async function uploadIris(): Promise<void> {
  const res = await server.app.inject({
    method: 'POST',
    url: `${v1}/datasets/iris/versions`,
    headers: { authorization: `Bearer ${server.secrets.editor}`, 'content-type': 'text/csv' },
    payload: readFileSync(join(examples, 'iris.csv')),
  });
  expect(res.statusCode).toBe(201);
}

async function waitJob(id: string): Promise<{ status: string; result: Record<string, unknown>; submittedBy: string }> {
  for (let i = 0; i < 1200; i++) {
    const job = await call('viewer', 'GET', `/jobs/${id}`);
    if (['succeeded', 'failed', 'cancelled'].includes(job.body.status)) return job.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

beforeEach(async () => {
  server = await openTestServer({ auth: true });
});
afterEach(async () => {
  await server.close();
});

describe('REST API for training and prediction', () => {
  it('lists learners with their parameters, defaults and search spaces', async () => {
    const list = await call('viewer', 'GET', '/learners');
    expect(list.status).toBe(200);
    expect(list.body.learners.map((l: { id: string }) => l.id)).toEqual(['extra-trees', 'gbdt', 'knn', 'linear', 'naive-bayes', 'rf']);
    const gbdt = await call('viewer', 'GET', '/learners/gbdt');
    expect(gbdt.body.params).toContainEqual({
      name: 'numRounds',
      schema: { type: 'integer', minimum: 1, maximum: 100000 },
      default: 100,
      description: 'Boosting rounds (trees per class).',
      aliases: {
        xgboost: ['num_boost_round', 'n_estimators', 'num_round'],
        lightgbm: ['num_iterations', 'n_estimators', 'num_boost_round', 'num_trees'],
        'scikit-learn': ['max_iter'],
      },
    });
    expect(gbdt.body.searchSpace.learningRate).toMatchObject({ kind: 'float', log: true });
    expect((await call('viewer', 'GET', '/learners/svm')).body.error).toMatchObject({
      code: 'MLP_CORE_UNKNOWN_ID',
      message: expect.stringMatching(/gbdt/),
    });
  });

  it('trains as a job (202), then predicts JSON rows with the registered version, labels and probabilities', async () => {
    await uploadIris();
    expect((await call('viewer', 'POST', '/train', { data: 'iris@1', target: 'species' })).status).toBe(403);
    const submitted = await call('editor', 'POST', '/train', {
      data: 'iris@1',
      target: 'species',
      learner: 'naive-bayes',
      model: 'iris-nb',
      cv: 3,
    });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ type: 'train', status: 'queued', submittedBy: 'editor-owner' });
    const done = await waitJob(submitted.body.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ model: { name: 'iris-nb', version: 1 }, task: 'multiclass', evaluation: { kind: 'cv', folds: 3 } });
    const version = await call('viewer', 'GET', '/models/iris-nb/versions/1');
    expect(version.body.runId).toBe(done.result.runId);

    const rows = [
      { 'sepal length (cm)': 5.1, 'sepal width (cm)': 3.5, 'petal length (cm)': 1.4, 'petal width (cm)': 0.2 },
      { 'sepal length (cm)': 6.7, 'sepal width (cm)': 3.0, 'petal length (cm)': 5.2, 'petal width (cm)': 2.3 },
    ];
    const predicted = await call('viewer', 'POST', '/models/iris-nb/versions/latest/predict', { rows });
    expect(predicted.status).toBe(200);
    expect(predicted.body).toMatchObject({
      model: { name: 'iris-nb', version: 1 },
      task: 'multiclass',
      classes: ['setosa', 'versicolor', 'virginica'],
      predictions: ['setosa', 'virginica'],
    });
    for (const p of predicted.body.probabilities) expect(p.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 9);
    const missing = await call('viewer', 'POST', '/models/iris-nb/versions/1/predict', { rows: [{ 'sepal length (cm)': 5.1 }] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('MLP_ML_MISSING_INPUT');
  });

  it('refuses a training request whose data is a path, naming the field, and queues nothing', async () => {
    const bad = await call('editor', 'POST', '/train', { data: '../../etc/passwd', target: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/data/);
    expect((await call('viewer', 'GET', '/jobs')).body.jobs).toEqual([]);
  });

  it('refuses evaluation options that cannot go together (400 naming the field) and queues nothing', async () => {
    await uploadIris();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ cv: 5, holdout: 0.3 }, 'body.holdout', /give cv or holdout, not both/],
      [{ timeColumn: 'a', groupColumn: 'b' }, 'body.groupColumn', /give timeColumn or groupColumn, not both/],
      [{ holdout: 0, groupColumn: 'species' }, 'body.groupColumn', /holdout 0 means no evaluation/],
      [{ split: 'random', timeColumn: 'a' }, 'body.split', /split "random" contradicts timeColumn/],
    ];
    for (const [options, field, message] of cases) {
      const bad = await call('editor', 'POST', '/train', { data: 'iris@1', target: 'species', ...options });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field } });
      expect(bad.body.error.message).toMatch(message);
    }
    expect((await call('viewer', 'GET', '/jobs')).body.jobs).toEqual([]);
  });

  it('trains without evaluation (holdout 0) and with a chosen positive class, and says so in the job result', async () => {
    const binary = readFileSync(join(examples, 'iris.csv'), 'utf8').trim().split('\n');
    const res = await server.app.inject({
      method: 'POST',
      url: `${v1}/datasets/flowers/versions`,
      headers: { authorization: `Bearer ${server.secrets.editor}`, 'content-type': 'text/csv' },
      payload: `${[binary[0], ...binary.slice(51)].join('\n')}\n`,
    });
    expect(res.statusCode).toBe(201);
    const submitted = await call('editor', 'POST', '/train', {
      data: 'flowers@1',
      target: 'species',
      learner: 'linear',
      holdout: 0,
      positiveClass: 'versicolor',
    });
    expect(submitted.status).toBe(202);
    const done = await waitJob(submitted.body.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      result: {
        task: 'binary',
        taskReason: 'two distinct labels',
        positiveClass: 'versicolor',
        metrics: {},
        evaluation: { kind: 'none' },
        fittedOn: { rows: 100, allRows: true },
      },
    });
  });

  it('scores a dataset version as a batch job whose run keeps predictions.csv', async () => {
    await uploadIris();
    await server.workspace.training.train(
      { data: 'iris@1', target: 'species', learner: 'linear', model: 'iris-lin' },
      server.workspace.ctx,
    );
    const submitted = await call('editor', 'POST', '/predict', { model: 'iris-lin@1', data: 'iris@1' });
    expect(submitted.status).toBe(202);
    const done = await waitJob(submitted.body.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      result: { rows: 150, columns: ['prediction', 'proba_setosa', 'proba_versicolor', 'proba_virginica'] },
    });
    const runId = done.result.runId as string;
    const csv = await call('viewer', 'GET', `/runs/${runId}/artifacts/predictions.csv`);
    expect(csv.status).toBe(200);
    expect(csv.raw.toString('utf8').split('\n')[0]).toBe('prediction,proba_setosa,proba_versicolor,proba_virginica');
  });

  it('imports an XGBoost model with ?categories= and scores label rows like XGBoost did', async () => {
    const cases = JSON.parse(readFileSync(join(interop, 'xgb-labels.cases.json'), 'utf8')) as {
      features: string[];
      rows: Array<Array<string | number | null>>;
      predict: number[];
    };
    const categories = encodeURIComponent(readFileSync(join(interop, 'xgb-labels.categories.json'), 'utf8'));
    const imported = await server.app.inject({
      method: 'POST',
      url: `${v1}/models/labelled/import?flavor=xgboost-json&categories=${categories}`,
      headers: { authorization: `Bearer ${server.secrets.editor}`, 'content-type': 'application/octet-stream' },
      payload: readFileSync(join(interop, 'xgb-labels.model.json')),
    });
    expect(imported.statusCode).toBe(201);
    const rows = cases.rows.map((r) => Object.fromEntries(cases.features.map((f, j) => [f, r[j]])));
    const scored = await call('viewer', 'POST', '/models/labelled/versions/1/predict', { rows });
    expect(scored.status).toBe(200);
    scored.body.predictions.forEach((p: number, i: number) => expect(Math.abs(p - cases.predict[i]!)).toBeLessThan(1e-6));
    const bad = await server.app.inject({
      method: 'POST',
      url: `${v1}/models/labelled/import?flavor=xgboost-json&categories=${encodeURIComponent('{"color":')}`,
      headers: { authorization: `Bearer ${server.secrets.editor}`, 'content-type': 'application/octet-stream' },
      payload: readFileSync(join(interop, 'xgb-labels.model.json')),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'MLP_CORE_VALIDATION', details: { field: 'categories' } } });
  });

  it('imports an XGBoost model from the raw body and exports it as ONNX that scores like XGBoost', async () => {
    const cases = JSON.parse(readFileSync(join(interop, 'xgb-regression.cases.json'), 'utf8')) as {
      features: string[];
      rows: Array<Array<number | null>>;
      predict: number[];
    };
    const imported = await server.app.inject({
      method: 'POST',
      url: `${v1}/models/xgb/import?flavor=xgboost-json&features=${cases.features.join(',')}&filename=model.json`,
      headers: { authorization: `Bearer ${server.secrets.editor}`, 'content-type': 'application/octet-stream' },
      payload: readFileSync(join(interop, 'xgb-regression.model.json')),
    });
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({
      modelName: 'xgb',
      version: 1,
      tags: { 'mlpilot.flavor': 'xgboost-json', 'mlpilot.source': 'upload:model.json' },
    });
    const onnx = await call('viewer', 'GET', '/models/xgb/versions/1/onnx');
    expect(onnx.status).toBe(200);
    expect(onnx.headers['content-disposition']).toBe('attachment; filename="xgb-1.onnx"');
    const reimported = await server.app.inject({
      method: 'POST',
      url: `${v1}/models/xgb-onnx/import?flavor=onnx&features=${cases.features.join(',')}`,
      headers: { authorization: `Bearer ${server.secrets.editor}`, 'content-type': 'application/octet-stream' },
      payload: onnx.raw,
    });
    expect(reimported.statusCode).toBe(201);
    const rows = cases.rows.slice(0, 20).map((r) => Object.fromEntries(cases.features.map((f, j) => [f, r[j]])));
    const scored = await call('viewer', 'POST', '/models/xgb-onnx/versions/1/predict', { rows });
    scored.body.predictions.forEach((p: number, i: number) => expect(p).toBeCloseTo(cases.predict[i]!, 4));
  });

  it('refuses to export a pipeline with preprocessing steps as ONNX, saying why', async () => {
    const penguins = readFileSync(join(examples, 'penguins.csv'));
    await server.app.inject({
      method: 'POST',
      url: `${v1}/datasets/penguins/versions`,
      headers: { authorization: `Bearer ${server.secrets.editor}`, 'content-type': 'text/csv' },
      payload: penguins,
    });
    await server.workspace.training.train({ data: 'penguins@1', target: 'Species', learner: 'linear', model: 'pen' }, server.workspace.ctx);
    const onnx = await call('viewer', 'GET', '/models/pen/versions/1/onnx');
    expect(onnx.status).toBe(422);
    expect(onnx.body.error).toMatchObject({
      code: 'MLP_ML_EXPORT_UNSUPPORTED',
      message: expect.stringMatching(/preprocessing|transforms/),
    });
  });
});
