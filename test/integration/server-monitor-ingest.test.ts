/**
 * The ingestion routes: acknowledgement counts, idempotent resends, 400 naming row and field, the editor role,
 * the body limit, windows by query, ingestion status, and 429 with Retry-After when the queue is full.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { IngestBackpressureError } from '../../src/core/index.js';
import type { ApiRole } from '../../src/server/index.js';
import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

const v1 = '/api/v1/monitor';
const T0 = Date.UTC(2026, 0, 1); // the test server's ManualClock
let server: TestServer;

async function call(role: ApiRole, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await server.app.inject({
    method,
    url: `${v1}${url}`,
    headers: { authorization: `Bearer ${server.secrets[role]}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

const rows = (ids: string[], t = T0 - 3_600_000) =>
  ids.map((id, i) => ({ id, timestamp: t + i, inputs: { a: i }, outputs: { prediction: i % 2 } }));

beforeEach(async () => {
  server = await openTestServer({ auth: true });
});
afterEach(async () => {
  await server.close();
});

describe('monitor ingestion over REST', () => {
  it('acknowledges predictions and labels, stores resends once, and lists windows and counters', async () => {
    const first = await call('editor', 'POST', '/churn/predictions', { predictions: rows(['a', 'b', 'c']) });
    expect(first).toMatchObject({ status: 200, body: { model: 'churn', received: 3, accepted: 3, duplicates: 0, sampledOut: 0 } });
    const again = await call('editor', 'POST', '/churn/predictions', { predictions: rows(['c', 'd']) });
    expect(again.body).toMatchObject({ accepted: 1, duplicates: 1 });
    const labels = await call('editor', 'POST', '/churn/labels', {
      labels: [
        { id: 'a', label: 1 },
        { id: 'zz', label: 0 },
      ],
    });
    expect(labels).toMatchObject({ status: 200, body: { received: 2, accepted: 2 } });
    const windows = await call('viewer', 'GET', '/churn/windows?kind=hourly&from=2025-12-31T22:00:00Z');
    expect(windows.status).toBe(200);
    expect(
      windows.body.windows.map((w: { count: number; labelled: number; complete: boolean }) => [w.count, w.labelled, w.complete]),
    ).toEqual([
      [0, 0, true],
      [4, 1, true],
      [0, 0, false],
    ]);
    const status = await call('viewer', 'GET', '/churn/ingestion');
    expect(status.body).toMatchObject({
      model: 'churn',
      predictions: 4,
      labels: 2,
      orphanLabels: 1,
      counters: { accepted: 4, duplicates: 1 },
    });
  });

  it('answers 400 naming the row and field of a bad row, and stores nothing of the batch', async () => {
    const bad = await call('editor', 'POST', '/churn/predictions', {
      predictions: [...rows(['a', 'b']), { id: 'c', timestamp: 'yesterday', inputs: {}, outputs: 1 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'MLP_MONITOR_INVALID_RECORD',
      details: { list: 'predictions', row: 2, field: 'timestamp' },
    });
    expect(bad.body.error.message).toContain('predictions[2].timestamp');
    expect((await call('viewer', 'GET', '/churn/ingestion')).body).toMatchObject({ predictions: 0, counters: { rejected: 3 } });
    const empty = await call('editor', 'POST', '/churn/predictions', { predictions: [] });
    expect(empty.body.error).toMatchObject({ code: 'MLP_CORE_VALIDATION' });
    const name = await call('editor', 'POST', '/..%2Fx/predictions', { predictions: rows(['a']) });
    expect(name.status).toBe(400);
    const window = await call('viewer', 'GET', '/churn/windows?kind=daily&from=noon');
    expect(window.body.error).toMatchObject({ code: 'MLP_MONITOR_INVALID_WINDOW', details: { field: 'from' } });
  });

  it('needs the editor role to write and the viewer role to read', async () => {
    expect((await call('viewer', 'POST', '/churn/predictions', { predictions: rows(['a']) })).status).toBe(403);
    expect((await call('viewer', 'GET', '/churn/windows')).status).toBe(200);
  });

  it('refuses a body over the route limit with 413 before reading it whole', async () => {
    const huge = { predictions: rows(['a']).map((r) => ({ ...r, inputs: { pad: 'x'.repeat(9 * 1024 * 1024) } })) };
    const res = await call('editor', 'POST', '/churn/predictions', huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('MLP_API_BODY_TOO_LARGE');
  });

  it('answers 429 with Retry-After when ingestion refuses for backpressure', async () => {
    // The queue only fills while the store is slow; the mapping of the refusal is what is checked here.
    const ingest = server.workspace.ingestion.ingest.bind(server.workspace.ingestion);
    server.workspace.ingestion.ingest = async (model) => {
      throw IngestBackpressureError({ model, queued: 100, limit: 100, rows: 1, retryAfterSeconds: 7 });
    };
    try {
      const res = await call('editor', 'POST', '/churn/predictions', { predictions: rows(['a']) });
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.body.error.code).toBe('MLP_MONITOR_BACKPRESSURE');
    } finally {
      server.workspace.ingestion.ingest = ingest;
    }
  });
});
