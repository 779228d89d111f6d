/**
 * Bulk loading of runs for benchmarks and imports (internal: not exported from index.ts). Rows travel as one
 * JSON array per table and chunk, expanded by the database (`json_each` / `json_array_elements`), which is
 * an order of magnitude faster than compiling multi-row INSERTs for millions of rows. No events are written:
 * this is a load path for synthetic data, not a user-facing mutation.
 */
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';

import type { Database } from './db-schema.js';
import type { DialectKind } from './dialect.js';

/** One run to load. */
export interface BulkRun {
  id: string;
  experimentId: string;
  name: string;
  status: string;
  startTime: number;
  endTime: number | null;
  params: ReadonlyArray<readonly [string, string]>;
  tags: ReadonlyArray<readonly [string, string]>;
  metrics: ReadonlyArray<readonly [string, number]>;
}

function rowsFrom(
  kind: DialectKind,
  json: string,
  columns: ReadonlyArray<readonly [string, 'text' | 'bigint' | 'double precision']>,
): RawBuilder<unknown> {
  const cols = columns.map(([, type], i) =>
    kind === 'sqlite'
      ? sql`cast(j.value ->> ${sql.lit(i)} as ${sql.raw(type === 'text' ? 'text' : type === 'bigint' ? 'integer' : 'real')})`
      : sql`cast(j.v ->> ${sql.lit(i)} as ${sql.raw(type)})`,
  );
  return kind === 'sqlite'
    ? sql`select ${sql.join(cols)} from json_each(${json}) j`
    : sql`select ${sql.join(cols)} from json_array_elements(${json}::json) j(v)`;
}

/** Inserts `runs` with params, tags, metric points (step 0) and latest metrics, in one transaction. */
export async function bulkInsertRuns(db: Kysely<Database>, kind: DialectKind, runs: readonly BulkRun[], timestamp: number): Promise<void> {
  const runRows: unknown[] = [];
  const params: unknown[] = [];
  const tags: unknown[] = [];
  const metrics: unknown[] = [];
  for (const run of runs) {
    runRows.push([run.id, run.experimentId, run.name, run.status, run.startTime, run.endTime]);
    for (const [k, v] of run.params) params.push([run.id, k, v, run.experimentId, run.startTime]);
    for (const [k, v] of run.tags) tags.push([run.id, k, v, run.experimentId, run.startTime]);
    for (const [k, v] of run.metrics) metrics.push([run.id, k, v, 0, timestamp, run.experimentId]);
  }
  const kv = [
    ['run_id', 'text'],
    ['key', 'text'],
    ['value', 'text'],
    ['experiment_id', 'text'],
    ['start_time', 'bigint'],
  ] as const;
  const metricCols = [
    ['run_id', 'text'],
    ['key', 'text'],
    ['value', 'double precision'],
    ['step', 'bigint'],
    ['timestamp', 'bigint'],
  ] as const;
  await db.transaction().execute(async (trx) => {
    await sql`insert into runs (id, experiment_id, name, status, start_time, end_time, deleted)
      select t.*, 0 from (${rowsFrom(kind, JSON.stringify(runRows), [
        ['id', 'text'],
        ['e', 'text'],
        ['n', 'text'],
        ['s', 'text'],
        ['st', 'bigint'],
        ['et', 'bigint'],
      ])}) t`.execute(trx);
    await sql`insert into run_params (run_id, key, value, experiment_id, start_time) ${rowsFrom(kind, JSON.stringify(params), kv)}`.execute(
      trx,
    );
    await sql`insert into run_tags (run_id, key, value, experiment_id, start_time) ${rowsFrom(kind, JSON.stringify(tags), kv)}`.execute(
      trx,
    );
    const metricJson = JSON.stringify(metrics);
    await sql`insert into metrics (run_id, key, value, step, timestamp) ${rowsFrom(kind, metricJson, metricCols)}`.execute(trx);
    await sql`insert into latest_metrics (run_id, key, value, step, timestamp, experiment_id) ${rowsFrom(kind, metricJson, [...metricCols, ['experiment_id', 'text']])}`.execute(
      trx,
    );
  });
}
