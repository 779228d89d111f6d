/**
 * Inputs at the edge of what the databases hold answer 400 naming the field, the same on SQLite and PostgreSQL:
 * a filter with too many comparisons, numbers beyond an integer column's range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { storeBackends } from '../fixtures/store/backends.js';
import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

const backends = await storeBackends();
const v1 = '/api/v1';

describe.each(backends)('limits of the REST API on $name', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await openTestServer({ auth: false, databaseUrl: backend.freshUrl() });
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  const search = async (filter: string) => {
    const answer = await server.app.inject({ method: 'POST', url: `${v1}/runs/search`, payload: { filter } });
    return { status: answer.statusCode, body: answer.json() };
  };

  it('refuses a filter of more than 50 comparisons with MLP_STORE_SEARCH_SYNTAX naming the limit', async () => {
    const filter = (n: number) => Array.from({ length: n }, (_, i) => `params.p${i} = 'x'`).join(' and ');
    expect((await search(filter(50))).status).toBe(200);
    for (const n of [51, 64, 100]) {
      const answer = await search(filter(n));
      expect(answer.status, `${n} comparisons`).toBe(400);
      expect(answer.body.error.code).toBe('MLP_STORE_SEARCH_SYNTAX');
      expect(answer.body.error.message).toContain('at most 50 comparisons');
    }
  });

  it('refuses version numbers beyond the 32-bit version columns with MLP_CORE_VALIDATION naming the field', async () => {
    const write = { actor: 'tester' };
    await server.workspace.store.models.createVersion({ modelName: 'm', bundleDigest: 'a'.repeat(64), signature: {} }, write);
    const cases: Array<[method: 'GET' | 'PUT', url: string, field: string, payload?: object]> = [
      ['GET', '/models/m/versions/2147483648', 'params.version'],
      ['GET', '/models/m/versions/99999999999999999999', 'params.version'],
      ['GET', '/models/m/versions/2147483648/onnx', 'params.version'],
      ['GET', '/datasets/d/versions/2147483648', 'params.version'],
      ['GET', '/datasets/d/diff?from=1&to=2147483648', 'query.to'],
      ['GET', '/lineage/models/m/versions/2147483648', 'params.version'],
      ['PUT', '/models/m/aliases/champion', 'body.version', { version: 2147483648 }],
    ];
    for (const [method, url, field, payload] of cases) {
      const answer = await server.app.inject({ method, url: `${v1}${url}`, ...(payload === undefined ? {} : { payload }) });
      expect(answer.statusCode, url).toBe(400);
      expect(answer.json().error, url).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field } });
    }
    // The largest version number is a plain "not found"; the store refuses the same numbers from library callers.
    expect((await server.app.inject({ method: 'GET', url: `${v1}/models/m/versions/2147483647` })).statusCode).toBe(404);
    await expect(server.workspace.store.models.getVersion('m', 2147483648)).rejects.toMatchObject({
      code: 'MLP_CORE_VALIDATION',
      details: { field: 'version' },
    });
    await expect(server.workspace.store.models.setAlias('m', 'champion', 2 ** 31, write)).rejects.toMatchObject({
      code: 'MLP_CORE_VALIDATION',
    });
    await expect(server.workspace.store.datasets.getVersion('d', 2 ** 31)).rejects.toMatchObject({ code: 'MLP_CORE_VALIDATION' });
  });

  it('refuses non-integer or out-of-range times in a filter with MLP_STORE_SEARCH_SYNTAX naming the attribute', async () => {
    for (const filter of [
      'attributes.start_time = 1.5',
      'attributes.start_time > 1e300',
      'attributes.end_time < 99999999999999999999',
      'attributes.start_time in (1, 2.5)',
    ]) {
      const answer = await search(filter);
      expect(answer.status, filter).toBe(400);
      expect(answer.body.error.code, filter).toBe('MLP_STORE_SEARCH_SYNTAX');
      expect(answer.body.error.message, filter).toMatch(/attribute\.(start|end)_time holds whole milliseconds/);
    }
    expect((await search('attributes.start_time >= 1700000000000 and metrics.x > 1e300')).status).toBe(200);
  });

  it('refuses timestamps beyond 2^53 ms in metric batches and run times, writing nothing', async () => {
    const write = { actor: 'tester' };
    const experiment = await server.workspace.store.experiments.create({ name: 'times' }, write);
    const run = await server.workspace.store.runs.create({ experimentId: experiment.id }, write);
    const answer = await server.app.inject({
      method: 'POST',
      url: `${v1}/runs/${run.id}/metrics`,
      payload: { metrics: [{ key: 'x', value: 1, timestamp: 1e300 }] },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field: 'body.metrics[0].timestamp' } });
    await expect(server.workspace.store.runs.logMetrics(run.id, [{ key: 'x', value: 1, step: 0, timestamp: 1e300 }])).rejects.toMatchObject(
      { code: 'MLP_CORE_VALIDATION', details: { field: 'points[0].timestamp' } },
    );
    await expect(server.workspace.store.runs.create({ experimentId: experiment.id, startTime: 1e300 }, write)).rejects.toMatchObject({
      code: 'MLP_CORE_VALIDATION',
      details: { field: 'startTime' },
    });
    await expect(server.workspace.store.runs.end(run.id, 'finished', write, 1e300)).rejects.toMatchObject({
      code: 'MLP_CORE_VALIDATION',
      details: { field: 'endTime' },
    });
    expect(await server.workspace.store.runs.metricHistory(run.id, 'x')).toEqual([]);
  });
});
