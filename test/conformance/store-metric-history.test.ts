/**
 * Metric history on every backend: keyset pages that return each point exactly once (duplicates of one step and
 * timestamp included), and step buckets aggregated in SQL, checked against hand-computed values.
 *
 * NaN handling stated by these expectations: a NaN point counts in `count` and can be a bucket's last value;
 * `min` and `max` skip NaN and are NaN only when every point of the bucket is NaN; ±Infinity counts like any value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock, isMlpError } from '../../src/core/index.js';
import { openStore, type MetricPoint, type Store } from '../../src/store/index.js';
import { storeBackends } from '../fixtures/store/backends.js';

const backends = await storeBackends();
const ctx = { actor: 'historian' };

const INF = Number.POSITIVE_INFINITY;

async function code(promise: Promise<unknown>): Promise<string> {
  const e = await promise.then(
    () => undefined,
    (x: unknown) => x,
  );
  return isMlpError(e) ? e.code : `not an MlpError: ${String(e)}`;
}

// loss: steps 0..9 (timestamp 1000 + step), plus a second point at step 3 logged later (timestamp 2000).
const LOSS: Array<[step: number, value: number, timestamp?: number]> = [
  [0, 5],
  [1, 4],
  [2, NaN],
  [3, 3],
  [3, 3.5, 2000],
  [4, INF],
  [5, 2],
  [6, 1],
  [7, NaN],
  [8, NaN],
  [9, -INF],
];

describe.each(backends)('metric history on $name', (backend) => {
  let store: Store;
  let runId = '';

  beforeAll(async () => {
    store = await openStore({ url: backend.freshUrl(), clock: new ManualClock(Date.UTC(2026, 0, 1)) });
    const experiment = await store.experiments.create({ name: 'history' }, ctx);
    runId = (await store.runs.create({ experimentId: experiment.id }, ctx)).id;
    await store.runs.logMetrics(
      runId,
      LOSS.map(([step, value, timestamp]) => ({ key: 'loss', step, value, timestamp: timestamp ?? 1000 + step })),
    );
    // dup: three points at (1, 1) with different values, around single points.
    await store.runs.logMetrics(runId, [
      { key: 'dup', step: 0, value: 0, timestamp: 1 },
      { key: 'dup', step: 1, value: 30, timestamp: 1 },
      { key: 'dup', step: 1, value: 10, timestamp: 1 },
      { key: 'dup', step: 2, value: 40, timestamp: 5 },
      { key: 'dup', step: 1, value: 20, timestamp: 1 },
      { key: 'dup', step: 1, value: NaN, timestamp: 1 },
    ]);
    await store.runs.logMetrics(runId, [
      { key: 'gap', step: 0, value: 1, timestamp: 1 },
      { key: 'gap', step: 100, value: 2, timestamp: 2 },
    ]);
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('cuts the step range into equal buckets with last value, min, max and count (hand-computed)', async () => {
    // 3 buckets over steps 0..9: ⌊3s/10⌋ puts steps 0-3 in bucket 0, 4-6 in 1, 7-9 in 2.
    expect(await store.runs.metricHistoryBuckets(runId, 'loss', 3)).toEqual([
      { firstStep: 0, lastStep: 3, value: 3.5, timestamp: 2000, min: 3, max: 5, count: 5 },
      { firstStep: 4, lastStep: 6, value: 1, timestamp: 1006, min: 1, max: INF, count: 3 },
      { firstStep: 7, lastStep: 9, value: -INF, timestamp: 1009, min: -INF, max: -INF, count: 3 },
    ]);
    expect(await store.runs.metricHistoryBuckets(runId, 'loss', 1)).toEqual([
      { firstStep: 0, lastStep: 9, value: -INF, timestamp: 1009, min: -INF, max: INF, count: 11 },
    ]);
  });

  it('answers one bucket per step when buckets outnumber steps; an all-NaN bucket has NaN min and max', async () => {
    const buckets = await store.runs.metricHistoryBuckets(runId, 'loss', 5000);
    expect(buckets.map((b) => b.firstStep)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(buckets[2]).toEqual({ firstStep: 2, lastStep: 2, value: NaN, timestamp: 1002, min: NaN, max: NaN, count: 1 });
    expect(buckets[3]).toEqual({ firstStep: 3, lastStep: 3, value: 3.5, timestamp: 2000, min: 3, max: 3.5, count: 2 });
  });

  it('leaves empty step ranges out and answers nothing for a metric without points', async () => {
    // ⌊2s/101⌋: step 0 → 0, step 100 → 1.
    expect((await store.runs.metricHistoryBuckets(runId, 'gap', 2)).map((b) => [b.firstStep, b.value])).toEqual([
      [0, 1],
      [100, 2],
    ]);
    expect((await store.runs.metricHistoryBuckets(runId, 'gap', 1)).map((b) => [b.firstStep, b.lastStep, b.count])).toEqual([[0, 100, 2]]);
    expect(await store.runs.metricHistoryBuckets(runId, 'never-logged', 10)).toEqual([]);
  });

  it('pages through every point exactly once, duplicates of one step and timestamp included', async () => {
    const all = await store.runs.metricHistory(runId, 'dup');
    const sortKey = (p: MetricPoint) => `${p.step}/${p.timestamp}/${String(p.value)}`;
    for (const maxResults of [1, 2, 3, 4, 6, 7]) {
      const seen: MetricPoint[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await store.runs.metricHistoryPage(runId, 'dup', { maxResults, ...(token === undefined ? {} : { pageToken: token }) });
        expect(page.points.length).toBeLessThanOrEqual(maxResults);
        seen.push(...page.points);
        token = page.nextPageToken ?? undefined;
        pages++;
      } while (token !== undefined && pages < 20);
      expect(pages, `maxResults ${maxResults}`).toBe(Math.ceil(all.length / maxResults));
      expect(
        seen.map((p) => [p.step, p.timestamp]),
        `maxResults ${maxResults}`,
      ).toEqual(all.map((p) => [p.step, p.timestamp]));
      expect(seen.map(sortKey).sort(), `maxResults ${maxResults}`).toEqual(all.map(sortKey).sort());
    }
  });

  it('defaults to 10,000 points a page and refuses bad sizes, buckets and tokens', async () => {
    const page = await store.runs.metricHistoryPage(runId, 'loss');
    expect(page.points.map((p) => p.step)).toEqual([0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9]);
    expect(page.nextPageToken).toBeNull();
    for (const maxResults of [0, 25_001, 1.5]) {
      expect(await code(store.runs.metricHistoryPage(runId, 'loss', { maxResults }))).toBe('MLP_CORE_VALIDATION');
    }
    for (const buckets of [0, 5001, 2.5])
      expect(await code(store.runs.metricHistoryBuckets(runId, 'loss', buckets))).toBe('MLP_CORE_VALIDATION');
    const first = await store.runs.metricHistoryPage(runId, 'loss', { maxResults: 2 });
    const token = first.nextPageToken as string;
    expect(await code(store.runs.metricHistoryPage(runId, 'dup', { pageToken: token }))).toBe('MLP_STORE_INVALID_PAGE_TOKEN');
    expect(await code(store.runs.metricHistoryPage(runId, 'loss', { pageToken: `${token.slice(0, -2)}xx` }))).toBe(
      'MLP_STORE_INVALID_PAGE_TOKEN',
    );
    expect(await code(store.runs.metricHistoryPage('nosuchrun', 'loss'))).toBe('MLP_STORE_NOT_FOUND');
    expect(await code(store.runs.metricHistoryBuckets('nosuchrun', 'loss', 3))).toBe('MLP_STORE_NOT_FOUND');
  });
});
