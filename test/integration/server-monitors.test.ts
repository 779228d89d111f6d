import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ApiRole } from '../../src/server/index.js';
import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

let server: TestServer;
const v1 = '/api/v1';

async function call(role: ApiRole, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await server.app.inject({
    method,
    url: `${v1}${url}`,
    headers: { authorization: `Bearer ${server.secrets[role]}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json() };
}

const declaration = {
  name: 'churn-latency',
  model: 'churn',
  signal: { kind: 'latency', statistic: 'p99' },
  window: { every: 'hour' },
  threshold: { above: 250 },
  actions: [{ kind: 'webhook', url: 'https://hooks.example/mlpilot', secret: 'a-secret-that-is-long-enough' }],
};

beforeAll(async () => {
  server = await openTestServer({ auth: true });
});
afterAll(async () => {
  await server.close();
});

describe('monitor routes', () => {
  it('declares a monitor as an editor and answers it with defaults applied and the webhook secret redacted', async () => {
    expect((await call('viewer', 'POST', '/monitors', declaration)).status).toBe(403);
    const created = await call('editor', 'POST', '/monitors', declaration);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      source: 'api',
      createdBy: 'editor-owner',
      spec: {
        name: 'churn-latency',
        signal: { kind: 'latency', column: 'latency_ms', statistic: 'p99' },
        resolveAfter: 3,
        actions: [{ kind: 'webhook', secret: '***', maxAttempts: 5, on: ['incident.opened', 'incident.resolved'] }],
      },
    });
    const listed = await call('viewer', 'GET', '/monitors');
    expect(listed.body.monitors.map((m: { spec: { name: string } }) => m.spec.name)).toEqual(['churn-latency']);
    expect(JSON.stringify(listed.body)).not.toContain('a-secret-that-is-long-enough');
    const one = await call('viewer', 'GET', '/monitors/churn-latency');
    expect(one.body.status).toMatchObject({
      name: 'churn-latency',
      state: 'never-evaluated',
      lastEvaluation: null,
      openIncident: null,
      recent: [],
    });
    const events = await server.workspace.store.events.list({ types: ['monitor.declared'] });
    expect(events.map((e) => [e.subjectId, e.actor])).toEqual([['churn-latency', 'editor-owner']]);
  });

  it('refuses a taken name, a bad declaration naming its field, and an unknown monitor', async () => {
    const again = await call('editor', 'POST', '/monitors', declaration);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MLP_MONITOR_EXISTS');
    const badThreshold = await call('editor', 'POST', '/monitors', { ...declaration, name: 'x', threshold: { below: 5, above: 1 } });
    expect(badThreshold.status).toBe(400);
    expect(badThreshold.body.error.details.field).toMatch(/^body\.threshold/);
    const shortSecret = await call('editor', 'POST', '/monitors', {
      ...declaration,
      name: 'y',
      actions: [{ kind: 'webhook', url: 'https://hooks.example/', secret: 'short' }],
    });
    expect(shortSecret.status).toBe(400);
    expect(shortSecret.body.error.details.field).toBe('body.actions[0].secret');
    const fileUrl = await call('editor', 'POST', '/monitors', {
      ...declaration,
      name: 'z',
      actions: [{ kind: 'webhook', url: 'file:///etc/passwd', secret: 'a-secret-that-is-long-enough' }],
    });
    expect(fileUrl.status).toBe(400);
    const traversal = await call('editor', 'POST', '/monitors', { ...declaration, name: '../etc' });
    expect(traversal.status).toBe(400);
    const missing = await call('viewer', 'GET', '/monitors/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'MLP_MONITOR_NOT_FOUND', details: { known: ['churn-latency'] } });
    expect((await call('viewer', 'GET', '/monitor/alerts?monitor=nope')).status).toBe(404);
  });

  it('lists alerts and incidents (none yet) with filters', async () => {
    expect((await call('viewer', 'GET', '/monitor/alerts?monitor=churn-latency&since=0')).body).toEqual({ alerts: [] });
    expect((await call('viewer', 'GET', '/monitor/incidents?open=true')).body).toEqual({ incidents: [] });
    expect((await call('viewer', 'GET', '/monitor/incidents?open=maybe')).status).toBe(400);
  });
});
