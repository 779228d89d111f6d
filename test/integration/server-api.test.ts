import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ApiRole } from '../../src/server/index.js';
import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

let server: TestServer;
const auth = (role: ApiRole) => ({ authorization: `Bearer ${server.secrets[role]}` });
const v1 = '/api/v1';

async function call(role: ApiRole, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  const res = await server.app.inject({
    method,
    url: `${v1}${url}`,
    headers: auth(role),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json(), headers: res.headers, raw: res.rawPayload };
}

const CSV_V1 = 'sepal,petal,species\n5.1,1.4,setosa\n4.9,1.4,setosa\n6.2,4.5,versicolor\n';
const CSV_V2 = 'sepal,petal,species\n5.1,1.4,setosa\n4.9,1.4,setosa\n6.2,4.5,versicolor\n7.7,6.7,virginica\n';

beforeAll(async () => {
  server = await openTestServer({ auth: true });
});
afterAll(async () => {
  await server.close();
});

describe('REST API resources (auth enabled, SQLite workspace)', () => {
  let experimentId = '';
  let runId = '';

  it('creates, lists, gets, tags and deletes experiments', async () => {
    const created = await call('editor', 'POST', '/experiments', { name: 'iris', description: 'flowers', tags: { team: 'ml' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'iris', description: 'flowers', tags: { team: 'ml' }, deleted: false });
    experimentId = created.body.id;
    expect((await call('viewer', 'GET', '/experiments')).body.experiments.map((e: { name: string }) => e.name)).toEqual(['iris']);
    expect((await call('viewer', 'GET', '/experiments/iris')).body.id).toBe(experimentId);
    const tagged = await call('editor', 'POST', `/experiments/${experimentId}/tags`, { key: 'stage', value: 'dev' });
    expect(tagged.body.tags).toEqual({ team: 'ml', stage: 'dev' });
    const duplicate = await call('editor', 'POST', '/experiments', { name: 'iris' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('MLP_STORE_CONFLICT');
    const scratch = await call('editor', 'POST', '/experiments', { name: 'scratch' });
    expect((await call('editor', 'DELETE', `/experiments/${scratch.body.id}`)).status).toBe(204);
    expect((await call('viewer', 'GET', '/experiments')).body.experiments.map((e: { name: string }) => e.name)).toEqual(['iris']);
    const withDeleted = await call('viewer', 'GET', '/experiments?includeDeleted=true');
    expect(withDeleted.body.experiments).toHaveLength(2);
  });

  it('uploads dataset versions as raw bodies, idempotently by content, and diffs them', async () => {
    const upload = (csv: string) =>
      server.app.inject({
        method: 'POST',
        url: `${v1}/datasets/iris/versions?filename=iris.csv`,
        headers: { ...auth('editor'), 'content-type': 'text/csv' },
        payload: csv,
      });
    const first = await upload(CSV_V1);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      created: true,
      version: { datasetName: 'iris', version: 1, rowCount: 3, format: 'csv', source: 'upload:iris.csv' },
    });
    const again = await upload(CSV_V1);
    expect(again.json()).toMatchObject({ created: false, version: { version: 1 } });
    const second = await upload(CSV_V2);
    expect(second.json()).toMatchObject({ created: true, version: { version: 2, rowCount: 4 } });
    const versions = await call('viewer', 'GET', '/datasets/iris/versions');
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect((await call('viewer', 'GET', '/datasets/iris/versions/latest')).body.version).toBe(2);
    expect((await call('viewer', 'GET', '/datasets/iris/versions/1')).body.rowCount).toBe(3);
    expect((await call('viewer', 'GET', '/datasets')).body.datasets).toMatchObject([{ name: 'iris', latestVersion: 2, versionCount: 2 }]);
    const diff = await call('viewer', 'GET', '/datasets/iris/diff?from=1&to=2');
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ identical: false, rowCount: { before: 3, after: 4 } });
    expect(diff.body.changes).toContainEqual({ kind: 'row-count-changed', before: 3, after: 4 });
    expect(diff.body.changes).toContainEqual(expect.objectContaining({ kind: 'levels-added', column: 'species', levels: ['virginica'] }));
    const same = await call('viewer', 'GET', '/datasets/iris/diff?from=2&to=latest');
    expect(same.body).toEqual({ identical: true, rowCount: { before: 4, after: 4 }, changes: [] });
    const jsonl = await server.app.inject({
      method: 'POST',
      url: `${v1}/datasets/events/versions?format=jsonl`,
      headers: { ...auth('editor'), 'content-type': 'application/octet-stream' },
      payload: '{"a":1}\n{"a":2}\n',
    });
    expect(jsonl.json()).toMatchObject({ created: true, version: { format: 'jsonl', rowCount: 2 } });
    const noFormat = await server.app.inject({
      method: 'POST',
      url: `${v1}/datasets/x/versions`,
      headers: { ...auth('editor'), 'content-type': 'application/octet-stream' },
      payload: 'a\n1\n',
    });
    expect(noFormat.statusCode).toBe(400);
    expect(noFormat.json().error.details.field).toBe('query.format');
    expect((await call('viewer', 'GET', '/datasets/x/versions/latest')).status).toBe(404);
  });

  it('tracks a run: params, a metric batch, history, tags, inputs, end, search', async () => {
    const created = await call('editor', 'POST', '/runs', {
      experimentId: 'iris',
      name: 'baseline',
      params: { lr: 0.1, depth: 3, balanced: true },
      tags: { kind: 'baseline' },
      inputs: [{ dataset: 'iris@1', role: 'train' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      experimentId,
      status: 'running',
      params: { lr: '0.1', depth: '3', balanced: 'true' },
      inputs: [{ datasetName: 'iris', version: 1, role: 'train' }],
    });
    runId = created.body.id;
    const logged = await call('editor', 'POST', `/runs/${runId}/metrics`, {
      metrics: [
        { key: 'acc', value: 0.5, step: 0 },
        { key: 'acc', value: 0.75, step: 1 },
        { key: 'acc', value: 0.9, step: 2 },
        { key: 'loss', value: 0.3 },
      ],
    });
    expect(logged.body).toEqual({ logged: 4 });
    const history = await call('viewer', 'GET', `/runs/${runId}/metric-history?key=acc`);
    expect(history.body.points.map((p: { step: number; value: number }) => [p.step, p.value])).toEqual([
      [0, 0.5],
      [1, 0.75],
      [2, 0.9],
    ]);
    expect((await call('editor', 'POST', `/runs/${runId}/params`, { params: { seed: 7 } })).body.params.seed).toBe('7');
    const conflict = await call('editor', 'POST', `/runs/${runId}/params`, { params: { lr: 0.2 } });
    expect(conflict.status).toBe(409);
    expect((await call('editor', 'POST', `/runs/${runId}/tags`, { tags: { note: 'ok' } })).body.tags).toEqual({
      kind: 'baseline',
      note: 'ok',
    });
    const ended = await call('editor', 'POST', `/runs/${runId}/end`, { status: 'finished' });
    expect(ended.body).toMatchObject({ status: 'finished', metrics: { acc: 0.9, loss: 0.3 } });
    expect((await call('editor', 'POST', `/runs/${runId}/end`, {})).status).toBe(409);

    const other = await call('editor', 'POST', '/runs', { experimentId, name: 'worse' });
    await call('editor', 'POST', `/runs/${other.body.id}/metrics`, { metrics: [{ key: 'acc', value: 0.4 }] });
    const found = await call('viewer', 'POST', '/runs/search', { experimentIds: [experimentId], filter: 'metrics.acc > 0.5' });
    expect(found.body.runs.map((r: { id: string }) => r.id)).toEqual([runId]);
    const ordered = await call('viewer', 'POST', '/runs/search', {
      experimentIds: [experimentId],
      orderBy: ['metrics.acc desc'],
      maxResults: 1,
    });
    expect(ordered.body.runs.map((r: { id: string }) => r.id)).toEqual([runId]);
    expect(typeof ordered.body.nextPageToken).toBe('string');
    const next = await call('viewer', 'POST', '/runs/search', {
      experimentIds: [experimentId],
      orderBy: ['metrics.acc desc'],
      maxResults: 1,
      pageToken: ordered.body.nextPageToken,
    });
    expect(next.body.runs.map((r: { id: string }) => r.id)).toEqual([other.body.id]);
    const badFilter = await call('viewer', 'POST', '/runs/search', { filter: 'metrics.acc >>> 1' });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.code).toBe('MLP_STORE_SEARCH_SYNTAX');
    expect((await call('editor', 'DELETE', `/runs/${other.body.id}`)).status).toBe(204);
    expect((await call('viewer', 'GET', `/runs/${other.body.id}`)).body.deleted).toBe(true);
  });

  it('uploads, lists and downloads run artifacts by logical path, verified by digest', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 10, 13]);
    const put = await server.app.inject({
      method: 'PUT',
      url: `${v1}/runs/${runId}/artifacts/model/weights.bin`,
      headers: { ...auth('editor'), 'content-type': 'application/octet-stream' },
      payload: bytes,
    });
    expect(put.statusCode).toBe(201);
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update(bytes).digest('hex');
    expect(put.json()).toEqual({ path: 'model/weights.bin', digest, size: 8 });
    await server.app.inject({
      method: 'PUT',
      url: `${v1}/runs/${runId}/artifacts/model/manifest.json`,
      headers: { ...auth('editor'), 'content-type': 'application/octet-stream' },
      payload: '{"flavor":"native"}',
    });
    const list = await call('viewer', 'GET', `/runs/${runId}/artifacts`);
    expect(list.body.artifacts.map((a: { path: string }) => a.path).sort()).toEqual(['model/manifest.json', 'model/weights.bin']);
    const got = await server.app.inject({ method: 'GET', url: `${v1}/runs/${runId}/artifacts/model/weights.bin`, headers: auth('viewer') });
    expect(got.statusCode).toBe(200);
    expect(Buffer.compare(got.rawPayload, bytes)).toBe(0);
    expect(got.headers['x-mlpilot-digest']).toBe(`sha256:${digest}`);
    expect(got.headers['content-disposition']).toBe('attachment; filename="weights.bin"');
    const missing = await call('viewer', 'GET', `/runs/${runId}/artifacts/model/nope.bin`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('MLP_STORE_NOT_FOUND');
  });

  it('registers model versions from a run, moves aliases with deployer only, and answers lineage', async () => {
    expect((await call('editor', 'POST', '/models', { name: 'iris-clf', description: 'classifier' })).status).toBe(201);
    const v1r = await call('editor', 'POST', '/models/iris-clf/versions', { runId, artifactPath: 'model', description: 'first' });
    expect(v1r.status).toBe(201);
    expect(v1r.body).toMatchObject({ modelName: 'iris-clf', version: 1, runId, metrics: { acc: 0.9, loss: 0.3 } });
    const single = await call('editor', 'POST', '/models/iris-clf/versions', { runId, artifactPath: 'model/weights.bin' });
    expect(single.body.version).toBe(2);
    const missingPath = await call('editor', 'POST', '/models/iris-clf/versions', { runId, artifactPath: 'no/such' });
    expect(missingPath.status).toBe(404);
    expect((await call('viewer', 'GET', '/models/iris-clf/versions')).body.versions).toHaveLength(2);
    expect((await call('viewer', 'GET', '/models/iris-clf/versions/latest')).body.version).toBe(2);

    const editorAlias = await call('editor', 'PUT', '/models/iris-clf/aliases/champion', { version: 1 });
    expect(editorAlias.status).toBe(403);
    const alias = await call('deployer', 'PUT', '/models/iris-clf/aliases/champion', { version: 1 });
    expect(alias.status).toBe(200);
    expect(alias.body.aliases).toEqual({ champion: 1 });
    expect((await call('viewer', 'GET', '/models/iris-clf/versions/champion')).body).toMatchObject({ version: 1, aliases: ['champion'] });

    expect((await call('editor', 'PATCH', '/models/iris-clf', { description: 'updated' })).body.description).toBe('updated');
    expect((await call('editor', 'POST', '/models/iris-clf/tags', { key: 'owner', value: 'ml' })).body.tags).toEqual({ owner: 'ml' });
    expect((await call('editor', 'POST', '/models/iris-clf/versions/1/tags', { key: 'validated', value: 'yes' })).body.tags).toEqual({
      validated: 'yes',
    });
    expect((await call('viewer', 'GET', '/models')).body.models.map((m: { name: string }) => m.name)).toEqual(['iris-clf']);

    const lineage = await call('viewer', 'GET', '/lineage/models/iris-clf/versions/champion');
    expect(lineage.body).toMatchObject({ modelVersion: { version: 1 }, run: { id: runId }, experiment: { name: 'iris' } });
    expect(lineage.body.datasets).toMatchObject([{ datasetName: 'iris', version: 1, role: 'train' }]);
    const used = await call('viewer', 'GET', '/lineage/datasets/iris/versions/1');
    expect(used.body.runs.map((r: { runId: string }) => r.runId)).toEqual([runId]);
    expect(used.body.modelVersions.map((m: { version: number }) => m.version).sort()).toEqual([1, 2]);

    expect((await call('deployer', 'DELETE', '/models/iris-clf/aliases/champion')).status).toBe(204);
    expect((await call('viewer', 'GET', '/models/iris-clf/versions/champion')).status).toBe(404);
  });

  it('lists events filtered by type and cursor, each with the token owner as actor', async () => {
    const all = await call('viewer', 'GET', '/events?limit=1000');
    const events = all.body.events as Array<{ seq: number; type: string; actor: string }>;
    const apiEvents = events.filter((e) => !e.type.startsWith('token.'));
    expect(apiEvents.length).toBeGreaterThan(10);
    for (const event of apiEvents) {
      const expected = event.type.startsWith('model.alias') ? 'deployer-owner' : 'editor-owner';
      expect(event.actor, event.type).toBe(expected);
    }
    const aliasEvents = await call('viewer', 'GET', '/events?type=model.alias_set,model.alias_deleted');
    expect(aliasEvents.body.events.map((e: { type: string }) => e.type)).toEqual(['model.alias_set', 'model.alias_deleted']);
    const last = events[events.length - 1] as { seq: number };
    const tail = await call('viewer', 'GET', `/events?afterSeq=${last.seq - 2}`);
    expect(tail.body.events.map((e: { seq: number }) => e.seq)).toEqual([last.seq - 1, last.seq]);
    const desc = await call('viewer', 'GET', '/events?order=desc&limit=1');
    expect(desc.body.events[0].seq).toBe(last.seq);
    const badType = await call('viewer', 'GET', '/events?type=run.created,nope');
    expect(badType.status).toBe(400);
    expect(badType.body.error.details.field).toBe('query.type[1]');
    const badKind = await call('viewer', 'GET', '/events?subjectKind=deployment');
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details.field).toBe('query.subjectKind');
    const catalog = await call('viewer', 'GET', '/events/types');
    expect(catalog.status).toBe(200);
    expect(catalog.body.types).toContainEqual({
      type: 'model.alias_set',
      subjectKind: 'model',
      description: expect.stringContaining('alias'),
      owner: 'core',
    });
    const kinds = (owner: string) =>
      catalog.body.subjectKinds.filter((k: { owner: string }) => k.owner === owner).map((k: { kind: string }) => k.kind);
    expect(kinds('core')).toEqual(['experiment', 'run', 'dataset', 'model', 'token', 'job', 'artifacts']);
    // The product's own store extensions add theirs (monitors, alerts and incidents).
    expect(kinds('monitor-alerts')).toEqual(['monitor', 'alert', 'incident']);
  });

  it('manages tokens (admin only): the secret is returned once, revoked tokens are refused', async () => {
    const created = await call('admin', 'POST', '/tokens', { name: 'ci', role: 'editor', owner: 'ci-bot' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatchObject({ name: 'ci', role: 'editor', owner: 'ci-bot', revokedAt: null });
    const secret = created.body.secret as string;
    const listed = await call('admin', 'GET', '/tokens');
    expect(listed.body.tokens.map((t: { name: string }) => t.name)).toContain('ci');
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const asCi = await server.app.inject({
      method: 'POST',
      url: `${v1}/experiments`,
      headers: { authorization: `Bearer ${secret}` },
      payload: { name: 'from-ci' },
    });
    expect(asCi.statusCode).toBe(201);
    const events = await call('viewer', 'GET', `/events?subjectId=${asCi.json().id}`);
    expect(events.body.events.map((e: { actor: string }) => e.actor)).toEqual(['ci-bot']);
    expect((await call('admin', 'DELETE', `/tokens/${created.body.token.id}`)).status).toBe(204);
    const revoked = await server.app.inject({ method: 'GET', url: `${v1}/experiments`, headers: { authorization: `Bearer ${secret}` } });
    expect(revoked.statusCode).toBe(401);
    expect((await call('editor', 'GET', '/tokens')).status).toBe(403);
  });

  it('submits, lists, gets and cancels jobs; unknown job types are named', async () => {
    const unknown = await call('editor', 'POST', '/jobs', { type: 'no-such-job', payload: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('MLP_CORE_UNKNOWN_ID');
    const badPayload = await call('editor', 'POST', '/jobs', { type: 'diag-work', payload: { rounds: 'lots' } });
    expect(badPayload.status).toBe(400);
    const submitted = await call('editor', 'POST', '/jobs', { type: 'diag-work', payload: { rounds: 5, bytes: 64 } });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ type: 'diag-work' });
    const got = await call('viewer', 'GET', `/jobs/${submitted.body.id}`);
    expect(got.body.id).toBe(submitted.body.id);
    expect((await call('viewer', 'GET', '/jobs?type=diag-work')).body.jobs.map((j: { id: string }) => j.id)).toContain(submitted.body.id);
    const cancelled = await call('editor', 'POST', `/jobs/${submitted.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect((await call('viewer', 'GET', '/jobs/01aaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
  });

  it('runs artifact GC as admin (dry run by default) and the integrity check', async () => {
    const gc = await call('admin', 'POST', '/admin/gc', {});
    expect(gc.status).toBe(200);
    expect(gc.body).toMatchObject({ dryRun: true, bytesFreed: expect.any(Number) });
    expect(gc.body.scanned).toBeGreaterThanOrEqual(gc.body.reachable);
    expect((await call('editor', 'POST', '/admin/gc', { dryRun: false })).status).toBe(403);
    expect((await call('admin', 'GET', '/admin/integrity')).body).toEqual({ ok: true, problems: [] });
  });

  it('names the field of wrong types and answers unknown ids with 404', async () => {
    const wrong = await call('editor', 'POST', '/runs', { experimentId: experimentId, params: { lr: { nested: 1 } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field: 'body.params.lr' } });
    const metric = await call('editor', 'POST', `/runs/${runId}/metrics`, { metrics: [{ key: 'acc', value: 'high' }] });
    expect(metric.body.error.details.field).toBe('body.metrics[0].value');
    const alias = await call('deployer', 'PUT', '/models/iris-clf/aliases/champion', { version: '1' });
    expect(alias.body.error.details.field).toBe('body.version');
    const limit = await call('viewer', 'GET', '/events?limit=0');
    expect(limit.body.error.details.field).toBe('query.limit');
    expect((await call('viewer', 'GET', '/runs/01aaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
    expect((await call('viewer', 'GET', '/experiments/nope')).status).toBe(404);
    expect((await call('viewer', 'GET', '/models/nope')).status).toBe(404);
    expect((await call('viewer', 'GET', '/datasets/nope/versions/1')).status).toBe(404);
    const unknownExperiment = await call('editor', 'POST', '/runs', { experimentId: 'no-such-experiment' });
    expect(unknownExperiment.status).toBe(404);
    const unknownRun = await server.app.inject({
      method: 'PUT',
      url: `${v1}/runs/01aaaaaaaaaaaaaaaaaaaaaaaa/artifacts/a.bin`,
      headers: { ...auth('editor'), 'content-type': 'application/octet-stream' },
      payload: 'orphan bytes',
    });
    expect(unknownRun.statusCode).toBe(404);
    const blobs: string[] = [];
    for await (const blob of server.workspace.artifacts.list()) blobs.push(blob.digest);
    const { createHash } = await import('node:crypto');
    expect(blobs).not.toContain(createHash('sha256').update('orphan bytes').digest('hex'));
  });

  it('serves /healthz, the OpenAPI document and /metrics with request and store figures', async () => {
    const health = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok', checks: { store: 'ok' } });
    const doc = await server.app.inject({ method: 'GET', url: `${v1}/openapi.json` });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toBe('3.1.0');
    const metrics = await server.app.inject({ method: 'GET', url: '/metrics', headers: auth('viewer') });
    expect(metrics.body).toContain('mlpilot_models 1');
    // iris and from-ci; scratch was deleted.
    expect(metrics.body).toContain('mlpilot_experiments 2');
    expect(metrics.body).toMatch(
      /mlpilot_http_request_duration_seconds_count\{route="\/api\/v1\/runs\/:id\/metrics",method="POST",status_code="200"\} [1-9]/,
    );
    for (const secret of Object.values(server.secrets)) expect(metrics.body).not.toContain(secret);
  });
});

describe('REST API with auth disabled and a small upload limit', () => {
  it('trusts requests as the local user and refuses oversized uploads with nothing written', async () => {
    const local = await openTestServer({ auth: false, uploadLimitBytes: 64 });
    try {
      const created = await local.app.inject({ method: 'POST', url: `${v1}/experiments`, payload: { name: 'local' } });
      expect(created.statusCode).toBe(201);
      const big = await local.app.inject({
        method: 'POST',
        url: `${v1}/datasets/big/versions`,
        headers: { 'content-type': 'text/csv' },
        payload: `a,b\n${'1,2\n'.repeat(100)}`,
      });
      expect(big.statusCode).toBe(413);
      expect(big.json().error).toMatchObject({ code: 'MLP_API_BODY_TOO_LARGE', details: { limitBytes: 64 } });
      const small = await local.app.inject({
        method: 'POST',
        url: `${v1}/datasets/small/versions`,
        headers: { 'content-type': 'text/csv' },
        payload: 'a,b\n1,2\n',
      });
      expect(small.statusCode).toBe(201);
      const events = await local.workspace.store.events.list({});
      expect(events.filter((e) => e.actor !== 'setup').map((e) => [e.type, e.actor])).toEqual([
        ['experiment.created', 'local-user'],
        ['dataset.version_added', 'local-user'],
      ]);
      const badCsv = await local.app.inject({
        method: 'POST',
        url: `${v1}/datasets/bad/versions`,
        headers: { 'content-type': 'text/csv' },
        payload: 'a,b\n1,2,3\n"x',
      });
      expect(badCsv.statusCode).toBe(400);
      expect(badCsv.json().error.code).toBe('MLP_DATA_PARSE');
      expect((await local.app.inject({ method: 'GET', url: `${v1}/datasets/bad/versions/latest` })).statusCode).toBe(404);
    } finally {
      await local.close();
    }
  });
});
