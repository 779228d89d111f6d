/**
 * Run search conformance on every backend: each operator, order by with nulls last, paging through all
 * pages, tampered tokens, syntax errors with positions, and injection attempts. Expected results are
 * computed independently in JS from the same generated runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock, isMlpError } from '../../src/core/index.js';
import { openStore } from '../../src/store/index.js';
import type { Run, RunSearch, Store } from '../../src/store/index.js';
import { storeBackends } from '../fixtures/store/backends.js';

const backends = await storeBackends();
const ctx = { actor: 'searcher' };

interface Spec {
  name: string;
  exp: 0 | 1;
  lr: string;
  team: string | null;
  auc: number | null;
  status: 'running' | 'finished' | 'failed';
  start: number;
}

// 40 runs with hand-chosen variety: some without auc (nulls), some with NaN-free duplicates of auc values.
const SPECS: Spec[] = Array.from({ length: 40 }, (_, i) => ({
  name: `run-${String(i).padStart(2, '0')}`,
  exp: (i % 3 === 0 ? 1 : 0) as 0 | 1,
  lr: ['0.1', '0.01', '0.3'][i % 3] as string,
  team: i % 4 === 0 ? null : i % 4 === 1 ? 'x' : 'Y-team',
  auc: i % 5 === 0 ? null : Math.round(((i * 37) % 100) / 10) / 10 + 0.05,
  status: i % 7 === 0 ? 'failed' : i % 2 === 0 ? 'finished' : 'running',
  start: Date.UTC(2026, 0, 1) + ((i * 13) % 40) * 1000,
}));

async function code(promise: Promise<unknown>): Promise<string> {
  const e = await promise.then(
    () => undefined,
    (x: unknown) => x,
  );
  return isMlpError(e) ? e.code : `no MlpError: ${String(e)}`;
}

describe.each(backends)('run search on $name', (backend) => {
  let store: Store;
  const ids = new Map<string, string>(); // name -> id
  let expIds: [string, string];

  beforeAll(async () => {
    store = await openStore({ url: backend.freshUrl(), clock: new ManualClock() });
    const a = await store.experiments.create({ name: 'search-a' }, ctx);
    const b = await store.experiments.create({ name: 'search-b' }, ctx);
    expIds = [a.id, b.id];
    for (const spec of SPECS) {
      const run = await store.runs.create(
        {
          experimentId: expIds[spec.exp],
          name: spec.name,
          startTime: spec.start,
          params: { lr: spec.lr },
          tags: spec.team === null ? {} : { team: spec.team, 'with space': 'yes' },
        },
        ctx,
      );
      ids.set(spec.name, run.id);
      if (spec.auc !== null)
        await store.runs.logMetrics(run.id, [
          { key: 'auc', value: spec.auc, step: 0, timestamp: 1 },
          { key: 'val loss', value: 1 - spec.auc, step: 0, timestamp: 1 },
        ]);
      if (spec.status !== 'running') await store.runs.end(run.id, spec.status, ctx, spec.start + 5);
    }
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  const names = (runs: Run[]): string[] => runs.map((r) => r.name as string);
  const search = async (query: RunSearch): Promise<string[]> => names((await store.runs.search({ maxResults: 1000, ...query })).runs);
  const expected = (pred: (s: Spec) => boolean): string[] =>
    SPECS.filter(pred)
      .sort((x, y) => y.start - x.start || (ids.get(y.name) as string).localeCompare(ids.get(x.name) as string))
      .map((s) => s.name);

  it.each([
    ['metrics.auc > 0.5', (s: Spec) => s.auc !== null && s.auc > 0.5],
    ['metrics.auc >= 0.55', (s: Spec) => s.auc !== null && s.auc >= 0.55],
    ['metrics.auc < 0.3', (s: Spec) => s.auc !== null && s.auc < 0.3],
    ['metrics.auc <= 0.25', (s: Spec) => s.auc !== null && s.auc <= 0.25],
    ['metrics.auc = 0.75', (s: Spec) => s.auc === 0.75],
    ['metrics.auc != 0.75', (s: Spec) => s.auc !== null && s.auc !== 0.75],
    ["params.lr = '0.1'", (s: Spec) => s.lr === '0.1'],
    ["params.lr != '0.1'", (s: Spec) => s.lr !== '0.1'],
    ["params.lr in ('0.1', '0.3')", (s: Spec) => s.lr === '0.1' || s.lr === '0.3'],
    ["params.lr not in ('0.1', '0.3')", (s: Spec) => s.lr === '0.01'],
    ["tags.team = 'x'", (s: Spec) => s.team === 'x'],
    ["tags.team like 'Y%'", (s: Spec) => s.team === 'Y-team'],
    ["tags.team like 'y%'", () => false],
    ["tags.team ILIKE 'y%'", (s: Spec) => s.team === 'Y-team'],
    ['tags.`with space` = "yes"', (s: Spec) => s.team !== null],
    ['metrics."val loss" < 0.5', (s: Spec) => s.auc !== null && 1 - s.auc < 0.5],
    ["attributes.status = 'finished'", (s: Spec) => s.status === 'finished'],
    ["attributes.status in ('failed', 'running')", (s: Spec) => s.status !== 'finished'],
    ["attributes.name like 'run-1%'", (s: Spec) => s.name.startsWith('run-1')],
    [`attributes.start_time >= ${Date.UTC(2026, 0, 1) + 20_000}`, (s: Spec) => s.start >= Date.UTC(2026, 0, 1) + 20_000],
    [
      "metrics.auc > 0.3 AND params.lr = '0.01' and tags.team = 'Y-team'",
      (s: Spec) => s.auc !== null && s.auc > 0.3 && s.lr === '0.01' && s.team === 'Y-team',
    ],
  ])('filters %s', async (filter, pred) => {
    expect(await search({ filter })).toEqual(expected(pred));
  });

  it('filters by experiment and by attributes.run_id / experiment_id', async () => {
    expect(await search({ experimentIds: [expIds[1]] })).toEqual(expected((s) => s.exp === 1));
    expect(await search({ filter: `attributes.experiment_id = '${expIds[1]}'` })).toEqual(expected((s) => s.exp === 1));
    expect(await search({ filter: `attributes.run_id = '${ids.get('run-07')}'` })).toEqual(['run-07']);
  });

  it('orders by a metric with runs lacking it last, then by further keys', async () => {
    const desc = await search({ orderBy: ['metrics.auc desc', 'attributes.name asc'] });
    const withAuc = SPECS.filter((s) => s.auc !== null).sort(
      (x, y) => (y.auc as number) - (x.auc as number) || x.name.localeCompare(y.name),
    );
    const without = SPECS.filter((s) => s.auc === null).sort((x, y) => x.name.localeCompare(y.name));
    expect(desc).toEqual([...withAuc, ...without].map((s) => s.name));
    const asc = await search({ orderBy: ['metrics.auc', 'attributes.name desc'] });
    const ascWith = SPECS.filter((s) => s.auc !== null).sort(
      (x, y) => (x.auc as number) - (y.auc as number) || y.name.localeCompare(x.name),
    );
    const ascWithout = SPECS.filter((s) => s.auc === null).sort((x, y) => y.name.localeCompare(x.name));
    expect(asc).toEqual([...ascWith, ...ascWithout].map((s) => s.name));
    const byParam = await search({ orderBy: ['params.lr desc', 'attributes.name'] });
    expect(byParam).toEqual([...SPECS].sort((x, y) => y.lr.localeCompare(x.lr) || x.name.localeCompare(y.name)).map((s) => s.name));
    const byTagThenMetric = await search({ orderBy: ['attributes.status', 'metrics.auc desc', 'attributes.name'] });
    expect(byTagThenMetric).toEqual(
      [...SPECS]
        .sort((x, y) => x.status.localeCompare(y.status) || (y.auc ?? -Infinity) - (x.auc ?? -Infinity) || x.name.localeCompare(y.name))
        .map((s) => s.name),
    );
  });

  it('pages through every result exactly once with opaque tokens, across the nulls-last boundary', async () => {
    for (const query of [
      { orderBy: ['metrics.auc desc', 'attributes.name'] },
      {},
      { filter: "params.lr != '0.3' and metrics.auc > 0.2" },
      { orderBy: ['params.lr desc'] },
      { filter: "params.lr != '0.3'", orderBy: ['tags.team', 'attributes.name'] },
    ] as RunSearch[]) {
      const all = await search(query);
      const paged: string[] = [];
      let token: string | undefined;
      for (let page = 0; page < 50; page++) {
        const result = await store.runs.search({ ...query, maxResults: 7, ...(token ? { pageToken: token } : {}) });
        paged.push(...names(result.runs));
        if (result.nextPageToken === null) break;
        expect(result.runs.length).toBe(7);
        token = result.nextPageToken;
      }
      expect(paged).toEqual(all);
    }
  });

  it('rejects tampered or foreign page tokens with a clear error', async () => {
    const first = await store.runs.search({ maxResults: 5 });
    const token = first.nextPageToken as string;
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString()) as Record<string, unknown>;
    const edited = Buffer.from(JSON.stringify({ ...decoded, o: 0 })).toString('base64url');
    expect(await code(store.runs.search({ maxResults: 5, pageToken: edited }))).toBe('MLP_STORE_INVALID_PAGE_TOKEN');
    expect(await code(store.runs.search({ maxResults: 5, pageToken: 'garbage!' }))).toBe('MLP_STORE_INVALID_PAGE_TOKEN');
    expect(await code(store.runs.search({ maxResults: 5, pageToken: token, filter: "params.lr = '0.1'" }))).toBe(
      'MLP_STORE_INVALID_PAGE_TOKEN',
    );
    expect((await store.runs.search({ maxResults: 5, pageToken: token })).runs.length).toBe(5);
    expect(await code(store.runs.search({ maxResults: 0 }))).toBe('MLP_CORE_VALIDATION');
  });

  it('reports syntax errors with the character position', async () => {
    const e = await store.runs.search({ filter: "metrics.auc > 0.5 and params.lr == '0.1' or tags.x = 'y'" }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(isMlpError(e) && e.code).toBe('MLP_STORE_SEARCH_SYNTAX');
    expect((e as { details: { position: number } }).details.position).toBe(41);
    expect(await code(store.runs.search({ filter: "metrics.auc > 'high'" }))).toBe('MLP_STORE_SEARCH_SYNTAX');
    expect(await code(store.runs.search({ filter: 'params.lr = 0.1' }))).toBe('MLP_STORE_SEARCH_SYNTAX');
    expect(await code(store.runs.search({ orderBy: ['metrics.auc sideways'] }))).toBe('MLP_STORE_SEARCH_SYNTAX');
    expect(await code(store.runs.search({ filter: 'attributes.color = "red"' }))).toBe('MLP_STORE_SEARCH_SYNTAX');
  });

  it('answers a filter of 50 comparisons over distinct keys with 3 order keys, and refuses a 51st comparison', async () => {
    // Every comparison over its own metric/param/tag key joins one table; SQLite allows 64 tables per query.
    const kinds = ['metrics', 'params', 'tags'] as const;
    const comparison = (i: number): string => {
      const kind = kinds[i % 3] as (typeof kinds)[number];
      return kind === 'metrics' ? `metrics.m${i} >= 0` : `${kind}.k${i} != 'zzz'`;
    };
    const fifty = Array.from({ length: 50 }, (_, i) => comparison(i)).join(' and ');
    const orderBy = Array.from({ length: 3 }, (_, i) => `${kinds[i % 3]}.o${i} desc`);
    // No run has these keys, so nothing matches — the point is that the query runs.
    expect(await search({ filter: fifty, orderBy })).toEqual([]);
    expect(await search({ filter: `${fifty.replace('metrics.m0 >= 0', 'metrics.auc >= 0')}` })).toEqual([]);
    const e = await store.runs.search({ filter: `${fifty} and ${comparison(50)}` }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(isMlpError(e) && e.code).toBe('MLP_STORE_SEARCH_SYNTAX');
    expect((e as Error).message).toContain('at most 50 comparisons');
    expect((e as { details: { position: number } }).details.position).toBe(fifty.length + 1);
    const sixtyFour = Array.from({ length: 64 }, (_, i) => comparison(i)).join(' and ');
    expect(await code(store.runs.search({ filter: sixtyFour }))).toBe('MLP_STORE_SEARCH_SYNTAX');
  });

  it('is immune to SQL injection through values and keys', async () => {
    const before = (await search({})).length;
    expect(await code(store.runs.search({ filter: "params.x = ''; drop table runs; --'" }))).toBe('MLP_STORE_SEARCH_SYNTAX');
    expect(await search({ filter: "params.lr = '0.1'' or ''1''=''1'" })).toEqual([]);
    expect(await search({ filter: "params.lr = '''; drop table runs; --'" })).toEqual([]);
    expect(await search({ filter: "params.`lr' or 1=1 --` = '0.1'" })).toEqual([]);
    expect(await search({ filter: "tags.team like '%' " })).toEqual(expected((s) => s.team !== null));
    expect(await search({ orderBy: ['params.`lr; drop table runs` desc'] })).toHaveLength(before);
    expect((await search({})).length).toBe(before);
    expect((await store.integrityCheck()).ok).toBe(true);
  });

  it('hides deleted runs unless asked', async () => {
    await store.runs.delete(ids.get('run-01') as string, ctx);
    expect(await search({ filter: "attributes.name = 'run-01'" })).toEqual([]);
    expect(await search({ filter: "attributes.name = 'run-01'", includeDeleted: true })).toEqual(['run-01']);
  });
});
