import { describe, expect, it } from 'vitest';

import { ManualClock } from '../../../src/core/index.js';
import { EventLog } from '../../../src/events/index.js';
import { CORE_EVENT_TYPES, openStore } from '../../../src/store/index.js';
import type { Store, StoredEvent } from '../../../src/store/index.js';

describe('EventLog', () => {
  it('lists with relative times and type filters, and rejects unknown types', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 10));
    const store = await openStore({ url: 'sqlite::memory:', clock });
    const log = new EventLog(store, clock);
    await store.experiments.create({ name: 'old' }, { actor: 'a' });
    clock.advance(3 * 86_400_000);
    await store.experiments.create({ name: 'new' }, { actor: 'b' });
    const exp = await store.experiments.get('new');
    await store.experiments.delete(exp.id, { actor: 'b' });
    expect((await log.list({ since: '1d' })).map((e) => e.type)).toEqual(['experiment.created', 'experiment.deleted']);
    expect((await log.list({ since: '7d', types: ['experiment.created'] })).map((e) => e.payload.name)).toEqual(['old', 'new']);
    expect((await log.list({ until: '1d' })).map((e) => e.payload.name)).toEqual(['old']);
    await expect(log.list({ types: ['run.exploded'] })).rejects.toThrow(/unknown event type/);
    await expect(log.list({ since: 'last tuesday' })).rejects.toThrow(/since/);
    await store.close();
  });

  it('follows new events by seq until aborted', async () => {
    const clock = new ManualClock();
    const store = await openStore({ url: 'sqlite::memory:', clock });
    const log = new EventLog(store, clock);
    await store.experiments.create({ name: 'e1' }, { actor: 'a' });
    const controller = new AbortController();
    let polls = 0;
    // The injected sleep writes a new event on the first two polls, then stops the iteration.
    const sleep = async (): Promise<void> => {
      polls++;
      if (polls <= 2) await store.experiments.create({ name: `later-${polls}` }, { actor: 'a' });
      else controller.abort();
    };
    const seen: StoredEvent[] = [];
    for await (const event of log.follow(0, { signal: controller.signal, sleep, pollMs: 1 })) seen.push(event);
    expect(seen.map((e) => e.payload.name)).toEqual(['e1', 'later-1', 'later-2']);
    expect(seen.map((e) => e.seq)).toEqual([...seen.map((e) => e.seq)].sort((a, b) => a - b));
    await store.close();
  });

  it('describes, once each, exactly the event types the store writes, with the subject kind their events carry', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 10));
    const store = await openStore({ url: 'sqlite::memory:', clock });
    await everyCoreMutation(store);
    const written = await new EventLog(store, clock).list({ limit: 10_000 });
    const catalog = store.events.catalog;
    const listed = catalog.types.map((t) => t.type);
    // The catalog is a list (not object keys): a type declared twice would show here.
    expect(new Set(listed).size).toBe(listed.length);
    // No dead entries and nothing undescribed: the types the store wrote are the catalog's core types.
    expect([...new Set(written.map((e) => e.type))].sort()).toEqual(CORE_EVENT_TYPES.map((t) => t.type).sort());
    for (const event of written) expect(event.subjectKind, event.type).toBe(catalog.get(event.type)?.subjectKind);
    await store.close();
  });
});

/** Performs every kind of core mutation once, so that every core event type is written. */
async function everyCoreMutation(store: Store): Promise<void> {
  const ctx = { actor: 'tester' };
  const digest = 'a'.repeat(64);
  const experiment = await store.experiments.create({ name: 'all' }, ctx);
  await store.experiments.setTag(experiment.id, 'k', 'v', ctx);
  const { version } = await store.datasets.addVersion(
    {
      name: 'd',
      contentHash: digest,
      format: 'csv',
      source: 'd.csv',
      rowCount: 1,
      byteSize: 1,
      schema: {},
      profile: {},
      artifactDigest: null,
    },
    ctx,
  );
  const run = await store.runs.create({ experimentId: experiment.id }, ctx);
  await store.runs.logParams(run.id, { p: '1' }, ctx);
  await store.runs.setTags(run.id, { t: '1' }, ctx);
  await store.runs.addInputs(run.id, [{ datasetVersionId: version.id, role: 'train' }], ctx);
  await store.runs.logArtifact(run.id, { path: 'model', digest, size: 1 }, ctx);
  await store.runs.end(run.id, 'finished', ctx);
  await store.runs.delete(run.id, ctx);
  await store.runs.restore(run.id, ctx);
  await store.experiments.delete(experiment.id, ctx);
  await store.models.create({ name: 'm' }, ctx);
  await store.models.update('m', { description: 'x' }, ctx);
  await store.models.setTag('m', 'k', 'v', ctx);
  await store.models.createVersion({ modelName: 'm', bundleDigest: digest, signature: {} }, ctx);
  await store.models.setVersionTag('m', 1, 'k', 'v', ctx);
  await store.models.setAlias('m', 'champion', 1, ctx);
  await store.models.deleteAlias('m', 'champion', ctx);
  await store.models.updateVersion('m', 1, { description: 'first' }, ctx);
  await store.models.deleteVersion('m', 1, ctx);
  await store.models.delete('m', ctx);
  const { token } = await store.tokens.issue({ name: 't', role: 'viewer', owner: 'o' }, ctx);
  await store.tokens.revoke(token.id, ctx);
  const running = await store.jobs.create({ type: 'noop', payload: null }, ctx);
  await store.jobs.update(running.id, { status: 'running', workerId: 'w', attempts: 1, startedAt: 1 });
  await store.jobs.requestCancel(running.id, ctx);
  await store.jobs.update(running.id, { status: 'cancelled', finishedAt: 2 });
  await store.appendEvent({ type: 'artifacts.collected', subjectKind: 'artifacts', subjectId: 'local', payload: { deleted: 0 } }, ctx);
}
