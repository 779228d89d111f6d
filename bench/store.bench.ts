/**
 * Metadata store benchmark (issue 3), on SQLite and on PostgreSQL when reachable:
 *
 *   npm run bench -- store [--runs 1000000] [--repeats 5] [--backends sqlite,postgres]
 *
 * 1. Batch metric logging: 100,000 points into one run through the public `runs.logMetrics` (batches of
 *    1,000 points) → points/s. Target ≥ 50,000 points/s on SQLite.
 * 2. Load `--runs` runs (default 1,000,000) with 5 params, 3 metrics and 2 tags each through the internal
 *    bulk path (`src/store/bulk-load.ts`; the public API writes one event per run and is not meant for
 *    synthetic millions), then ANALYZE (VACUUM ANALYZE on PostgreSQL).
 * 3. 20 typical searches through the public `runs.search` (100 results, hydrated), each repeated → p50/p95.
 *    Target p95 < 50 ms on both backends.
 * Files live under /tmp/mlpilot-bench; PostgreSQL uses a throw-away schema, dropped at the end.
 * The CSV row (bench/csv.bench.ts) runs at the end when that file exists.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { sql } from 'kysely';
import pg from 'pg';

import { ManualClock, newId, seededRandom } from '../src/core/index.js';
import { bulkInsertRuns } from '../src/store/bulk-load.js';
import type { BulkRun } from '../src/store/bulk-load.js';
import { connect, parseStoreUrl } from '../src/store/connect.js';
import { openStore } from '../src/store/index.js';
import type { RunSearch, Store } from '../src/store/index.js';
import { percentile, printTable } from './lib/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const RUNS = Number(arg('runs', '1000000'));
const REPEATS = Number(arg('repeats', '5'));
const BACKENDS = arg('backends', 'sqlite,postgres').split(',');
/** `--keep`: leave the loaded databases behind (schema bench_keep, /tmp/mlpilot-bench/store.db) for EXPLAIN. */
const KEEP = process.argv.includes('--keep');
const EXPERIMENTS = 10;
const CHUNK = 20_000;
const T0 = Date.UTC(2025, 0, 1);

const LRS = ['0.001', '0.01', '0.03', '0.1', '0.3'];
const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'];
const TEAMS = Array.from({ length: 8 }, (_, i) => `team-${i}`);
const STAGES = ['dev', 'staging', 'prod'];

async function pgUrl(): Promise<string | undefined> {
  const base = new URL(process.env.MLPILOT_TEST_PG_URL ?? 'postgres://127.0.0.1:5432/test');
  if (base.username === '') base.username = userInfo().username;
  const client = new pg.Client({ connectionString: base.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    // --keep reuses one schema name: drop what an earlier --keep run left behind.
    if (KEEP) await client.query('drop schema if exists bench_keep cascade');
    await client.end();
  } catch {
    return undefined;
  }
  base.searchParams.set('schema', KEEP ? 'bench_keep' : `bench_${Date.now().toString(36)}`);
  return base.toString();
}

async function benchBatch(store: Store): Promise<number> {
  const exp = await store.experiments.ensure('bench-batch', { actor: 'bench' });
  const run = await store.runs.create({ experimentId: exp.id }, { actor: 'bench' });
  const points = Array.from({ length: 1000 }, (_, i) => ({ key: `m${i % 10}`, value: Math.sin(i), step: 0, timestamp: T0 }));
  const start = performance.now();
  for (let batch = 0; batch < 100; batch++) {
    for (let i = 0; i < points.length; i++) (points[i] as { step: number }).step = batch * 100 + Math.floor(i / 10);
    await store.runs.logMetrics(run.id, points);
  }
  return 100_000 / ((performance.now() - start) / 1000);
}

async function load(
  url: string,
  kind: 'sqlite' | 'postgres',
  experimentIds: string[],
): Promise<{ seconds: number; sample: { runId: string } }> {
  const { db } = await connect(parseStoreUrl(url));
  // A large page cache for the load only: random-order index inserts into multi-GB indexes thrash a small one.
  if (kind === 'sqlite') await sql`pragma cache_size = -524288`.execute(db);
  const rand = seededRandom(42);
  const clock = new ManualClock(T0);
  const start = performance.now();
  let sampleRun = '';
  try {
    for (let done = 0; done < RUNS; done += CHUNK) {
      const runs: BulkRun[] = [];
      for (let i = done; i < Math.min(RUNS, done + CHUNK); i++) {
        clock.set(T0 + i * 1000);
        const auc = rand();
        const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
        const run: BulkRun = {
          id: newId(clock),
          experimentId: experimentIds[i % EXPERIMENTS] as string,
          name: `run-${i}`,
          status: rand() < 0.1 ? 'failed' : 'finished',
          startTime: T0 + i * 1000,
          endTime: T0 + i * 1000 + 500,
          params: [
            ['lr', pick(LRS)],
            ['depth', String(1 + Math.floor(rand() * 10))],
            ['optimizer', pick(OPTIMIZERS)],
            ['batch', String(32 << Math.floor(rand() * 4))],
            ['seed', String(i % 100_000)],
          ],
          tags: [
            ['team', pick(TEAMS)],
            ['stage', pick(STAGES)],
          ],
          metrics: [
            ['auc', auc],
            ['loss', 1 - auc + rand() * 0.1],
            ['accuracy', rand()],
          ],
        };
        if (i === Math.floor(RUNS / 2)) sampleRun = run.id;
        runs.push(run);
      }
      await bulkInsertRuns(db, kind, runs, T0);
      if ((done + CHUNK) % 200_000 === 0)
        console.error(
          `[${kind}]   ${(done + CHUNK).toLocaleString('en-US')} runs after ${((performance.now() - start) / 1000).toFixed(0)} s`,
        );
    }
    // PostgreSQL: VACUUM too, as autovacuum would soon after a load this size; it sets the visibility map
    // that index-only scans need (without it every index hit also reads the heap).
    await sql.raw(kind === 'sqlite' ? 'analyze' : 'vacuum analyze').execute(db);
  } finally {
    await db.destroy();
  }
  return { seconds: (performance.now() - start) / 1000, sample: { runId: sampleRun } };
}

function searches(exp: string, sampleRunId: string): Array<[string, RunSearch, boolean]> {
  // [label, query, fetch the second page]
  const e = { experimentIds: [exp], maxResults: 100 };
  return [
    ['metric filter', { ...e, filter: 'metrics.auc > 0.9' }, false],
    ['param filter', { ...e, filter: "params.lr = '0.1'" }, false],
    ['tag filter', { ...e, filter: "tags.team = 'team-3'" }, false],
    ['metric+param+tag', { ...e, filter: "metrics.auc > 0.8 and params.lr = '0.1' and tags.team = 'team-3'" }, false],
    ['order by metric desc', { ...e, orderBy: ['metrics.auc desc'] }, false],
    ['order by metric, page 2', { ...e, orderBy: ['metrics.auc desc'] }, true],
    ['newest first', { ...e }, false],
    ['newest first, page 2', { ...e }, true],
    ['status = failed', { ...e, filter: "attributes.status = 'failed'" }, false],
    ['in + metric <', { ...e, filter: "params.optimizer in ('adam', 'sgd') and metrics.loss < 0.2" }, false],
    ['tag like', { ...e, filter: "tags.stage like 'prod%'" }, false],
    ['filter + order same metric', { ...e, filter: 'metrics.auc > 0.95', orderBy: ['metrics.auc desc'] }, false],
    ['param filter, order loss asc', { ...e, filter: "params.depth = '7'", orderBy: ['metrics.loss asc'] }, false],
    ['all experiments: auc > 0.999', { maxResults: 100, filter: 'metrics.auc > 0.999' }, false],
    ['all experiments: top auc', { maxResults: 100, orderBy: ['metrics.auc desc'] }, false],
    ['recent start_time', { ...e, filter: `attributes.start_time > ${T0 + (RUNS - 5000) * 1000}` }, false],
    ['selective param (seed)', { ...e, filter: "params.seed = '123'" }, false],
    ['tag ilike', { ...e, filter: "tags.team ilike 'TEAM-1%'" }, false],
    ['order by param', { ...e, orderBy: ['params.lr desc'] }, false],
    ['run by id', { maxResults: 100, filter: `attributes.run_id = '${sampleRunId}'` }, false],
  ];
}

async function benchBackend(
  kind: 'sqlite' | 'postgres',
  url: string,
): Promise<{ batch: number; loadSeconds: number; rows: Array<Array<string | number>>; p95: number }> {
  const clock = new ManualClock(T0);
  let store = await openStore({ url, clock });
  const batch = await benchBatch(store);
  const experimentIds: string[] = [];
  for (let i = 0; i < EXPERIMENTS; i++) experimentIds.push((await store.experiments.create({ name: `bench-${i}` }, { actor: 'bench' })).id);
  await store.close();
  console.error(`[${kind}] loading ${RUNS.toLocaleString('en-US')} runs…`);
  const loaded = await load(url, kind, experimentIds);
  console.error(`[${kind}] loaded in ${loaded.seconds.toFixed(1)} s; searching…`);
  store = await openStore({ url, clock });
  const rows: Array<Array<string | number>> = [];
  const all: number[] = [];
  for (const [label, query, secondPage] of searches(experimentIds[3] as string, loaded.sample.runId)) {
    let token: string | undefined;
    if (secondPage) token = (await store.runs.search(query)).nextPageToken ?? undefined;
    const times: number[] = [];
    let count = 0;
    await store.runs.search({ ...query, ...(token ? { pageToken: token } : {}) }); // warm-up
    for (let r = 0; r < REPEATS; r++) {
      const start = performance.now();
      const page = await store.runs.search({ ...query, ...(token ? { pageToken: token } : {}) });
      times.push(performance.now() - start);
      count = page.runs.length;
    }
    all.push(...times);
    rows.push([kind, label, count, percentile(times, 50), percentile(times, 95)]);
  }
  await store.close();
  return { batch, loadSeconds: loaded.seconds, rows, p95: percentile(all, 95) };
}

async function main(): Promise<void> {
  const dir = '/tmp/mlpilot-bench';
  mkdirSync(dir, { recursive: true });
  const targets: Array<['sqlite' | 'postgres', string]> = [];
  if (BACKENDS.includes('sqlite')) {
    const file = join(dir, 'store.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    targets.push(['sqlite', `sqlite:${file}`]);
  }
  if (BACKENDS.includes('postgres')) {
    const url = await pgUrl();
    if (url === undefined) console.warn('!!! PostgreSQL not reachable: skipping the PostgreSQL rows !!!');
    else targets.push(['postgres', url]);
  }
  const summary: Array<Array<string | number>> = [];
  for (const [kind, url] of targets) {
    try {
      const result = await benchBackend(kind, url);
      printTable(
        `${kind}: searches over ${RUNS.toLocaleString('en-US')} runs (ms, ${REPEATS} repeats after a warm-up)`,
        ['backend', 'search', 'runs returned', 'p50 ms', 'p95 ms'],
        result.rows,
      );
      summary.push([
        kind,
        'log 100k metric points, one run (batches of 1,000)',
        `${Math.round(result.batch).toLocaleString('en-US')} points/s`,
        kind === 'sqlite' ? '≥ 50,000 points/s' : '-',
      ]);
      summary.push([
        kind,
        `bulk-load ${RUNS.toLocaleString('en-US')} runs (5 params, 3 metrics, 2 tags)`,
        `${result.loadSeconds.toFixed(1)} s`,
        'a few minutes',
      ]);
      summary.push([kind, `20 typical searches × ${REPEATS}, p95 over all`, `${result.p95.toFixed(1)} ms`, '< 50 ms']);
    } finally {
      if (KEEP) console.error(`[${kind}] kept ${url}`);
      else if (kind === 'sqlite') for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, 'store.db') + suffix, { force: true });
      else {
        const parsed = parseStoreUrl(url);
        if (parsed.kind === 'postgres' && parsed.schema !== null) {
          const client = new pg.Client({ connectionString: parsed.connectionString });
          await client.connect();
          await client.query(`drop schema if exists "${parsed.schema}" cascade`);
          await client.end();
        }
      }
    }
  }
  printTable('store benchmark (issue 3)', ['backend', 'measure', 'result', 'target'], summary);
  if (existsSync(join(here, 'csv.bench.ts'))) {
    const csv = (await import('./csv.bench.js')) as { runCsvBenchmark?: () => Promise<void> };
    await csv.runCsvBenchmark?.();
  }
}

await main();
