/**
 * Run states and registry housekeeping, one suite run against every backend (SQLite always; PostgreSQL when
 * reachable, required in CI): deleted runs refuse every write until restored, ended runs still take what MLflow
 * lets a terminated run take, and models and model versions can be deleted (never while an alias points at them)
 * and described.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isMlpError, ManualClock } from '../../src/core/index.js';
import { defineStoreExtension, openStore } from '../../src/store/index.js';
import type { ExtensionContext, Store } from '../../src/store/index.js';
import { storeBackends } from '../fixtures/store/backends.js';
import { withRawDb } from '../fixtures/store/raw.js';

const backends = await storeBackends();

/** A capability's table that refers to model versions by foreign key (as a deployment would). */
interface PinTables {
  pins_pins: { id: string; model_version_id: string };
}
const pins = defineStoreExtension({
  id: 'pins',
  migrations: [
    {
      name: '0001-pins',
      async up(db) {
        await db.schema
          .createTable('pins_pins')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('model_version_id', 'text', (c) => c.notNull().references('model_versions.id'))
          .execute();
      },
    },
  ],
  repository: (x: ExtensionContext<PinTables, never>) => ({
    pin: (id: string, modelVersionId: string) =>
      x.write('pin', async (tx) => {
        await tx.db.insertInto('pins_pins').values({ id, model_version_id: modelVersionId }).execute();
      }),
  }),
});
const ctx = { actor: 'alice' };
const hex = (c: string): string => c.repeat(64);

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMlpError(error), `expected an mlpilot error, got ${String(error)}`).toBe(true);
  return error as { code: string; message: string; details: Record<string, unknown> };
}

describe.each(backends)('run states and registry housekeeping on $name', (backend) => {
  let store: Store;
  const clock = new ManualClock(Date.UTC(2026, 2, 1));

  beforeAll(async () => {
    store = await openStore({ url: backend.freshUrl(), clock });
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  const eventCount = async (): Promise<number> => (await store.events.list({ limit: 10_000 })).length;
  const addDataset = (name: string, contentHash: string) =>
    store.datasets.addVersion(
      { name, contentHash, artifactDigest: null, format: 'csv', rowCount: 1, byteSize: 1, schema: {}, profile: {}, source: 'x' },
      ctx,
    );

  it('refuses every write to a deleted run with MLP_STORE_RUN_DELETED naming the run, and writes nothing', async () => {
    const exp = await store.experiments.ensure('exp-deleted', ctx);
    const data = await addDataset('d-deleted', hex('d'));
    const run = await store.runs.create({ experimentId: exp.id, params: { lr: '0.1' } }, ctx);
    await store.runs.delete(run.id, ctx);
    const before = { events: await eventCount(), run: await store.runs.get(run.id) };
    const writes: Array<[string, () => Promise<unknown>]> = [
      ['params', () => store.runs.logParams(run.id, { depth: '3' }, ctx)],
      ['tags', () => store.runs.setTags(run.id, { team: 'x' }, ctx)],
      ['metrics', () => store.runs.logMetrics(run.id, [{ key: 'auc', value: 0.9, step: 0, timestamp: clock.now() }])],
      ['inputs', () => store.runs.addInputs(run.id, [{ datasetVersionId: data.version.id, role: 'train' }], ctx)],
      ['artifact', () => store.runs.logArtifact(run.id, { path: 'model.bin', digest: hex('e'), size: 3 }, ctx)],
      ['end', () => store.runs.end(run.id, 'finished', ctx)],
      [
        'registration',
        () => store.models.createVersion({ modelName: 'from-deleted', runId: run.id, bundleDigest: hex('f'), signature: {} }, ctx),
      ],
    ];
    for (const [what, write] of writes) {
      const error = await errorOf(write());
      expect([what, error.code]).toEqual([what, 'MLP_STORE_RUN_DELETED']);
      expect(error.details.runId).toBe(run.id);
      expect(error.message).toContain(run.id);
      expect(error.message).toContain('restore');
    }
    expect(await eventCount()).toBe(before.events);
    expect(await store.runs.get(run.id)).toEqual(before.run);
    expect(await store.runs.listArtifacts(run.id)).toEqual([]);
    expect(await store.runs.metricHistory(run.id, 'auc')).toEqual([]);
    expect((await errorOf(store.models.get('from-deleted'))).code).toBe('MLP_STORE_NOT_FOUND');
    // Deleting again stays a no-op, as before.
    await store.runs.delete(run.id, ctx);
    expect(await eventCount()).toBe(before.events);
  });

  it('restores a deleted run with a run.restored event, after which it takes writes again', async () => {
    const exp = await store.experiments.ensure('exp-restore', ctx);
    const run = await store.runs.create({ experimentId: exp.id }, ctx);
    await store.runs.delete(run.id, ctx);
    expect((await store.runs.search({ experimentIds: [exp.id] })).runs).toEqual([]);
    const before = await eventCount();
    await store.runs.restore(run.id, { actor: 'bob' });
    const restored = await store.runs.get(run.id);
    expect(restored.deleted).toBe(false);
    expect((await store.runs.search({ experimentIds: [exp.id] })).runs.map((r) => r.id)).toEqual([run.id]);
    const events = (await store.events.list({ limit: 10_000 })).slice(before);
    expect(events.map((e) => [e.type, e.subjectId, e.actor, e.payload])).toEqual([
      ['run.restored', run.id, 'bob', { experimentId: exp.id }],
    ]);
    await store.runs.setTags(run.id, { back: 'yes' }, ctx);
    await store.runs.end(run.id, 'finished', ctx);
    expect(await store.runs.get(run.id)).toMatchObject({ status: 'finished', tags: { back: 'yes' }, deleted: false });
    // Restoring a run that is not deleted changes nothing and records nothing.
    const count = await eventCount();
    await store.runs.restore(run.id, ctx);
    expect(await eventCount()).toBe(count);
    expect((await errorOf(store.runs.restore('01JNOSUCHRUN0000000000000', ctx))).code).toBe('MLP_STORE_NOT_FOUND');
  });

  it('lets an ended run take params, tags, metrics, inputs, artifacts and registration (as MLflow does), but not a second end', async () => {
    const exp = await store.experiments.ensure('exp-ended', ctx);
    const data = await addDataset('d-ended', hex('c'));
    const run = await store.runs.create({ experimentId: exp.id }, ctx);
    await store.runs.end(run.id, 'failed', ctx);
    await store.runs.logParams(run.id, { late: '1' }, ctx);
    await store.runs.setTags(run.id, { reviewed: 'yes' }, ctx);
    await store.runs.logMetrics(run.id, [{ key: 'test_auc', value: 0.7, step: 0, timestamp: clock.now() }]);
    await store.runs.addInputs(run.id, [{ datasetVersionId: data.version.id, role: 'test' }], ctx);
    await store.runs.logArtifact(run.id, { path: 'report.html', digest: hex('9'), size: 10 }, ctx);
    const version = await store.models.createVersion(
      { modelName: 'from-ended', runId: run.id, bundleDigest: hex('8'), signature: {} },
      ctx,
    );
    expect(version.runId).toBe(run.id);
    expect(await store.runs.get(run.id)).toMatchObject({
      status: 'failed',
      params: { late: '1' },
      tags: { reviewed: 'yes' },
      metrics: { test_auc: 0.7 },
      inputs: [{ datasetName: 'd-ended', role: 'test' }],
    });
    const again = await errorOf(store.runs.end(run.id, 'finished', ctx));
    expect(again.code).toBe('MLP_STORE_CONFLICT');
    expect(again.message).toContain('failed');
  });

  it('describes a model version, recording the change once with from/to', async () => {
    await store.models.createVersion({ modelName: 'described', bundleDigest: hex('1'), signature: {} }, ctx);
    const model = await store.models.get('described');
    const updated = await store.models.updateVersion('described', 1, { description: 'first cut' }, ctx);
    expect(updated).toMatchObject({ version: 1, description: 'first cut' });
    expect((await store.models.getVersion('described', 1)).description).toBe('first cut');
    const count = await eventCount();
    await store.models.updateVersion('described', 1, { description: 'first cut' }, ctx);
    expect(await eventCount()).toBe(count);
    await store.models.updateVersion('described', 1, { description: null }, { actor: 'bob' });
    expect((await store.models.getVersion('described', 1)).description).toBeNull();
    const events = await store.events.list({ subjectKind: 'model', subjectId: model.id, types: ['model.version_updated'] });
    expect(events.map((e) => [e.actor, e.payload.version, e.payload.description])).toEqual([
      ['alice', 1, { from: null, to: 'first cut' }],
      ['bob', 1, { from: 'first cut', to: null }],
    ]);
    expect((await errorOf(store.models.updateVersion('described', 7, { description: 'x' }, ctx))).code).toBe('MLP_STORE_NOT_FOUND');
    expect((await errorOf(store.models.updateVersion('described', 0, { description: 'x' }, ctx))).code).toBe('MLP_CORE_VALIDATION');
  });

  it('deletes a model version only when no alias points at it, never reusing its number, and lets GC have its bundle', async () => {
    for (const c of ['2', '3', '4']) await store.models.createVersion({ modelName: 'pruned', bundleDigest: hex(c), signature: {} }, ctx);
    await store.models.setVersionTag('pruned', 3, 'k', 'v', ctx);
    await store.models.setAlias('pruned', 'champion', 3, ctx);
    const before = await eventCount();
    const refused = await errorOf(store.models.deleteVersion('pruned', 3, ctx));
    expect(refused.code).toBe('MLP_STORE_CONFLICT');
    expect(refused.message).toContain('"champion"');
    expect(refused.message).toContain('pruned@3');
    expect(await eventCount()).toBe(before);
    expect((await store.models.getVersion('pruned', 3)).tags).toEqual({ k: 'v' });

    await store.models.setAlias('pruned', 'champion', 1, ctx);
    await store.models.deleteVersion('pruned', 3, ctx);
    await store.models.deleteVersion('pruned', 2, { actor: 'bob' });
    expect((await errorOf(store.models.getVersion('pruned', 3))).code).toBe('MLP_STORE_NOT_FOUND');
    expect((await errorOf(store.models.deleteVersion('pruned', 3, ctx))).code).toBe('MLP_STORE_NOT_FOUND');
    expect((await store.models.listVersions('pruned')).map((v) => v.version)).toEqual([1]);
    expect((await store.models.get('pruned')).latestVersion).toBe(1);
    expect((await store.models.getVersion('pruned', 'latest')).version).toBe(1);
    const digests = await store.referencedDigests();
    expect([digests.has(hex('2')), digests.has(hex('3')), digests.has(hex('4'))]).toEqual([true, false, false]);
    // The next version is 4: the numbers 2 and 3 stay with the deleted versions (events and lineage name them).
    const next = await store.models.createVersion({ modelName: 'pruned', bundleDigest: hex('5'), signature: {} }, ctx);
    expect(next.version).toBe(4);
    await store.models.deleteVersion('pruned', 4, ctx);
    expect((await store.models.createVersion({ modelName: 'pruned', bundleDigest: hex('5'), signature: {} }, ctx)).version).toBe(5);

    const model = await store.models.get('pruned');
    const deleted = await store.events.list({ subjectKind: 'model', subjectId: model.id, types: ['model.version_deleted'] });
    expect(deleted.map((e) => [e.actor, e.payload.version, e.payload.bundleDigest])).toEqual([
      ['alice', 3, hex('4')],
      ['bob', 2, hex('3')],
      ['alice', 4, hex('5')],
    ]);
    expect(await store.integrityCheck()).toEqual({ ok: true, problems: [] });
  });

  it('deletes a model with its versions only when it has no aliases, naming them, and frees the name', async () => {
    await store.models.create({ name: 'retired', tags: { team: 'x' } }, ctx);
    for (const c of ['6', '7']) await store.models.createVersion({ modelName: 'retired', bundleDigest: hex(c), signature: {} }, ctx);
    await store.models.setVersionTag('retired', 2, 'k', 'v', ctx);
    await store.models.setAlias('retired', 'champion', 2, ctx);
    await store.models.setAlias('retired', 'challenger', 1, ctx);
    const model = await store.models.get('retired');
    const refused = await errorOf(store.models.delete('retired', ctx));
    expect(refused.code).toBe('MLP_STORE_CONFLICT');
    expect(refused.message).toContain('"challenger" (version 1)');
    expect(refused.message).toContain('"champion" (version 2)');
    expect((await store.models.listVersions('retired')).length).toBe(2);

    await store.models.deleteAlias('retired', 'champion', ctx);
    await store.models.deleteAlias('retired', 'challenger', ctx);
    await store.models.delete('retired', { actor: 'bob' });
    expect((await errorOf(store.models.get('retired'))).code).toBe('MLP_STORE_NOT_FOUND');
    expect((await errorOf(store.models.getVersion('retired', 1))).code).toBe('MLP_STORE_NOT_FOUND');
    expect((await store.models.list()).map((m) => m.name)).not.toContain('retired');
    const digests = await store.referencedDigests();
    expect([digests.has(hex('6')), digests.has(hex('7'))]).toEqual([false, false]);
    const events = await store.events.list({ subjectKind: 'model', subjectId: model.id, types: ['model.deleted'] });
    expect(events.map((e) => [e.actor, e.payload])).toEqual([['bob', { name: 'retired', versions: [1, 2] }]]);
    // A new model of the same name starts again at version 1, with none of the old tags.
    const again = await store.models.createVersion({ modelName: 'retired', bundleDigest: hex('6'), signature: {} }, ctx);
    expect(again.version).toBe(1);
    expect((await store.models.get('retired')).tags).toEqual({});
    expect(await store.integrityCheck()).toEqual({ ok: true, problems: [] });
  });

  it('refuses to delete a version or model a store extension row refers to, and deletes nothing', async () => {
    const url = backend.freshUrl();
    const other = await openStore({ url, clock, extensions: [pins] });
    try {
      const v1 = await other.models.createVersion({ modelName: 'pinned', bundleDigest: hex('a'), signature: {} }, ctx);
      await other.extension(pins).pin('p1', v1.id);
      for (const attempt of [other.models.deleteVersion('pinned', 1, ctx), other.models.delete('pinned', ctx)]) {
        const error = await errorOf(attempt);
        expect(error.code).toBe('MLP_STORE_CONFLICT');
        expect(error.message).toContain('store extension');
      }
      expect((await other.models.getVersion('pinned', 1)).id).toBe(v1.id);
      expect((await other.events.list({ types: ['model.version_deleted', 'model.deleted'] })).length).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('migrates a store registered before version deletion so that existing numbers are not given again', async () => {
    const url = backend.freshUrl();
    const first = await openStore({ url, clock });
    for (const c of ['1', '2', '3']) await first.models.createVersion({ modelName: 'older', bundleDigest: hex(c), signature: {} }, ctx);
    await first.close();
    // The schema as migration 0003 left it.
    await withRawDb(url, async (db) => {
      await sql`alter table models drop column last_version`.execute(db);
      await sql`delete from mlpilot_migration where name = '0004-model-version-counter'`.execute(db);
    });
    const migrated = await openStore({ url, clock });
    try {
      await migrated.models.deleteVersion('older', 3, ctx);
      expect((await migrated.models.createVersion({ modelName: 'older', bundleDigest: hex('4'), signature: {} }, ctx)).version).toBe(4);
    } finally {
      await migrated.close();
    }
  });

  it('names the candidates of an ambiguous dataset hash prefix', async () => {
    await addDataset('hashed', `0123abcd${'1'.repeat(56)}`);
    await addDataset('hashed', `0123abcd${'2'.repeat(56)}`);
    const error = await errorOf(store.datasets.getVersion('hashed', '0123abcd'));
    expect(error.code).toBe('MLP_STORE_CONFLICT');
    expect(error.message).toContain(`hashed@2 (0123abcd22222222…), hashed@1 (0123abcd11111111…)`);
    expect((await store.datasets.getVersion('hashed', '0123abcd1')).version).toBe(1);
  });
});
