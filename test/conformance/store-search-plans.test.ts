/**
 * Run search execution strategies on every backend, over enough runs that each one is taken: the selective
 * driver (one test matching ≤ 1,500 rows), the newest-first walk from a param/tag equality index, the
 * newest-first prefix window, the ordered metric walk and the plain queries. Every page of every search is
 * compared with the order computed independently in JS from the generated runs, including ties on
 * start_time (broken by id), runs without the order metric (nulls last), and deleted runs; and the plan that
 * read each page (reported through `onSearchPlan`) with the plan the case is meant to take.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock, seededRandom } from '../../src/core/index.js';
import { bulkInsertRuns } from '../../src/store/bulk-load.js';
import type { BulkRun } from '../../src/store/bulk-load.js';
import { connect, parseStoreUrl } from '../../src/store/connect.js';
import { openStore } from '../../src/store/index.js';
import type { RunSearch, RunSearchPlan, RunSearchStrategy, Store } from '../../src/store/index.js';
import { storeBackends } from '../fixtures/store/backends.js';

const backends = await storeBackends();
const ctx = { actor: 'planner' };
const RUNS = 9000;
const T0 = Date.UTC(2026, 0, 1);

interface Spec {
  id: string;
  exp: number;
  start: number;
  lr: string;
  depth: string;
  seed: string;
  team: string;
  auc: number;
  loss: number | null;
  deleted: boolean;
}

describe.each(backends)('run search strategies on $name', (backend) => {
  let store: Store;
  const specs: Spec[] = [];
  let expIds: string[] = [];
  let url = '';
  /** The plan of every search page since the last `pages` call, in order. */
  let plans: RunSearchPlan[] = [];

  beforeAll(async () => {
    url = backend.freshUrl();
    store = await openStore({ url, clock: new ManualClock(T0), onSearchPlan: (plan) => plans.push(plan) });
    expIds = [];
    for (const name of ['plans-a', 'plans-b']) expIds.push((await store.experiments.create({ name }, ctx)).id);
    const rand = seededRandom(7);
    const bulk: BulkRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Ids in a random order relative to start times, and many equal start times, so ties need the id.
      const id = `run${Math.floor(rand() * 1e9)
        .toString(36)
        .padStart(6, '0')}${String(i).padStart(5, '0')}`;
      const spec: Spec = {
        id,
        exp: i % 4 === 3 ? 1 : 0,
        start: T0 + Math.floor(rand() * 3000) * 1000,
        lr: rand() < 0.5 ? '0.1' : '0.01',
        depth: String(1 + Math.floor(rand() * 4)),
        seed: String(i % 3000),
        team: rand() < 0.5 ? 'team-1' : 'team-2',
        auc: Math.round(rand() * 1e6) / 1e6,
        loss: rand() < 0.1 ? null : Math.round(rand() * 1e6) / 1e6,
        deleted: false,
      };
      specs.push(spec);
      bulk.push({
        id,
        experimentId: expIds[spec.exp] as string,
        name: `r${i}`,
        status: 'finished',
        startTime: spec.start,
        endTime: spec.start + 1,
        params: [
          ['lr', spec.lr],
          ['depth', spec.depth],
          ['seed', spec.seed],
        ],
        tags: [['team', spec.team]],
        metrics:
          spec.loss === null
            ? [['auc', spec.auc]]
            : [
                ['auc', spec.auc],
                ['loss', spec.loss],
              ],
      });
    }
    const { db } = await connect(parseStoreUrl(url));
    try {
      await bulkInsertRuns(db, backend.name, bulk, T0);
      // Statistics, as autovacuum/ANALYZE would gather them (without them PostgreSQL plans blind and slowly).
      await sql.raw('analyze').execute(db);
    } finally {
      await db.destroy();
    }
    // A few deleted runs through the public API (the filter must still drop them on every path).
    for (const spec of specs.filter((_, i) => i % 97 === 0)) {
      await store.runs.delete(spec.id, ctx);
      spec.deleted = true;
    }
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  const newestFirst = (x: Spec, y: Spec): number => y.start - x.start || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0);
  const oldestFirst = (x: Spec, y: Spec): number => newestFirst(y, x);
  const byLossAsc = (x: Spec, y: Spec): number => {
    if (x.loss === null || y.loss === null) return x.loss === null && y.loss === null ? (x.id < y.id ? -1 : 1) : x.loss === null ? 1 : -1;
    return x.loss - y.loss || (x.id < y.id ? -1 : 1);
  };

  async function pages(query: RunSearch, limit: number): Promise<string[]> {
    plans = [];
    const out: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < limit; page++) {
      const result = await store.runs.search({ ...query, ...(token ? { pageToken: token } : {}) });
      out.push(...result.runs.map((r) => r.id));
      if (result.nextPageToken === null) break;
      token = result.nextPageToken;
    }
    return out;
  }

  /**
   * The plan each case is meant to take (the header of src/store/search/run-search.ts): whether the selective
   * driver restricts it, the strategy that reads the runs having the first order key, and for orderings whose
   * key a run may lack, which runs have it (the rest are read by the `missing-key` phase once those run out).
   */
  interface Intended {
    selective: boolean;
    strategy: RunSearchStrategy;
    hasKey?: (s: Spec) => boolean;
  }
  const walk = (strategy: RunSearchStrategy, hasKey?: (s: Spec) => boolean): Intended => ({
    selective: false,
    strategy,
    ...(hasKey ? { hasKey } : {}),
  });
  const selective: Intended = { selective: true, strategy: 'plain' };

  /** The plan of every page read, derived from the matching runs alone. */
  function intendedPlans(matching: readonly Spec[], pageSize: number, maxPages: number, intended: Intended): RunSearchPlan[] {
    const pageCount = Math.min(maxPages, Math.max(1, Math.ceil(matching.length / pageSize)));
    const withKey = intended.hasKey === undefined ? Infinity : matching.filter(intended.hasKey).length;
    return Array.from({ length: pageCount }, (_, page) => {
      const start = page * pageSize;
      // A page holding fewer than pageSize + 1 runs with the key goes on to the runs without it.
      const strategies: RunSearchStrategy[] =
        start >= withKey ? ['missing-key'] : withKey - start <= pageSize ? [intended.strategy, 'missing-key'] : [intended.strategy];
      return { selective: intended.selective, strategies };
    });
  }

  const cases: Array<[string, () => RunSearch, (s: Spec) => boolean, (x: Spec, y: Spec) => number, number, Intended]> = [
    [
      'param+tag+metric, newest first (equality index walk)',
      () => ({ experimentIds: [expIds[0] as string], filter: "metrics.auc > 0.3 and params.lr = '0.1' and tags.team = 'team-2'" }),
      (s) => s.exp === 0 && s.auc > 0.3 && s.lr === '0.1' && s.team === 'team-2',
      newestFirst,
      4,
      walk('equality-walk'),
    ],
    [
      'three param/tag equalities, newest first (equality ranges merged on PostgreSQL)',
      () => ({ experimentIds: [expIds[0] as string], filter: "params.depth = '2' and tags.team = 'team-1' and params.lr = '0.1'" }),
      (s) => s.exp === 0 && s.depth === '2' && s.team === 'team-1' && s.lr === '0.1',
      newestFirst,
      3,
      walk('equality-walk'),
    ],
    [
      'two equalities and a metric, oldest first (driver picked from the oldest end)',
      () => ({
        experimentIds: [expIds[0] as string],
        filter: "tags.team = 'team-2' and params.lr = '0.01' and metrics.auc < 0.6",
        orderBy: ['attributes.start_time asc'],
      }),
      (s) => s.exp === 0 && s.team === 'team-2' && s.lr === '0.01' && s.auc < 0.6,
      oldestFirst,
      3,
      walk('equality-walk'),
    ],
    [
      'tag equality, newest first (equality index walk)',
      () => ({ experimentIds: [expIds[1] as string], filter: "tags.team = 'team-1'" }),
      (s) => s.exp === 1 && s.team === 'team-1',
      newestFirst,
      3,
      walk('equality-walk'),
    ],
    [
      'metric filter, newest first (prefix window)',
      () => ({ experimentIds: [expIds[0] as string], filter: 'metrics.auc > 0.5' }),
      (s) => s.exp === 0 && s.auc > 0.5,
      newestFirst,
      3,
      walk('newest-prefix'),
    ],
    [
      'tag like + metric, newest first (prefix window grown from its hit rate)',
      () => ({ experimentIds: [expIds[0] as string], filter: "tags.team like 'team-2' and metrics.auc > 0.6" }),
      (s) => s.exp === 0 && s.team === 'team-2' && s.auc > 0.6,
      newestFirst,
      4,
      walk('newest-prefix'),
    ],
    [
      'tag like + param like matching ~2% of runs, newest first (prefix windows fall short, then the full query)',
      () => ({ experimentIds: [expIds[0] as string], filter: "tags.team like 'team-2' and params.seed like '12%'" }),
      (s) => s.exp === 0 && s.team === 'team-2' && s.seed.startsWith('12'),
      newestFirst,
      3,
      walk('plain'),
    ],
    [
      'tag like + rare metric, newest first (the metric test is selective enough to drive)',
      () => ({ experimentIds: [expIds[0] as string], filter: "tags.team like 'team-2' and metrics.auc > 0.93" }),
      (s) => s.exp === 0 && s.team === 'team-2' && s.auc > 0.93,
      newestFirst,
      3,
      selective,
    ],
    [
      'rare metric, all experiments (selective driver)',
      () => ({ filter: 'metrics.auc > 0.995' }),
      (s) => s.auc > 0.995,
      newestFirst,
      3,
      selective,
    ],
    [
      'rare param (selective driver)',
      () => ({ experimentIds: [expIds[0] as string], filter: "params.seed = '12'" }),
      (s) => s.exp === 0 && s.seed === '12',
      newestFirst,
      3,
      selective,
    ],
    [
      'broad metric + rare param (the second test drives)',
      () => ({ experimentIds: [expIds[0] as string], filter: "metrics.auc > 0.3 and params.seed = '12'" }),
      (s) => s.exp === 0 && s.auc > 0.3 && s.seed === '12',
      newestFirst,
      3,
      selective,
    ],
    [
      'param filter, order by loss asc (ordered metric walk, nulls last)',
      () => ({ experimentIds: [expIds[1] as string], filter: "params.depth = '3'", orderBy: ['metrics.loss asc'] }),
      (s) => s.exp === 1 && s.depth === '3',
      byLossAsc,
      10,
      walk('metric-walk', (s) => s.loss !== null),
    ],
    [
      'order-key range + param, order by that metric (range folded into the walk)',
      () => ({ experimentIds: [expIds[1] as string], filter: "metrics.loss > 0.1 and params.depth = '3'", orderBy: ['metrics.loss asc'] }),
      (s) => s.exp === 1 && s.loss !== null && s.loss > 0.1 && s.depth === '3',
      byLossAsc,
      10,
      walk('metric-walk'),
    ],
  ];

  it.each(cases)('%s', async (_label, query, pred, order, maxPages, intended) => {
    const pageSize = 150;
    const matching = specs.filter((s) => !s.deleted && pred(s)).sort(order);
    const got = await pages({ ...query(), maxResults: pageSize }, maxPages);
    expect(got).toEqual(matching.slice(0, pageSize * maxPages).map((s) => s.id));
    expect(matching.length).toBeGreaterThan(0);
    expect(plans).toEqual(intendedPlans(matching, pageSize, maxPages, intended));
  });

  it('keeps the copied experiment_id/start_time of params and tags in step through the public API, and the integrity check flags drift', async () => {
    const run = await store.runs.create(
      { experimentId: expIds[1] as string, startTime: T0 + 123_456, params: { lr: '0.5' }, tags: { team: 'team-9' } },
      ctx,
    );
    await store.runs.logParams(run.id, { depth: '9' }, ctx);
    await store.runs.setTags(run.id, { team: 'team-8', stage: 'dev' }, ctx);
    expect(await store.integrityCheck()).toEqual({ ok: true, problems: [] });
    const found = await store.runs.search({ experimentIds: [expIds[1] as string], filter: "tags.team = 'team-8' and params.depth = '9'" });
    expect(found.runs.map((r) => r.id)).toEqual([run.id]);

    const { db } = await connect(parseStoreUrl(url));
    try {
      await sql`update run_params set start_time = start_time + 1 where run_id = ${run.id} and key = 'depth'`.execute(db);
      const drifted = await store.integrityCheck();
      expect(drifted.ok).toBe(false);
      expect(drifted.problems).toEqual(['run_params: 1 rows whose experiment_id/start_time differ from their run']);
      await sql`update run_params set start_time = start_time - 1 where run_id = ${run.id} and key = 'depth'`.execute(db);
    } finally {
      await db.destroy();
    }
    await store.runs.delete(run.id, ctx);
  });
});
