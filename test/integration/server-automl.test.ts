/** `POST /api/v1/automl`: an AutoML search as a job (202), its progress and result, the registered model, refusals. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ApiRole } from '../../src/server/index.js';
import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

const v1 = '/api/v1';
let server: TestServer;

async function call(role: ApiRole, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await server.app.inject({
    method,
    url: `${v1}${url}`,
    headers: { authorization: `Bearer ${server.secrets[role]}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.json() };
}

beforeEach(async () => {
  server = await openTestServer({ auth: true });
  const res = await server.app.inject({
    method: 'POST',
    url: `${v1}/datasets/iris/versions`,
    headers: { authorization: `Bearer ${server.secrets.editor}`, 'content-type': 'text/csv' },
    payload: readFileSync(join(import.meta.dirname, '../../examples/iris.csv')),
  });
  expect(res.statusCode).toBe(201);
});
afterEach(async () => {
  await server.close();
});

describe('POST /api/v1/automl', () => {
  it('runs a search as a job with progress, and registers its model', async () => {
    const body = { data: 'iris@1', target: 'species', maxTrials: 6, register: 'iris-auto' };
    expect((await call('viewer', 'POST', '/automl', body)).status).toBe(403);
    const submitted = await call('editor', 'POST', '/automl', body);
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ type: 'automl', status: 'queued' });
    let job = submitted.body;
    const messages = new Set<string>();
    for (let i = 0; i < 1200 && !['succeeded', 'failed', 'cancelled'].includes(job.status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await call('viewer', 'GET', `/jobs/${submitted.body.id}`)).body;
      if (job.progressMessage !== null) messages.add(job.progressMessage);
    }
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({
      task: 'multiclass',
      metric: 'log_loss',
      trials: { count: 6, failed: 0 },
      model: { name: 'iris-auto', version: 1 },
    });
    expect([...messages].some((m) => /trials/.test(m))).toBe(true);
    const version = await call('viewer', 'GET', '/models/iris-auto/versions/1');
    expect(version.body.runId).toBe(job.result.run_id);
  }, 180_000);

  it('refuses a body whose data is a path or whose budget is not positive, queueing nothing', async () => {
    const path = await call('editor', 'POST', '/automl', { data: '../../etc/passwd', target: 'species' });
    expect(path.status).toBe(400);
    expect(path.body.error.message).toMatch(/data/);
    const budget = await call('editor', 'POST', '/automl', { data: 'iris@1', target: 'species', budgetSeconds: 0 });
    expect(budget.status).toBe(400);
    expect(budget.body.error.message).toMatch(/budgetSeconds/);
    expect((await call('viewer', 'GET', '/jobs')).body.jobs).toEqual([]);
  });
});
