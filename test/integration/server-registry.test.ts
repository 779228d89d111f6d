/**
 * The REST side of run and registry housekeeping: a deleted run refuses writes until restored, model versions
 * are described and deleted (never while an alias points at them; deployer only), models are deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ApiRole } from '../../src/server/index.js';
import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

let server: TestServer;

async function call(role: ApiRole, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  const res = await server.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${server.secrets[role]}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json() };
}

beforeAll(async () => {
  server = await openTestServer({ auth: true });
});
afterAll(async () => {
  await server.close();
});

describe('REST run and registry housekeeping', () => {
  let runId = '';

  it('refuses writes to a deleted run with 409 MLP_STORE_RUN_DELETED until POST /runs/{id}/restore', async () => {
    const experiment = await call('editor', 'POST', '/experiments', { name: 'housekeeping' });
    const run = await call('editor', 'POST', '/runs', { experimentId: experiment.body.id, params: { lr: 0.1 } });
    runId = run.body.id;
    expect((await call('editor', 'DELETE', `/runs/${runId}`)).status).toBe(204);
    for (const [url, payload] of [
      [`/runs/${runId}/params`, { params: { depth: 3 } }],
      [`/runs/${runId}/tags`, { tags: { team: 'x' } }],
      [`/runs/${runId}/metrics`, { metrics: [{ key: 'auc', value: 0.9 }] }],
      [`/runs/${runId}/end`, { status: 'finished' }],
    ] as const) {
      const refused = await call('editor', 'POST', url, payload);
      expect([url, refused.status, refused.body.error.code]).toEqual([url, 409, 'MLP_STORE_RUN_DELETED']);
      expect(refused.body.error.details).toMatchObject({ runId });
    }
    expect((await call('viewer', 'POST', `/runs/${runId}/restore`)).status).toBe(403);
    const restored = await call('editor', 'POST', `/runs/${runId}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: runId, deleted: false, params: { lr: '0.1' } });
    expect((await call('editor', 'POST', `/runs/${runId}/tags`, { tags: { team: 'x' } })).body.tags).toEqual({ team: 'x' });
    const events = await call('viewer', 'GET', '/events?type=run.deleted,run.restored');
    expect(events.body.events.map((e: { type: string; actor: string }) => [e.type, e.actor])).toEqual([
      ['run.deleted', 'editor-owner'],
      ['run.restored', 'editor-owner'],
    ]);
    expect((await call('editor', 'POST', '/runs/01JNOSUCHRUN0000000000000/restore')).status).toBe(404);
  });

  it('describes and deletes model versions and models, refusing while an alias points at them', async () => {
    const stored = await server.workspace.artifacts.put('bundle bytes');
    await server.workspace.store.runs.logArtifact(runId, { path: 'model', digest: stored.digest, size: stored.size }, { actor: 'setup' });
    for (let i = 0; i < 3; i++)
      expect((await call('editor', 'POST', '/models/churn/versions', { runId, artifactPath: 'model' })).status).toBe(201);

    const described = await call('editor', 'PATCH', '/models/churn/versions/2', { description: 'tuned' });
    expect(described.status).toBe(200);
    expect(described.body).toMatchObject({ version: 2, description: 'tuned' });
    expect((await call('editor', 'PATCH', '/models/churn/versions/2', { description: null })).body.description).toBeNull();
    expect((await call('editor', 'PATCH', '/models/churn/versions/9', { description: 'x' })).status).toBe(404);

    expect((await call('deployer', 'PUT', '/models/churn/aliases/champion', { version: 3 })).status).toBe(200);
    expect((await call('editor', 'DELETE', '/models/churn/versions/3')).status).toBe(403);
    const refused = await call('deployer', 'DELETE', '/models/churn/versions/3');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('MLP_STORE_CONFLICT');
    expect(refused.body.error.message).toContain('"champion"');
    expect((await call('deployer', 'DELETE', '/models/churn/versions/2')).status).toBe(204);
    expect((await call('viewer', 'GET', '/models/churn/versions')).body.versions.map((v: { version: number }) => v.version)).toEqual([
      1, 3,
    ]);
    expect((await call('deployer', 'DELETE', '/models/churn/versions/2')).status).toBe(404);

    const modelRefused = await call('deployer', 'DELETE', '/models/churn');
    expect(modelRefused.status).toBe(409);
    expect(modelRefused.body.error.message).toContain('"champion" (version 3)');
    expect((await call('deployer', 'DELETE', '/models/churn/aliases/champion')).status).toBe(204);
    expect((await call('editor', 'DELETE', '/models/churn')).status).toBe(403);
    expect((await call('deployer', 'DELETE', '/models/churn')).status).toBe(204);
    expect((await call('viewer', 'GET', '/models/churn')).status).toBe(404);
    const events = await call('viewer', 'GET', '/events?type=model.version_updated,model.version_deleted,model.deleted');
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual([
      'model.version_updated',
      'model.version_updated',
      'model.version_deleted',
      'model.deleted',
    ]);
  });
});
