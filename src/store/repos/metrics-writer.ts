/**
 * The metric batch path: multi-row INSERTs in chunks inside the caller's transaction, then one upsert per
 * key into `latest_metrics` (the batch's winner per key is picked in JS first, because PostgreSQL refuses an
 * upsert that touches the same row twice). The upsert keeps the stored row when it is newer: highest step,
 * then latest timestamp.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

import { ValidationError } from '../../core/index.js';
import type { MetricPoint } from '../contract.js';
import type { Database, MetricsTable } from '../db-schema.js';
import { metricToDb } from '../rows.js';
import { assertKey } from '../validate.js';

/** Rows per INSERT: 5 bound values each keeps well under SQLite's and PostgreSQL's parameter limits. */
const ROWS_PER_INSERT = 400;

/**
 * Validates metric points. Values may be any number: ±Infinity is stored as is, NaN as NULL (read back as
 * NaN; it never matches a search comparison, like NaN itself). Steps are integers ≥ 0 (default 0).
 * @throws MLP_CORE_INVALID_NAME for a bad key, MLP_CORE_VALIDATION for a bad value/step/timestamp.
 */
export function checkMetricPoints(points: readonly MetricPoint[]): void {
  if (!Array.isArray(points)) throw ValidationError({ field: 'points', problem: 'must be an array of metric points' });
  const seen = new Set<string>();
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as MetricPoint;
    if (!seen.has(p.key)) {
      assertKey(p.key, `points[${i}].key`);
      seen.add(p.key);
    }
    if (typeof p.value !== 'number') throw ValidationError({ field: `points[${i}].value`, problem: 'must be a number' });
    if (!Number.isSafeInteger(p.step) || p.step < 0)
      throw ValidationError({ field: `points[${i}].step`, problem: 'must be an integer ≥ 0' });
    if (typeof p.timestamp !== 'number' || !Number.isFinite(p.timestamp) || p.timestamp < 0 || p.timestamp > Number.MAX_SAFE_INTEGER)
      throw ValidationError({
        field: `points[${i}].timestamp`,
        problem: `must be milliseconds since the epoch, from 0 to ${Number.MAX_SAFE_INTEGER}`,
      });
  }
}

function newer(a: { step: number; timestamp: number }, b: { step: number; timestamp: number }): boolean {
  return a.step > b.step || (a.step === b.step && a.timestamp >= b.timestamp);
}

/** Writes already-validated points of runs of one experiment. */
export async function writeMetricRows(trx: Kysely<Database>, experimentId: string, rows: readonly MetricsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await trx
      .insertInto('metrics')
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .execute();
  }
  const latest = new Map<string, MetricsTable>();
  for (const row of rows) {
    const id = `${row.run_id}\u0000${row.key}`;
    const current = latest.get(id);
    if (current === undefined || newer(row, current)) latest.set(id, row);
  }
  const winners = [...latest.values()].map((row) => ({ ...row, experiment_id: experimentId }));
  for (let i = 0; i < winners.length; i += ROWS_PER_INSERT) {
    await trx
      .insertInto('latest_metrics')
      .values(winners.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) =>
        oc
          .columns(['run_id', 'key'])
          .doUpdateSet({
            value: sql`excluded.value`,
            step: sql`excluded.step`,
            timestamp: sql`excluded.timestamp`,
          })
          .where((eb) =>
            eb.or([
              eb(sql.ref('excluded.step'), '>', eb.ref('latest_metrics.step')),
              eb.and([
                eb(sql.ref('excluded.step'), '=', eb.ref('latest_metrics.step')),
                eb(sql.ref('excluded.timestamp'), '>=', eb.ref('latest_metrics.timestamp')),
              ]),
            ]),
          ),
      )
      .execute();
  }
}

/** Converts points of one run to rows. */
export function metricRows(runId: string, points: readonly MetricPoint[]): MetricsTable[] {
  const rows = new Array<MetricsTable>(points.length);
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as MetricPoint;
    rows[i] = { run_id: runId, key: p.key, value: metricToDb(p.value), step: p.step, timestamp: Math.round(p.timestamp) };
  }
  return rows;
}
