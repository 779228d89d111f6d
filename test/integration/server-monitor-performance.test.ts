/**
 * GET /api/v1/monitor/{model}/performance: the viewer role reads it (no token: 401), the query is validated (400),
 * an unknown model is 404, a version without rebuildable validation rows is 409, and the answer holds the realised
 * accuracy of the logged window as the engine computes it from the same predictions and labels.
 */
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readTable } from '../../src/data/index.js';
import { accuracyScore } from '../../src/ml/index.js';
import type { ApiRole } from '../../src/server/index.js';
import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

const iris = join(import.meta.dirname, '../../examples/iris.csv');
let server: TestServer;
let expectedAccuracy: number;

async function get(role: ApiRole | null, url: string) {
  const res = await server.app.inject({
    method: 'GET',
    url: `/api/v1/monitor${url}`,
    headers: role === null ? {} : { authorization: `Bearer ${server.secrets[role]}` },
  });
  return { status: res.statusCode, body: res.json() };
}

beforeAll(async () => {
  server = await openTestServer({ auth: true });
  const ws = server.workspace;
  await ws.datasets.add({ file: iris, name: 'iris' }, ws.ctx);
  await ws.training.train({ data: 'iris@1', target: 'species', learner: 'naive-bayes', model: 'nb', seed: 1 }, ws.ctx);
  await ws.training.train({ data: 'iris@1', target: 'species', learner: 'naive-bayes', model: 'nb-all', holdout: 0 }, ws.ctx);
  const { frame, contentHash } = await readTable(iris);
  const features = frame.select(frame.columnNames.filter((c) => c !== 'species'));
  for (const model of ['nb', 'nb-all']) {
    const scored = await ws.predictions.predictFrame(model, features);
    await ws.ingestion.logScored({ frame: features, scored, contentHash });
    if (model !== 'nb') continue;
    const species = frame.toRows().map((r) => r['species'] as string);
    const classes = scored.classes as readonly string[];
    expectedAccuracy = accuracyScore(
      Float64Array.from(species, (s) => classes.indexOf(s)),
      scored.values,
    );
    await ws.ingestion.ingestLabels(
      'nb',
      species.map((label, i) => ({ id: `v1-${contentHash.slice(0, 24)}-${i}`, label })),
    );
  }
  await ws.ingestion.ingestor.flush();
});
afterAll(async () => {
  await server.close();
});

describe('GET /api/v1/monitor/{model}/performance', () => {
  it('answers a viewer with the realised accuracy of the window, its CBPE estimate and the baseline band', async () => {
    const res = await get('viewer', '/nb/performance?window=daily');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ model: 'nb', version: 1, task: 'multiclass', estimator: { method: 'cbpe' } });
    expect(res.body.reference.source).toMatchObject({ kind: 'validation', dataset: 'iris@1', evaluation: 'holdout-0.2' });
    expect(res.body.windows).toHaveLength(1);
    const [window] = res.body.windows;
    expect(window).toMatchObject({ rows: 150, labelled: 150, otherVersions: 0 });
    const accuracy = window.metrics.find((m: { metric: string }) => m.metric === 'accuracy');
    expect(accuracy.realised.value).toBeCloseTo(expectedAccuracy, 12);
    expect(accuracy.estimated).toMatchObject({ method: 'cbpe', status: 'ok' });
    expect(accuracy.band.lower).toBeLessThanOrEqual(accuracy.band.upper);
  });

  it('takes repeated metric parameters and a version', async () => {
    const res = await get('viewer', '/nb/performance?window=daily&metric=accuracy&metric=log-loss&version=1');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.metrics).toEqual(['accuracy', 'log-loss']);
    const logLoss = res.body.windows[0].metrics[1];
    expect(logLoss).toMatchObject({ metric: 'log-loss', estimated: null });
  });

  it('refuses a request without a token, a bad query, an unknown model and a version without a reference', async () => {
    expect((await get(null, '/nb/performance')).status).toBe(401);
    const bad = await get('viewer', '/nb/performance?window=weekly');
    expect(bad.status).toBe(400);
    const metric = await get('viewer', '/nb/performance?metric=rmse');
    expect(metric).toMatchObject({ status: 400, body: { error: { code: 'MLP_MONITOR_PERF_INPUT' } } });
    const missing = await get('viewer', '/nobody/performance');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'MLP_STORE_NOT_FOUND' } } });
    const noReference = await get('viewer', '/nb-all/performance');
    expect(noReference).toMatchObject({ status: 409, body: { error: { code: 'MLP_MONITOR_NO_REFERENCE' } } });
  });
});
