/**
 * The ingestor over the `monitor` store extension, on SQLite and PostgreSQL: idempotent resends, labels joined
 * whichever arrives first, counters for every row, deterministic sampling, retention with a ManualClock, and
 * backpressure refusing (and counting) what does not fit the queue.
 */
import { afterAll, describe, expect, it } from 'vitest';

import { isMlpError, ManualClock } from '../../../../src/core/index.js';
import { createIngestor, isSampled, monitorStore } from '../../../../src/monitor/index.js';
import type { IngestSettings, MonitorRepo } from '../../../../src/monitor/index.js';
import { openStore, type Store } from '../../../../src/store/index.js';
import { storeBackends } from '../../../fixtures/store/backends.js';

const backends = await storeBackends();
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const settings: IngestSettings = { sampleRate: 1, retentionDays: 30, queueLimit: 10_000, batchSize: 7 };

const row = (id: string, t: number, x = 1) => ({ id, timestamp: t, inputs: { x, city: id.length % 2 === 0 ? 'a' : 'b' }, outputs: x * 2 });

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMlpError(error), String(error)).toBe(true);
  return error as { code: string; details: Record<string, unknown> };
}

describe.each(backends)('ingestion on $name', (backend) => {
  const stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    await backend.cleanup();
  });
  async function open(clock: ManualClock): Promise<{ store: Store; repo: MonitorRepo }> {
    const store = await openStore({ url: backend.freshUrl(), clock, extensions: [monitorStore] });
    stores.push(store);
    return { store, repo: store.extension(monitorStore) };
  }

  it('stores a resent prediction once, acknowledging both sends, across batches and within one', async () => {
    const clock = new ManualClock(T0);
    const { repo } = await open(clock);
    const ingestor = createIngestor({ repo, clock, settings });
    const first = await ingestor.ingest(
      'churn',
      Array.from({ length: 20 }, (_, i) => row(`p${i}`, T0 + i)),
    );
    expect(first).toEqual({ model: 'churn', received: 20, accepted: 20, duplicates: 0, sampledOut: 0 });
    const again = await ingestor.ingest('churn', [row('p3', T0 + 3, 99), row('p20', T0 + 20), row('p20', T0 + 20)]);
    expect(again).toEqual({ model: 'churn', received: 3, accepted: 1, duplicates: 2, sampledOut: 0 });
    const stored = await repo.readRows('churn', {});
    expect(stored.map((r) => r.predictionId)).toEqual(Array.from({ length: 21 }, (_, i) => `p${i}`));
    // The first send wins: a resend never rewrites a stored prediction.
    expect(JSON.parse(stored[3]?.inputs ?? '{}')).toEqual({ x: 1, city: 'a' });
    // The same id under another model is another prediction.
    expect((await ingestor.ingest('other', [row('p3', T0)])).accepted).toBe(1);
    await ingestor.flush();
    expect(await ingestor.counters('churn')).toMatchObject({ accepted: 21, duplicates: 2, rejected: 0 });
  });

  it('joins labels whichever arrives first, keeps the latest label, and counts orphans until their prediction comes', async () => {
    const clock = new ManualClock(T0);
    const { repo } = await open(clock);
    const ingestor = createIngestor({ repo, clock, settings });
    await ingestor.ingestLabels('m', [{ id: 'early', label: 'yes' }]);
    expect(await repo.models()).toEqual([{ model: 'm', predictions: 0, labels: 1, orphanLabels: 1 }]);
    await ingestor.ingest('m', [row('early', T0), row('late', T0 + 1)]);
    await ingestor.ingestLabels('m', [
      { id: 'late', label: 'no' },
      { id: 'late', label: 'maybe', timestamp: T0 + 5 },
    ]);
    const rows = await repo.readRows('m', {});
    expect(rows.map((r) => [r.predictionId, r.label])).toEqual([
      ['early', '"yes"'],
      ['late', '"maybe"'],
    ]);
    expect(await repo.models()).toEqual([{ model: 'm', predictions: 2, labels: 2, orphanLabels: 0 }]);
    await ingestor.flush();
    expect((await ingestor.counters('m')).labelsAccepted).toBe(3);
  });

  it('refuses a batch with a bad row whole, naming the row, and counts its rows as rejected', async () => {
    const clock = new ManualClock(T0);
    const { repo } = await open(clock);
    const ingestor = createIngestor({ repo, clock, settings });
    const error = await errorOf(ingestor.ingest('m', [row('a', T0), { ...row('b', T0), timestamp: 'soon' }, row('c', T0)]));
    expect(error.code).toBe('MLP_MONITOR_INVALID_RECORD');
    expect(error.details).toMatchObject({ row: 1, field: 'timestamp' });
    await ingestor.flush();
    expect(await repo.readRows('m', {})).toEqual([]);
    expect((await ingestor.counters('m')).rejected).toBe(3);
  });

  it('samples by prediction id: the same rows on every replay, labels following their predictions, the rest counted', async () => {
    const clock = new ManualClock(T0);
    const { repo } = await open(clock);
    const ingestor = createIngestor({ repo, clock, settings: { ...settings, sampleRate: 0.3 } });
    const rows = Array.from({ length: 400 }, (_, i) => row(`id-${i}`, T0 + i));
    const expected = rows.filter((r) => isSampled('m', r.id, 0.3)).map((r) => r.id);
    const result = await ingestor.ingest('m', rows);
    expect(result.accepted).toBe(expected.length);
    expect(result.sampledOut).toBe(400 - expected.length);
    const replay = await ingestor.ingest('m', rows);
    expect(replay).toMatchObject({ accepted: 0, duplicates: expected.length, sampledOut: 400 - expected.length });
    expect((await repo.readRows('m', {})).map((r) => r.predictionId).sort()).toEqual([...expected].sort());
    const labels = await ingestor.ingestLabels(
      'm',
      rows.map((r) => ({ id: r.id, label: 1 })),
    );
    expect(labels).toMatchObject({ accepted: expected.length, sampledOut: 400 - expected.length });
    await ingestor.flush();
    expect(await ingestor.counters('m')).toMatchObject({
      accepted: expected.length,
      sampledOut: 2 * (400 - expected.length),
      labelsSampledOut: 400 - expected.length,
    });
  });

  it("prunes rows older than the retention at the ManualClock's now, with the labels of pruned predictions", async () => {
    const clock = new ManualClock(T0);
    const { repo } = await open(clock);
    const ingestor = createIngestor({ repo, clock, settings: { ...settings, retentionDays: 2 } });
    await ingestor.ingest('m', [row('d0', T0), row('d1', T0 + DAY), row('d2', T0 + 2 * DAY), row('d3', T0 + 3 * DAY)]);
    await ingestor.ingestLabels('m', [
      { id: 'd0', label: 0, timestamp: T0 + 3 * DAY },
      { id: 'd3', label: 1, timestamp: T0 + 3 * DAY },
      { id: 'gone', label: 1, timestamp: T0 },
    ]);
    clock.set(T0 + 3 * DAY + 1);
    // Cut-off: now − 2 days = T0 + DAY + 1 → d0 and d1 go; the orphan label from T0 goes; d0's newer label goes with d0.
    expect(await ingestor.prune()).toEqual({ before: T0 + DAY + 1, predictions: 2, labels: 2 });
    expect((await repo.readRows('m', {})).map((r) => [r.predictionId, r.label])).toEqual([
      ['d2', null],
      ['d3', '1'],
    ]);
    expect(await ingestor.prune()).toMatchObject({ predictions: 0, labels: 0 });
  });

  it('refuses a call that does not fit the queue at once with 429 and Retry-After, counts its rows, and stores everything it acknowledged', async () => {
    const clock = new ManualClock(T0);
    const { repo } = await open(clock);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Holds the first transaction until the test lets it go, so the queue fills up.
    const slow: MonitorRepo = { ...repo, writeBatch: async (batch) => (await gate, repo.writeBatch(batch)) };
    const ingestor = createIngestor({ repo: slow, clock, settings: { ...settings, queueLimit: 10, batchSize: 4 } });
    const a = ingestor.ingest(
      'm',
      Array.from({ length: 6 }, (_, i) => row(`a${i}`, T0)),
    );
    const b = ingestor.ingest(
      'm',
      Array.from({ length: 4 }, (_, i) => row(`b${i}`, T0)),
    );
    expect(ingestor.queue()).toEqual({ queued: 10, limit: 10 });
    const refused = await errorOf(ingestor.ingest('m', [row('c0', T0)]));
    expect(refused.code).toBe('MLP_MONITOR_BACKPRESSURE');
    expect(refused.details).toMatchObject({ queued: 10, limit: 10, rows: 1 });
    expect(refused.details['retryAfterSeconds']).toBeGreaterThanOrEqual(1);
    const labelRefused = await errorOf(
      ingestor.ingestLabels('m', [
        { id: 'a0', label: 1 },
        { id: 'a1', label: 0 },
      ]),
    );
    expect(labelRefused.code).toBe('MLP_MONITOR_BACKPRESSURE');
    release();
    expect((await a).accepted + (await b).accepted).toBe(10);
    await ingestor.flush();
    expect(await ingestor.counters('m')).toMatchObject({ accepted: 10, droppedBackpressure: 1, labelsDroppedBackpressure: 2 });
    expect((await repo.readRows('m', {})).length).toBe(10);
    // Once drained, the refused row is taken.
    expect((await ingestor.ingest('m', [row('c0', T0)])).accepted).toBe(1);
  });

  it('fails the calls of a transaction that could not be written, so they are never acknowledged, and keeps going', async () => {
    const clock = new ManualClock(T0);
    const { repo } = await open(clock);
    let failNext = true;
    const flaky: MonitorRepo = {
      ...repo,
      writeBatch: async (batch) => {
        if (failNext) {
          failNext = false;
          throw new Error('disk full');
        }
        return repo.writeBatch(batch);
      },
    };
    const ingestor = createIngestor({ repo: flaky, clock, settings });
    await expect(ingestor.ingest('m', [row('x', T0)])).rejects.toThrow('disk full');
    expect(await ingestor.ingest('m', [row('x', T0), row('y', T0)])).toMatchObject({ accepted: 2, duplicates: 0 });
  });

  it('refuses calls after close, once what was queued is written', async () => {
    const clock = new ManualClock(T0);
    const { repo } = await open(clock);
    const ingestor = createIngestor({ repo, clock, settings });
    const pending = ingestor.ingest('m', [row('a', T0)]);
    await ingestor.close();
    expect((await pending).accepted).toBe(1);
    expect((await errorOf(ingestor.ingest('m', [row('b', T0)]))).code).toBe('MLP_MONITOR_INGEST_CLOSED');
  });
});
