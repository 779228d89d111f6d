/**
 * POST /api/v1/monitor/drift: a viewer compares a traffic window with the model's training data (lineage) or a
 * dataset version; the answer is the report the workspace's DriftService gives for the same sources; nothing is
 * written (no event); no token is 401; a file path, an unknown field or a malformed window is 400 naming the field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readTable } from '../../src/data/index.js';
import type { ApiRole } from '../../src/server/index.js';
import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

const iris = join(import.meta.dirname, '../../examples/iris.csv');
const dir = mkdtempSync(join(tmpdir(), 'mlpilot-drift-route-'));
let server: TestServer;

async function post(role: ApiRole | null, body: unknown) {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/monitor/drift',
    payload: body as Record<string, unknown>,
    headers: role === null ? {} : { authorization: `Bearer ${server.secrets[role]}` },
  });
  return { status: res.statusCode, body: res.json() };
}

beforeAll(async () => {
  server = await openTestServer({ auth: true });
  const ws = server.workspace;
  await ws.datasets.add({ file: iris, name: 'iris' }, ws.ctx);
  await ws.training.train({ data: 'iris@1', target: 'species', learner: 'naive-bayes', model: 'nb', seed: 1 }, ws.ctx);
  // Traffic: every measurement of iris moved by +2 cm, the label column left out.
  const lines = readFileSync(iris, 'utf8').trim().split('\n');
  const moved = lines.map((line, i) =>
    (i === 0 ? line.split(',') : line.split(',').map((v, j) => (j < 4 ? (Number(v) + 2).toFixed(2) : v))).slice(0, 4).join(','),
  );
  writeFileSync(join(dir, 'moved.csv'), `${moved.join('\n')}\n`);
  const { frame, contentHash } = await readTable(join(dir, 'moved.csv'));
  const scored = await ws.predictions.predictFrame('nb', frame);
  await ws.ingestion.logScored({ frame, scored, contentHash });
  await ws.ingestion.ingestor.flush();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /api/v1/monitor/drift', () => {
  it("answers a viewer with the drift of the latest window against the model's training data, as the service computes it", async () => {
    const before = (await server.workspace.store.events.list({ limit: 1000 })).length;
    const res = await post('viewer', { current: 'window:nb:daily' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.reference).toEqual({ label: 'iris@1 (training data of nb@1)', rows: 150 });
    expect(res.body.current.rows).toBe(150);
    expect(res.body.dataset).toMatchObject({ compared: 4, drifted: 4, drift: true });
    const direct = await server.workspace.drift.run({ current: { window: 'window:nb:daily' } });
    expect(res.body).toEqual(JSON.parse(JSON.stringify(direct.report)));
    expect((await server.workspace.store.events.list({ limit: 1000 })).length).toBe(before);
  });

  it('takes a dataset version as the reference and a method and columns', async () => {
    const res = await post('viewer', {
      reference: 'iris@1',
      current: 'window:nb@1:rows:150',
      method: 'psi',
      columns: ['petal width (cm)'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.reference.label).toBe('iris@1');
    expect(res.body.columns).toHaveLength(1);
    expect(res.body.columns[0]).toMatchObject({ column: 'petal width (cm)', method: 'psi', drift: true });
  });

  it('refuses no token (401), a file path (400), an unknown field (400) and a malformed window naming its part (400)', async () => {
    expect((await post(null, { current: 'window:nb:daily' })).status).toBe(401);
    const path = await post('viewer', { reference: '/etc/passwd', current: 'window:nb:daily' });
    expect(path.status).toBe(400);
    expect(path.body.error.code).toBe('MLP_CORE_INVALID_NAME');
    const unknown = await post('viewer', { current: 'window:nb:daily', file: 'x.csv' });
    expect(unknown.status).toBe(400);
    const bad = await post('viewer', { current: 'window:nb:weekly' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'MLP_DRIFT_INVALID_SOURCE', details: { field: 'body.current', part: 'kind' } });
    const none = await post('viewer', { reference: 'iris@1', current: 'window:ghost:daily' });
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('MLP_DRIFT_NO_WINDOW');
  });
});
