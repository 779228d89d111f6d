/**
 * Metric reads over REST on every store backend: non-finite values travel as "NaN" / "Infinity" / "-Infinity"
 * (JSON has no such numbers), and the metric history is paged and can be downsampled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { storeBackends } from '../fixtures/store/backends.js';
import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

const backends = await storeBackends();
const v1 = '/api/v1';
const ctx = { actor: 'tester' };

describe.each(backends)('metric reads over REST on $name', (backend) => {
  let server: TestServer;
  let runId = '';
  const get = async (url: string) => {
    const answer = await server.app.inject({ method: 'GET', url: `${v1}${url}` });
    return { status: answer.statusCode, body: answer.json() };
  };

  beforeAll(async () => {
    server = await openTestServer({ auth: false, databaseUrl: backend.freshUrl() });
    const experiment = await server.workspace.store.experiments.create({ name: 'nonfinite' }, ctx);
    runId = (await server.workspace.store.runs.create({ experimentId: experiment.id }, ctx)).id;
    await server.workspace.store.runs.logMetrics(runId, [
      { key: 'nan', value: Number.NaN, step: 0, timestamp: 1 },
      { key: 'inf', value: Number.POSITIVE_INFINITY, step: 0, timestamp: 1 },
      { key: 'ninf', value: Number.NEGATIVE_INFINITY, step: 0, timestamp: 1 },
      { key: 'mixed', value: 0.5, step: 0, timestamp: 1 },
      { key: 'mixed', value: Number.NaN, step: 1, timestamp: 2 },
      { key: 'mixed', value: Number.POSITIVE_INFINITY, step: 2, timestamp: 3 },
      { key: 'mixed', value: Number.NEGATIVE_INFINITY, step: 3, timestamp: 4 },
    ]);
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  const latest = { nan: 'NaN', inf: 'Infinity', ninf: '-Infinity', mixed: '-Infinity' };

  it('answers a run with non-finite latest metrics as strings', async () => {
    const run = await get(`/runs/${runId}`);
    expect(run.status).toBe(200);
    expect(run.body.metrics).toEqual(latest);
  });

  it('answers a search page holding that run', async () => {
    const answer = await server.app.inject({ method: 'POST', url: `${v1}/runs/search`, payload: {} });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().runs.map((r: { metrics: unknown }) => r.metrics)).toEqual([latest]);
  });

  it('answers the metric history with every value, non-finite ones as strings', async () => {
    const history = await get(`/runs/${runId}/metric-history?key=mixed`);
    expect(history.status).toBe(200);
    expect(history.body.points.map((p: { value: unknown }) => p.value)).toEqual([0.5, 'NaN', 'Infinity', '-Infinity']);
  });

  it('pages the metric history with maxResults and nextPageToken', async () => {
    const first = await get(`/runs/${runId}/metric-history?key=mixed&maxResults=3`);
    expect(first.status).toBe(200);
    expect(first.body.points.map((p: { step: number }) => p.step)).toEqual([0, 1, 2]);
    const token = first.body.nextPageToken as string;
    expect(typeof token).toBe('string');
    const second = await get(`/runs/${runId}/metric-history?key=mixed&maxResults=3&pageToken=${token}`);
    expect(second.body).toEqual({
      key: 'mixed',
      points: [{ key: 'mixed', value: '-Infinity', step: 3, timestamp: 4 }],
      nextPageToken: null,
    });
    const whole = await get(`/runs/${runId}/metric-history?key=mixed`);
    expect(whole.body.points).toHaveLength(4);
    expect(whole.body.nextPageToken).toBeNull();
  });

  it('downsamples the metric history into step buckets with min and max', async () => {
    // Steps 0..3 in 2 buckets: ⌊2s/4⌋ puts 0-1 in bucket 0 and 2-3 in bucket 1; NaN is skipped by min/max.
    const answer = await get(`/runs/${runId}/metric-history?key=mixed&buckets=2`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      key: 'mixed',
      buckets: [
        { firstStep: 0, lastStep: 1, value: 'NaN', timestamp: 2, min: 0.5, max: 0.5, count: 2 },
        { firstStep: 2, lastStep: 3, value: '-Infinity', timestamp: 4, min: '-Infinity', max: 'Infinity', count: 2 },
      ],
    });
  });

  it('refuses out-of-range page sizes and bucket counts, and buckets with paging, naming the field', async () => {
    for (const [query, field] of [
      ['maxResults=25001', 'query.maxResults'],
      ['maxResults=0', 'query.maxResults'],
      ['buckets=5001', 'query.buckets'],
      ['buckets=2&maxResults=10', 'query.buckets'],
    ] as const) {
      const answer = await get(`/runs/${runId}/metric-history?key=mixed&${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error, query).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field } });
    }
    const badToken = await get(`/runs/${runId}/metric-history?key=mixed&pageToken=abc`);
    expect(badToken.body.error.code).toBe('MLP_STORE_INVALID_PAGE_TOKEN');
  });

  it('takes the same strings when logging and reads them back', async () => {
    const logged = await server.app.inject({
      method: 'POST',
      url: `${v1}/runs/${runId}/metrics`,
      payload: {
        metrics: [
          { key: 'posted', value: 'NaN', step: 0 },
          { key: 'posted', value: 'Infinity', step: 1 },
          { key: 'posted', value: '-Infinity', step: 2 },
          { key: 'posted', value: 2.5, step: 3 },
        ],
      },
    });
    expect(logged.statusCode).toBe(200);
    const stored = await server.workspace.store.runs.metricHistory(runId, 'posted');
    expect(stored.map((p) => p.value)).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2.5]);
    const bad = await server.app.inject({
      method: 'POST',
      url: `${v1}/runs/${runId}/metrics`,
      payload: { metrics: [{ key: 'posted', value: 'nan' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field: 'body.metrics[0].value' } });
  });
});
