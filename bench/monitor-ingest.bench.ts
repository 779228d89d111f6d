/**
 * Ingestion throughput: predictions through `createIngestor` (validation, sampling, the queue, batched transactions
 * with idempotent inserts and counters) against, in the same run and on the same database, the peer: the same rows
 * inserted with the driver alone (prepared multi-row INSERTs in transactions of the same size, no validation,
 * no idempotency, no counters) — the floor the storage allows.
 *
 *   npm run bench -- monitor-ingest [--rows 100000] [--senders 4]
 *
 * SQLite always (a temp file, WAL), PostgreSQL when MLPILOT_TEST_PG_URL (or postgres://127.0.0.1:5432/test)
 * answers. Rows: 8 numeric and 2 categorical inputs, a label and a probability as outputs. `senders` calls run
 * concurrently with 1,000-row batches; the ingestor writes transactions of 1,000 rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { type Kysely, sql } from 'kysely';

import { ManualClock } from '../src/core/index.js';
import { createIngestor, monitorStore } from '../src/monitor/index.js';
import { openStore } from '../src/store/index.js';
import { dropSchemas, pgProblem, pgUrlWithSchema } from '../test/fixtures/postgres.js';
import { optionValues } from './lib/args.js';
import { printTable } from './lib/report.js';

const ROWS = Number(optionValues('--rows')[0] ?? 100_000);
const SENDERS = Number(optionValues('--senders')[0] ?? 4);
const BATCH = 1000;
const T0 = Date.UTC(2026, 2, 1);

function row(i: number) {
  return {
    id: `req-${i}`,
    timestamp: T0 + i * 100,
    inputs: {
      f0: i % 97,
      f1: (i * 7) % 13,
      f2: i / 3,
      f3: (i % 1000) / 1000,
      f4: i % 2,
      f5: (i * 31) % 101,
      f6: Math.sqrt(i),
      f7: i % 5,
      plan: ['free', 'pro', 'team'][i % 3] ?? 'free',
      region: `r${i % 20}`,
    },
    outputs: { prediction: i % 2 === 0 ? 'stay' : 'churn', proba_churn: (i % 100) / 100 },
  };
}

async function measure(url: string): Promise<{ ingestor: number; peer: number }> {
  const clock = new ManualClock(T0);
  const rows = Array.from({ length: ROWS }, (_, i) => row(i));

  // mlpilot: concurrent callers, each sending its share in batches.
  const store = await openStore({ url, clock, extensions: [monitorStore] });
  const ingestor = createIngestor({
    repo: store.extension(monitorStore),
    clock,
    settings: { sampleRate: 1, retentionDays: 30, queueLimit: SENDERS * BATCH * 2, batchSize: BATCH },
  });
  let start = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, s) => {
      for (let b = s * BATCH; b < ROWS; b += SENDERS * BATCH) await ingestor.ingest('bench', rows.slice(b, b + BATCH));
    }),
  );
  const ingestorMs = performance.now() - start;

  // Peer: the driver alone, into a table of the same shape, one multi-row INSERT statement per 200 rows and one
  // transaction per 1,000 rows.
  await store.close();
  const raw = await rawKysely(url);
  await sql`create table peer_predictions (id text primary key, model_name text not null, model_version integer,
    prediction_id text not null, timestamp bigint not null, inputs text not null, outputs text not null, received_at bigint not null)`.execute(
    raw,
  );
  start = performance.now();
  for (let b = 0; b < ROWS; b += BATCH) {
    await raw.transaction().execute(async (trx) => {
      for (let c = b; c < Math.min(ROWS, b + BATCH); c += 200) {
        const chunk = rows.slice(c, Math.min(c + 200, b + BATCH, ROWS));
        await sql`insert into peer_predictions values ${sql.join(
          chunk.map(
            (r) =>
              sql`(${`${r.id}-x`}, ${'bench'}, ${null}, ${r.id}, ${r.timestamp}, ${JSON.stringify(r.inputs)}, ${JSON.stringify(r.outputs)}, ${T0})`,
          ),
        )}`.execute(trx);
      }
    });
  }
  const peerMs = performance.now() - start;
  await raw.destroy();
  return { ingestor: (ROWS / ingestorMs) * 1000, peer: (ROWS / peerMs) * 1000 };
}

/** A Kysely connection of the URL, for the peer (the store keeps its own private). */
async function rawKysely(url: string): Promise<Kysely<unknown>> {
  const { Kysely: KyselyClass, PostgresDialect, SqliteDialect } = await import('kysely');
  if (url.startsWith('sqlite:')) {
    const { default: Database } = await import('better-sqlite3');
    const database = new Database(url.slice('sqlite:'.length));
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    return new KyselyClass<unknown>({ dialect: new SqliteDialect({ database }) });
  }
  const pg = await import('pg');
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  parsed.searchParams.delete('schema');
  const pool = new pg.default.Pool({ connectionString: parsed.toString(), max: 1, options: `-c search_path=${schema}` });
  return new KyselyClass<unknown>({ dialect: new PostgresDialect({ pool }) });
}

const results: Array<[string, number, number, number]> = [];
const dir = mkdtempSync(join(tmpdir(), 'mlpilot-bench-ingest-'));
try {
  const sqlite = await measure(`sqlite:${join(dir, 'mlpilot.db')}`);
  results.push(['SQLite', sqlite.ingestor, sqlite.peer, sqlite.ingestor / sqlite.peer]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const problem = await pgProblem();
if (problem === undefined) {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  try {
    const pg = await measure(pgUrlWithSchema(schema));
    results.push(['PostgreSQL', pg.ingestor, pg.peer, pg.ingestor / pg.peer]);
  } finally {
    await dropSchemas([schema]);
  }
} else console.log(`(PostgreSQL skipped: ${problem})`);

printTable(
  `monitor ingestion: ${ROWS.toLocaleString('en-US')} predictions, ${SENDERS} concurrent senders, 1,000-row batches`,
  ['backend', 'mlpilot ingestor rows/s', 'peer: driver INSERTs rows/s', 'ingestor / peer'],
  results,
);
