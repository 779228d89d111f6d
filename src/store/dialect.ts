/**
 * Everything that differs between SQLite and PostgreSQL, in one place. Repositories are written once against
 * `Kysely<Database>` and call into this file only for: how a write transaction starts, how the event log is
 * serialised, which driver errors mean "retry" / "unique" / "foreign key", case-insensitive LIKE, the integer part
 * of a double, and the integrity check. Upserts use `ON CONFLICT … DO UPDATE … WHERE`, which both backends accept verbatim.
 */
import { sql } from 'kysely';
import type { Expression, Kysely, RawBuilder, SqlBool } from 'kysely';

import type { Database } from './db-schema.js';

export type DialectKind = 'sqlite' | 'postgres';

/** An arbitrary constant: the key of the PostgreSQL advisory lock that orders event appends. */
const EVENT_LOG_LOCK = 727_274_001;

/** Dialect-specific behaviour used by the shared implementation. */
export interface StoreDialect {
  readonly kind: DialectKind;
  /**
   * The statement that opens a write transaction. SQLite: `BEGIN IMMEDIATE` takes the write lock up front,
   * so it waits on busy_timeout instead of failing with SQLITE_BUSY when a read transaction tries to upgrade.
   */
  readonly beginWrite: string;
  /**
   * Serialises event appends until commit, so `seq` order equals commit order and a tailer that reads
   * `seq > cursor` never skips an event committed late. SQLite writers are already serialised.
   */
  lockEventLog(trx: Kysely<Database>): Promise<void>;
  /** True for transient lock errors after which the whole transaction may be retried. */
  isRetryable(error: unknown): boolean;
  isUniqueViolation(error: unknown): boolean;
  isForeignKeyViolation(error: unknown): boolean;
  /** Case-insensitive LIKE (`ilike` on PostgreSQL, `lower(x) like lower(p)` on SQLite). */
  ilike(column: Expression<unknown>, pattern: string): RawBuilder<SqlBool>;
  /** The integer part of a non-negative double, as an integer (SQLite truncates on cast, PostgreSQL rounds). */
  integerPart(value: Expression<unknown> | RawBuilder<unknown>): RawBuilder<number>;
  /** Database-level consistency problems, empty when healthy. */
  integrityProblems(db: Kysely<Database>): Promise<string[]>;
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) return String((error as { code: unknown }).code);
  return '';
}

/**
 * Rows whose copies of run columns (experiment_id, start_time; see migration 0001) disagree with their run.
 * Search walks these copies in place of the run's own columns, so a mismatch would reorder or drop results.
 */
async function copiedRunColumnProblems(db: Kysely<Database>): Promise<string[]> {
  const problems: string[] = [];
  for (const table of ['run_params', 'run_tags'] as const) {
    const bad = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} t join runs r on r.id = t.run_id
      where t.experiment_id <> r.experiment_id or t.start_time <> r.start_time`.execute(db);
    const n = Number(bad.rows[0]?.n ?? 0);
    if (n > 0) problems.push(`${table}: ${n} rows whose experiment_id/start_time differ from their run`);
  }
  const metrics = await sql<{ n: number | string }>`select count(*) as n from latest_metrics t join runs r on r.id = t.run_id
    where t.experiment_id <> r.experiment_id`.execute(db);
  const n = Number(metrics.rows[0]?.n ?? 0);
  if (n > 0) problems.push(`latest_metrics: ${n} rows whose experiment_id differs from their run`);
  return problems;
}

const sqliteDialect: StoreDialect = {
  kind: 'sqlite',
  beginWrite: 'begin immediate',
  lockEventLog: async () => undefined,
  isRetryable: (e) => /^SQLITE_(BUSY|LOCKED)/.test(errorCode(e)),
  isUniqueViolation: (e) => errorCode(e) === 'SQLITE_CONSTRAINT_UNIQUE' || errorCode(e) === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  isForeignKeyViolation: (e) => errorCode(e) === 'SQLITE_CONSTRAINT_FOREIGNKEY',
  ilike: (column, pattern) => sql<SqlBool>`lower(${column}) like lower(${pattern})`,
  integerPart: (value) => sql<number>`cast(${value} as integer)`,
  async integrityProblems(db) {
    const problems: string[] = [];
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
    for (const row of integrity.rows) if (row.integrity_check !== 'ok') problems.push(`integrity_check: ${row.integrity_check}`);
    const fk = await sql<{ table: string; rowid: number; parent: string }>`pragma foreign_key_check`.execute(db);
    for (const row of fk.rows) problems.push(`foreign_key_check: ${row.table} row ${row.rowid} refers to a missing ${row.parent}`);
    problems.push(...(await copiedRunColumnProblems(db)));
    return problems;
  },
};

const postgresDialect: StoreDialect = {
  kind: 'postgres',
  beginWrite: 'begin',
  async lockEventLog(trx) {
    await sql`select pg_advisory_xact_lock(${sql.lit(EVENT_LOG_LOCK)})`.execute(trx);
  },
  isRetryable: (e) => ['40001', '40P01', '55P03'].includes(errorCode(e)),
  isUniqueViolation: (e) => errorCode(e) === '23505',
  isForeignKeyViolation: (e) => errorCode(e) === '23503',
  ilike: (column, pattern) => sql<SqlBool>`${column} ilike ${pattern}`,
  integerPart: (value) => sql<number>`cast(trunc(${value}) as bigint)`,
  async integrityProblems(db) {
    // PostgreSQL enforces constraints itself; check that none was created NOT VALID or disabled, and that
    // the rows every repository relies on agree with each other.
    const problems: string[] = [];
    const invalid = await sql<{ conname: string }>`
      select conname from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = current_schema() and not c.convalidated`.execute(db);
    for (const row of invalid.rows) problems.push(`constraint ${row.conname} is not validated`);
    const orphanLatest = await sql<{ n: number }>`
      select count(*)::int as n from latest_metrics l where not exists (select 1 from runs r where r.id = l.run_id)`.execute(db);
    if ((orphanLatest.rows[0]?.n ?? 0) > 0) problems.push(`latest_metrics: ${orphanLatest.rows[0]?.n} rows without a run`);
    const gaps = await sql<{ n: number }>`
      select count(*)::int as n from (select dataset_id, max(version) as m, count(*) as c from dataset_versions group by dataset_id) v
      where v.m <> v.c`.execute(db);
    if ((gaps.rows[0]?.n ?? 0) > 0) problems.push(`dataset_versions: ${gaps.rows[0]?.n} datasets with gaps in version numbers`);
    problems.push(...(await copiedRunColumnProblems(db)));
    return problems;
  },
};

/** The dialect object for a backend. */
export function storeDialect(kind: DialectKind): StoreDialect {
  return kind === 'sqlite' ? sqliteDialect : postgresDialect;
}
