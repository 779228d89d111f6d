/**
 * The store contract, one suite run against every backend (SQLite always; PostgreSQL when reachable, required
 * in CI). Search has its own suite in store-search.test.ts.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock, isMlpError } from '../../src/core/index.js';
import { openStore } from '../../src/store/index.js';
import type { Store, StoredEvent } from '../../src/store/index.js';
import { storeBackends } from '../fixtures/store/backends.js';
import { withRawDb } from '../fixtures/store/raw.js';

const backends = await storeBackends();
const ctx = { actor: 'alice' };
const hex = (c: string): string => c.repeat(64);

async function expectCode(promise: Promise<unknown>, code: string, field?: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMlpError(error), `expected ${code}, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  if (field !== undefined) expect(JSON.stringify((error as { details: unknown }).details)).toContain(field);
}

describe.each(backends)('store conformance on $name', (backend) => {
  let store: Store;
  let url: string;
  const clock = new ManualClock(Date.UTC(2026, 0, 1));

  beforeAll(async () => {
    url = backend.freshUrl();
    store = await openStore({ url, clock });
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  const allEvents = (): Promise<StoredEvent[]> => store.events.list({ limit: 10_000 });

  it('creates, finds, tags, lists and soft-deletes experiments, each with an event by the actor', async () => {
    const before = (await allEvents()).length;
    const exp = await store.experiments.create({ name: 'exp-a', description: 'first', tags: { team: 'x' } }, ctx);
    expect(await store.experiments.get(exp.id)).toEqual(exp);
    expect(await store.experiments.get('exp-a')).toEqual(exp);
    await expectCode(store.experiments.create({ name: 'exp-a' }, ctx), 'MLP_STORE_CONFLICT');
    expect((await store.experiments.ensure('exp-a', ctx)).id).toBe(exp.id);
    const ensured = await store.experiments.ensure('exp-b', { actor: 'bob' });
    await store.experiments.setTag(exp.id, 'owner', 'carol', ctx);
    expect((await store.experiments.get(exp.id)).tags).toEqual({ team: 'x', owner: 'carol' });
    await store.experiments.delete(ensured.id, ctx);
    expect((await store.experiments.list()).map((e) => e.name)).toEqual(['exp-a']);
    expect((await store.experiments.list({ includeDeleted: true })).map((e) => e.name).sort()).toEqual(['exp-a', 'exp-b']);
    await expectCode(store.experiments.get('nope'), 'MLP_STORE_NOT_FOUND');
    const events = (await allEvents()).slice(before);
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['experiment.created', 'alice'],
      ['experiment.created', 'bob'],
      ['experiment.tagged', 'alice'],
      ['experiment.deleted', 'alice'],
    ]);
    expect(events[2]?.payload).toEqual({ key: 'owner', value: 'carol', previous: null });
  });

  it('refuses path-like and NUL names in every name field, naming the field, and writes nothing', async () => {
    const exp = await store.experiments.ensure('exp-names', ctx);
    const run = await store.runs.create({ experimentId: exp.id }, ctx);
    const before = {
      events: (await allEvents()).length,
      experiments: (await store.experiments.list({ includeDeleted: true })).length,
      models: (await store.models.list()).length,
      datasets: (await store.datasets.list()).length,
    };
    for (const bad of ['../../etc/passwd', '/abs/path', 'a\0b', '..', 'C:\\x']) {
      await expectCode(store.experiments.create({ name: bad }, ctx), 'MLP_CORE_INVALID_NAME', 'experiment name');
      await expectCode(store.models.create({ name: bad }, ctx), 'MLP_CORE_INVALID_NAME', 'model name');
      await expectCode(
        store.models.createVersion({ modelName: bad, bundleDigest: hex('a'), signature: {} }, ctx),
        'MLP_CORE_INVALID_NAME',
        'model name',
      );
      await expectCode(
        store.datasets.addVersion(
          {
            name: bad,
            contentHash: hex('a'),
            format: 'csv',
            source: 'x',
            rowCount: 1,
            byteSize: 1,
            schema: {},
            profile: {},
            artifactDigest: null,
          },
          ctx,
        ),
        'MLP_CORE_INVALID_NAME',
        'dataset name',
      );
      await expectCode(store.runs.create({ experimentId: exp.id, name: bad }, ctx), 'MLP_CORE_INVALID_NAME', 'run name');
      await expectCode(store.tokens.issue({ name: bad, role: 'viewer', owner: 'x' }, ctx), 'MLP_CORE_INVALID_NAME', 'token name');
    }
    await expectCode(store.runs.setTags(run.id, { 'a\0b': 'x' }, ctx), 'MLP_CORE_INVALID_NAME', 'tags key');
    await expectCode(store.runs.logParams(run.id, { '../../etc/passwd': 'x' }, ctx), 'MLP_CORE_INVALID_NAME', 'params key');
    await expectCode(
      store.runs.logMetrics(run.id, [{ key: '../x', value: 1, step: 0, timestamp: 0 }]),
      'MLP_CORE_INVALID_NAME',
      'points[0].key',
    );
    await expectCode(
      store.runs.logArtifact(run.id, { path: '../../etc/passwd', digest: hex('a'), size: 1 }, ctx),
      'MLP_CORE_INVALID_PATH',
      'artifact path',
    );
    await expectCode(store.runs.logArtifact(run.id, { path: '/etc/passwd', digest: hex('a'), size: 1 }, ctx), 'MLP_CORE_INVALID_PATH');
    await expectCode(store.experiments.setTag(exp.id, 'k', 'v\0', ctx), 'MLP_CORE_VALIDATION', 'tags.k');
    await expectCode(
      store.runs.logMetrics(run.id, [{ key: 'ok', value: 1, step: -1, timestamp: 0 }]),
      'MLP_CORE_VALIDATION',
      'points[0].step',
    );
    expect((await allEvents()).length).toBe(before.events);
    expect((await store.experiments.list({ includeDeleted: true })).length).toBe(before.experiments);
    expect((await store.models.list()).length).toBe(before.models);
    expect((await store.datasets.list()).length).toBe(before.datasets);
    expect((await store.runs.metricHistory(run.id, 'ok')).length).toBe(0);
    expect((await store.runs.get(run.id)).tags).toEqual({});
  });

  it('reports unknown ids as not found and writes nothing', async () => {
    const before = (await allEvents()).length;
    await expectCode(store.runs.create({ experimentId: '01aaaaaaaaaaaaaaaaaaaaaaaa' }, ctx), 'MLP_STORE_NOT_FOUND', 'experiment');
    await expectCode(store.runs.get('01aaaaaaaaaaaaaaaaaaaaaaaa'), 'MLP_STORE_NOT_FOUND');
    await expectCode(
      store.runs.logMetrics('01aaaaaaaaaaaaaaaaaaaaaaaa', [{ key: 'a', value: 1, step: 0, timestamp: 0 }]),
      'MLP_STORE_NOT_FOUND',
    );
    await expectCode(store.runs.end('01aaaaaaaaaaaaaaaaaaaaaaaa', 'finished', ctx), 'MLP_STORE_NOT_FOUND');
    await expectCode(store.models.get('missing-model'), 'MLP_STORE_NOT_FOUND');
    await expectCode(store.datasets.getVersion('missing-data'), 'MLP_STORE_NOT_FOUND');
    await expectCode(store.tokens.revoke('01aaaaaaaaaaaaaaaaaaaaaaaa', ctx), 'MLP_STORE_NOT_FOUND');
    await expectCode(store.jobs.get('01aaaaaaaaaaaaaaaaaaaaaaaa'), 'MLP_STORE_NOT_FOUND');
    expect((await allEvents()).length).toBe(before);
  });

  it('tracks a run: params are immutable, tags upsert, metrics keep every point and the latest wins by step then time', async () => {
    const exp = await store.experiments.ensure('exp-runs', ctx);
    const parent = await store.runs.create(
      { experimentId: exp.id, name: 'parent', gitCommit: 'abc1234', gitDirty: true, params: { lr: '0.1' }, tags: { team: 'x' } },
      ctx,
    );
    expect(parent).toMatchObject({
      status: 'running',
      gitCommit: 'abc1234',
      gitDirty: true,
      params: { lr: '0.1' },
      tags: { team: 'x' },
      endTime: null,
      parentRunId: null,
    });
    const child = await store.runs.create({ experimentId: exp.id, parentRunId: parent.id, name: 'child' }, ctx);
    expect((await store.runs.children(parent.id)).map((r) => r.id)).toEqual([child.id]);

    await store.runs.logParams(parent.id, { lr: '0.1', depth: '3' }, ctx);
    await expectCode(store.runs.logParams(parent.id, { lr: '0.2' }, ctx), 'MLP_STORE_CONFLICT', 'lr');
    await store.runs.setTags(parent.id, { team: 'y', stage: 'dev' }, ctx);

    await store.runs.logMetrics(parent.id, [
      { key: 'loss', value: 0.9, step: 0, timestamp: 100 },
      { key: 'loss', value: 0.5, step: 2, timestamp: 50 },
      { key: 'loss', value: 0.7, step: 1, timestamp: 300 },
      { key: 'inf', value: Number.POSITIVE_INFINITY, step: 0, timestamp: 1 },
      { key: 'nan', value: Number.NaN, step: 0, timestamp: 1 },
    ]);
    await store.runs.logMetrics(parent.id, [{ key: 'loss', value: 0.6, step: 1, timestamp: 999 }]); // older step: not latest
    await store.runs.logMetrics(parent.id, [{ key: 'loss', value: 0.4, step: 2, timestamp: 60 }]); // same step, later: latest
    const history = await store.runs.metricHistory(parent.id, 'loss');
    expect(history.map((p) => [p.step, p.timestamp, p.value])).toEqual([
      [0, 100, 0.9],
      [1, 300, 0.7],
      [1, 999, 0.6],
      [2, 50, 0.5],
      [2, 60, 0.4],
    ]);
    const got = await store.runs.get(parent.id);
    expect(got.params).toEqual({ lr: '0.1', depth: '3' });
    expect(got.tags).toEqual({ team: 'y', stage: 'dev' });
    expect(got.metrics.loss).toBe(0.4);
    expect(got.metrics.inf).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(got.metrics.nan)).toBe(true);

    await store.runs.logArtifact(parent.id, { path: 'model/manifest.json', digest: hex('c'), size: 12 }, ctx);
    expect(await store.runs.listArtifacts(parent.id)).toEqual([{ path: 'model/manifest.json', digest: hex('c'), size: 12 }]);

    clock.advance(5000);
    const ended = await store.runs.end(parent.id, 'finished', ctx);
    expect(ended).toMatchObject({ status: 'finished', endTime: clock.now() });
    await expectCode(store.runs.end(parent.id, 'failed', ctx), 'MLP_STORE_CONFLICT');
    const endEvent = (await store.events.list({ types: ['run.ended'], subjectId: parent.id }))[0];
    expect(endEvent?.payload).toMatchObject({ status: 'finished', durationMs: 5000 });
    expect(endEvent?.actor).toBe('alice');

    await store.runs.delete(child.id, ctx);
    expect((await store.runs.get(child.id)).deleted).toBe(true);
    const types = (await store.events.list({ subjectKind: 'run', subjectId: parent.id, limit: 100 })).map((e) => e.type);
    expect(types).toEqual(['run.created', 'run.params_logged', 'run.tagged', 'run.artifact_logged', 'run.ended']);
  });

  it('numbers dataset versions per name and is idempotent by content, also for concurrent adds', async () => {
    const add = (hash: string, name = 'iris') =>
      store.datasets.addVersion(
        {
          name,
          contentHash: hash,
          format: 'csv',
          source: 'data/iris.csv',
          rowCount: 150,
          byteSize: 4551,
          schema: { columns: [] },
          profile: {},
          artifactDigest: hash,
        },
        ctx,
      );
    const v1 = await add(hex('1'));
    expect(v1.created).toBe(true);
    expect(v1.version.version).toBe(1);
    expect((await add(hex('1'))).created).toBe(false);
    const concurrent = await Promise.all([add(hex('2')), add(hex('2')), add(hex('2')), add(hex('2'))]);
    expect(new Set(concurrent.map((c) => c.version.id)).size).toBe(1);
    expect(concurrent.filter((c) => c.created).length).toBe(1);
    expect(concurrent[0]?.version.version).toBe(2);
    expect((await store.datasets.getVersion('iris')).version).toBe(2);
    expect((await store.datasets.getVersion('iris', 1)).contentHash).toBe(hex('1'));
    expect((await store.datasets.getVersion('iris', '2')).contentHash).toBe(hex('2'));
    expect((await store.datasets.getVersion('iris', '11111111')).version).toBe(1);
    expect((await store.datasets.getVersionById(v1.version.id)).version).toBe(1);
    expect((await store.datasets.listVersions('iris')).map((v) => v.version)).toEqual([1, 2]);
    expect((await store.datasets.list()).find((d) => d.name === 'iris')).toMatchObject({ latestVersion: 2, versionCount: 2 });
    await expectCode(store.datasets.getVersion('iris', 3), 'MLP_STORE_NOT_FOUND');
    const events = await store.events.list({ types: ['dataset.version_added'] });
    expect(events.map((e) => e.payload.version)).toEqual([1, 2]);
  });

  it('registers model versions, moves aliases with from/to events, and resolves references', async () => {
    const exp = await store.experiments.ensure('exp-models', ctx);
    const run = await store.runs.create({ experimentId: exp.id, gitCommit: 'def5678', gitDirty: false }, ctx);
    await store.models.create({ name: 'churn', description: 'd', tags: { owner: 'x' } }, ctx);
    await expectCode(store.models.create({ name: 'churn' }, ctx), 'MLP_STORE_CONFLICT');
    const v1 = await store.models.createVersion(
      { modelName: 'churn', runId: run.id, bundleDigest: hex('a'), signature: { inputs: [] }, metrics: { auc: 0.8 } },
      ctx,
    );
    const v2 = await store.models.createVersion(
      { modelName: 'churn', bundleDigest: hex('b'), signature: {}, tags: { k: 'v' } },
      { actor: 'bob' },
    );
    expect([v1.version, v2.version]).toEqual([1, 2]);
    await store.models.setAlias('churn', 'champion', 1, ctx);
    await store.models.setAlias('churn', 'champion', 2, { actor: 'deployer' });
    await store.models.setAlias('churn', 'challenger', 1, ctx);
    expect((await store.models.getVersion('churn', 'champion')).version).toBe(2);
    expect((await store.models.getVersion('churn', 'latest')).version).toBe(2);
    expect((await store.models.getVersion('churn', '1')).aliases).toEqual(['challenger']);
    await store.models.deleteAlias('churn', 'challenger', ctx);
    await expectCode(store.models.deleteAlias('churn', 'challenger', ctx), 'MLP_STORE_NOT_FOUND');
    await expectCode(store.models.setAlias('churn', 'latest', 1, ctx), 'MLP_CORE_VALIDATION', 'alias');
    await expectCode(store.models.setAlias('churn', 'x', 9, ctx), 'MLP_STORE_NOT_FOUND');
    await store.models.setVersionTag('churn', 1, 'validated', 'yes', ctx);
    await store.models.update('churn', { description: 'new' }, ctx);
    await store.models.setTag('churn', 'tier', 'gold', ctx);
    const model = await store.models.get('churn');
    expect(model).toMatchObject({ description: 'new', tags: { owner: 'x', tier: 'gold' }, aliases: { champion: 2 }, latestVersion: 2 });
    expect((await store.models.listVersions('churn')).map((v) => [v.version, v.aliases, v.tags])).toEqual([
      [1, [], { validated: 'yes' }],
      [2, ['champion'], { k: 'v' }],
    ]);
    const created = await store.models.createVersion({ modelName: 'auto-created', bundleDigest: hex('c'), signature: {} }, ctx);
    expect(created.version).toBe(1);

    const events = await store.events.list({ subjectKind: 'model', subjectId: model.id, limit: 100 });
    const aliasEvents = events.filter((e) => e.type.startsWith('model.alias'));
    expect(aliasEvents.map((e) => [e.type, e.actor, e.payload.alias, e.payload.from, e.payload.to])).toEqual([
      ['model.alias_set', 'alice', 'champion', null, 1],
      ['model.alias_set', 'deployer', 'champion', 1, 2],
      ['model.alias_set', 'alice', 'challenger', null, 1],
      ['model.alias_deleted', 'alice', 'challenger', 1, null],
    ]);
    const versionCreated = events.find((e) => e.type === 'model.version_created' && e.payload.version === 1);
    expect(versionCreated?.payload).toMatchObject({ runId: run.id, bundleDigest: hex('a'), gitCommit: 'def5678', gitDirty: false });
    expect(events.map((e) => e.type)).toEqual([
      'model.created',
      'model.version_created',
      'model.version_created',
      'model.alias_set',
      'model.alias_set',
      'model.alias_set',
      'model.alias_deleted',
      'model.version_tagged',
      'model.updated',
      'model.tagged',
    ]);
  });

  it('answers lineage both ways in one SQL statement each', async () => {
    const exp = await store.experiments.ensure('exp-lineage', ctx);
    const { version: train } = await store.datasets.addVersion(
      {
        name: 'sales',
        contentHash: hex('5'),
        format: 'parquet',
        source: 's.parquet',
        rowCount: 10,
        byteSize: 99,
        schema: {},
        profile: {},
        artifactDigest: hex('5'),
      },
      ctx,
    );
    const { version: test } = await store.datasets.addVersion(
      {
        name: 'sales-test',
        contentHash: hex('6'),
        format: 'csv',
        source: 't.csv',
        rowCount: 5,
        byteSize: 50,
        schema: {},
        profile: {},
        artifactDigest: null,
      },
      ctx,
    );
    const run = await store.runs.create(
      { experimentId: exp.id, name: 'train', gitCommit: 'feedbee', gitDirty: false, params: { lr: '0.3' } },
      ctx,
    );
    const other = await store.runs.create({ experimentId: exp.id, name: 'other' }, ctx);
    await store.runs.addInputs(
      run.id,
      [
        { datasetVersionId: train.id, role: 'train' },
        { datasetVersionId: test.id, role: 'test' },
      ],
      ctx,
    );
    await store.runs.addInputs(other.id, [{ datasetVersionId: train.id, role: 'validation' }], ctx);
    await store.runs.logMetrics(run.id, [{ key: 'auc', value: 0.91, step: 0, timestamp: 1 }]);
    await store.models.createVersion({ modelName: 'sales-model', runId: run.id, bundleDigest: hex('7'), signature: {} }, ctx);
    await store.models.setAlias('sales-model', 'champion', 1, ctx);

    const queries: string[] = [];
    const counting = await openStore({ url, clock, onQuery: (sqlText) => queries.push(sqlText) });
    try {
      queries.length = 0;
      const lineage = await counting.lineage.forModelVersion('sales-model', 'champion');
      expect(queries.length).toBe(1);
      expect(lineage.code).toEqual({ gitCommit: 'feedbee', gitDirty: false });
      expect(lineage.run).toMatchObject({ id: run.id, params: { lr: '0.3' }, metrics: { auc: 0.91 } });
      expect(lineage.experiment?.name).toBe('exp-lineage');
      expect(lineage.modelVersion.aliases).toEqual(['champion']);
      expect(lineage.datasets.map((d) => [d.datasetName, d.version, d.role, d.contentHash])).toEqual([
        ['sales', 1, 'train', hex('5')],
        ['sales-test', 1, 'test', hex('6')],
      ]);

      queries.length = 0;
      const back = await counting.lineage.forDatasetVersion('sales', 1);
      expect(queries.length).toBe(1);
      expect(back.datasetVersion).toMatchObject({ id: train.id, artifactDigest: hex('5'), rowCount: 10 });
      expect(back.runs.map((r) => [r.runId, r.role]).sort()).toEqual(
        [
          [other.id, 'validation'],
          [run.id, 'train'],
        ].sort(),
      );
      expect(back.modelVersions).toEqual([{ modelName: 'sales-model', version: 1, runId: run.id, aliases: ['champion'] }]);
      await expectCode(counting.lineage.forModelVersion('sales-model', 7), 'MLP_STORE_NOT_FOUND');
    } finally {
      await counting.close();
    }
  });

  it('issues tokens whose secret verifies until revoked, storing only a hash', async () => {
    expect(await store.tokens.any()).toBe(false);
    const { token, secret } = await store.tokens.issue({ name: 'ci', role: 'deployer', owner: 'ci-bot' }, ctx);
    expect(secret).toMatch(/^mlp_[A-Za-z0-9_-]{43}$/);
    expect(await store.tokens.any()).toBe(true);
    clock.advance(1000);
    const verified = await store.tokens.verify(secret);
    expect(verified).toMatchObject({ id: token.id, role: 'deployer', owner: 'ci-bot', lastUsedAt: clock.now() });
    expect(await store.tokens.verify(`${secret}x`)).toBeUndefined();
    expect(await store.tokens.verify('not-a-token')).toBeUndefined();
    await expectCode(store.tokens.issue({ name: 'x', role: 'root' as never, owner: 'y' }, ctx), 'MLP_CORE_VALIDATION', 'role');
    await store.tokens.revoke(token.id, ctx);
    expect(await store.tokens.verify(secret)).toBeUndefined();
    expect(await store.tokens.any()).toBe(false);
    expect((await store.tokens.list())[0]?.revokedAt).toBe(clock.now());
    const events = await store.events.list({ subjectKind: 'token' });
    expect(events.map((e) => e.type)).toEqual(['token.created', 'token.revoked']);
    expect(JSON.stringify(events)).not.toContain(secret.slice(4));
  });

  it('records parent, group and submitter of jobs, lists by them and cancels a tree of jobs from its root', async () => {
    const root = await store.jobs.create({ type: 'search', payload: {}, group: 'search-1' }, { actor: 'dora' });
    expect(root).toMatchObject({ parentId: null, group: 'search-1', submittedBy: 'dora' });
    const running = await store.jobs.create({ type: 'trial', payload: { i: 1 }, parentId: root.id, group: 'search-1' }, ctx);
    await store.jobs.update(running.id, { status: 'running', workerId: 'w9' });
    const queued = await store.jobs.create({ type: 'trial', payload: { i: 2 }, parentId: root.id, group: 'search-1' }, ctx);
    const grandchild = await store.jobs.create({ type: 'fold', payload: {}, parentId: running.id }, ctx);
    const done = await store.jobs.create({ type: 'trial', payload: { i: 3 }, parentId: root.id }, ctx);
    await store.jobs.update(done.id, { status: 'succeeded' });
    const other = await store.jobs.create({ type: 'trial', payload: {}, group: 'search-2' }, ctx);
    await expectCode(store.jobs.create({ type: 'trial', payload: {}, parentId: '01aaaaaaaaaaaaaaaaaaaaaaaa' }, ctx), 'MLP_STORE_NOT_FOUND');

    expect((await store.jobs.list({ parentId: root.id })).map((j) => j.id).sort()).toEqual([running.id, queued.id, done.id].sort());
    expect((await store.jobs.list({ group: 'search-1' })).map((j) => j.id).sort()).toEqual([root.id, running.id, queued.id].sort());

    await store.jobs.requestCancel(root.id, { actor: 'erin' });
    const after = new Map((await store.jobs.list({ limit: 10_000 })).map((j) => [j.id, j]));
    expect(after.get(root.id)).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect(after.get(queued.id)).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect(after.get(running.id)).toMatchObject({ status: 'running', cancelRequested: true });
    expect(after.get(grandchild.id)).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect(after.get(done.id)).toMatchObject({ status: 'succeeded', cancelRequested: false });
    expect(after.get(other.id)).toMatchObject({ status: 'queued', cancelRequested: false });
    const requests = await store.events.list({ types: ['job.cancel_requested'], actor: 'erin', limit: 100 });
    expect(requests.map((e) => e.subjectId).sort()).toEqual([root.id, running.id, queued.id, grandchild.id].sort());
  });

  it('keeps job records with a compare-and-set update for attempt ownership', async () => {
    const job = await store.jobs.create({ type: 'train', payload: { x: 1 } }, ctx);
    expect(job).toMatchObject({ status: 'queued', progress: 0, attempts: 0, cancelRequested: false, workerId: null });
    const claimed = await store.jobs.updateIf(
      job.id,
      { status: 'queued', workerId: null },
      { status: 'running', workerId: 'w1', attempts: 1, startedAt: clock.now() },
    );
    expect(claimed).toMatchObject({ status: 'running', workerId: 'w1', attempts: 1 });
    expect(await store.jobs.updateIf(job.id, { status: 'queued' }, { status: 'running', workerId: 'w2' })).toBeUndefined();
    await store.jobs.update(job.id, { progress: 0.5, progressMessage: 'half' });
    // A worker that lost the attempt cannot complete it; the owner can.
    expect(await store.jobs.updateIf(job.id, { status: 'running', workerId: 'w2', attempts: 1 }, { status: 'succeeded' })).toBeUndefined();
    clock.advance(250);
    const done = await store.jobs.updateIf(
      job.id,
      { status: ['running'], workerId: 'w1', attempts: 1 },
      { status: 'succeeded', result: { ok: true }, progress: 1, finishedAt: clock.now() },
    );
    expect(done).toMatchObject({ status: 'succeeded', result: { ok: true }, progress: 1, progressMessage: 'half' });
    await expectCode(store.jobs.updateIf('01aaaaaaaaaaaaaaaaaaaaaaaa', {}, {}), 'MLP_STORE_NOT_FOUND');
    await expectCode(store.jobs.update(job.id, { progress: 2 }), 'MLP_CORE_VALIDATION', 'progress');

    const queued = await store.jobs.create({ id: 'fixed-id-1', type: 'report', payload: null }, ctx);
    expect((await store.jobs.requestCancel(queued.id, ctx)).status).toBe('cancelled');
    const running = await store.jobs.create({ type: 'report', payload: [] }, ctx);
    await store.jobs.update(running.id, { status: 'running', workerId: 'w3' });
    expect(await store.jobs.requestCancel(running.id, ctx)).toMatchObject({ status: 'running', cancelRequested: true });
    expect((await store.jobs.list({ status: ['cancelled'], type: 'report' })).map((j) => j.id)).toEqual([queued.id]);
    expect((await store.jobs.list({ type: 'report' })).length).toBe(2);

    const events = await store.events.list({ subjectKind: 'job', subjectId: job.id });
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['job.submitted', 'alice'],
      ['job.started', 'worker:w1'],
      ['job.finished', 'worker:w1'],
    ]);
    expect(events[2]?.payload).toMatchObject({ status: 'succeeded', durationMs: 250 });
  });

  it('appends events with strictly increasing seq and filters them', async () => {
    const appended = await store.appendEvent(
      { type: 'artifacts.collected', subjectKind: 'artifacts', subjectId: 'gc', payload: { removed: 3 } },
      { actor: 'gc' },
    );
    const events = await allEvents();
    for (let i = 1; i < events.length; i++) expect((events[i] as StoredEvent).seq).toBeGreaterThan((events[i - 1] as StoredEvent).seq);
    expect(events.at(-1)).toEqual(appended);
    expect(events.every((e) => e.actor.length > 0 && e.timestamp > 0)).toBe(true);
    expect((await store.events.list({ afterSeq: appended.seq - 1 })).map((e) => e.seq)).toEqual([appended.seq]);
    expect((await store.events.list({ actor: 'gc' })).length).toBe(1);
    expect((await store.events.list({ order: 'desc', limit: 1 }))[0]?.seq).toBe(appended.seq);
    expect((await store.events.list({ since: clock.now() + 1 })).length).toBe(0);
  });

  it('lists every referenced digest and passes the integrity check', async () => {
    const digests = await store.referencedDigests();
    for (const d of [hex('c'), hex('5'), hex('7'), hex('1'), hex('a')]) expect(digests.has(d)).toBe(true);
    expect(digests.has(hex('6'))).toBe(false); // dataset version stored without a copy
    expect(await store.integrityCheck()).toEqual({ ok: true, problems: [] });
  });

  it('refuses a database migrated by a newer mlpilot', async () => {
    const other = backend.freshUrl();
    const first = await openStore({ url: other, clock });
    await first.close();
    // Simulate a newer build's migration row.
    await withRawDb(other, async (db) => {
      await sql`insert into mlpilot_migration (name, timestamp) values ('9999-future', '2030-01-01')`.execute(db);
    });
    await expectCode(openStore({ url: other, clock }), 'MLP_STORE_SCHEMA_TOO_NEW');
  });
});
