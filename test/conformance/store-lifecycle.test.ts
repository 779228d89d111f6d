/**
 * Run states and registry housekeeping, one suite run against every backend (SQLite always; PostgreSQL when
 * reachable, required in CI): deleted runs refuse every write until restored, ended runs still take what MLflow
 * lets a terminated run take, and models and model versions can be deleted (never while an alias points at them)
 * and described.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isMlpError, ManualClock } from '../../src/core/index.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { storeBackends } from '../fixtures/store/backends.js';

const backends = await storeBackends();
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

  it('refuses every write to a deleted run with MLP_STORE_RUN_DELETED naming the run, and writes nothing', async () => {
    const exp = await store.experiments.ensure('exp-deleted', ctx);
    const data = await store.datasets.addVersion(
      {
        name: 'd-deleted',
        contentHash: hex('d'),
        artifactDigest: null,
        format: 'csv',
        rowCount: 1,
        byteSize: 1,
        schema: {},
        profile: {},
        source: 'x',
      },
      ctx,
    );
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
    const data = await store.datasets.addVersion(
      {
        name: 'd-ended',
        contentHash: hex('c'),
        artifactDigest: null,
        format: 'csv',
        rowCount: 1,
        byteSize: 1,
        schema: {},
        profile: {},
        source: 'x',
      },
      ctx,
    );
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
});
