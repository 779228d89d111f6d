/**
 * Applies numbered migrations at open with Kysely's Migrator: the core's (table `mlpilot_migration`) and then,
 * separately, each store extension's (table `mlpilot_ext_<id>_migration`), so an extension's migrations are
 * never interleaved with or reordered against the core's. Concurrent opens are safe: on PostgreSQL the
 * migrator holds a session advisory lock; on SQLite (whose Kysely adapter assumes a single process) the lock
 * is a `BEGIN IMMEDIATE` transaction around the whole run, so a second process waits and then finds nothing
 * pending. A database carrying a migration this build does not know is refused, not "repaired".
 */
import { Migrator, sql } from 'kysely';
import type { Kysely, MigrationProvider, Migration } from 'kysely';

import { SchemaTooNewError, StoreUnavailableError } from '../core/index.js';
import type { Database } from './db-schema.js';
import type { DialectKind } from './dialect.js';
import { storeMigrations } from './migrations/index.js';
import type { StoreMigration } from './migrations/index.js';
import { SqliteProcessLockAdapter } from './sqlite-lock-adapter.js';

/** One ordered list of migrations and the table that records which of them ran. */
export interface MigrationSet {
  /** Table of applied migration names (Kysely's layout); the lock table is `<table>_lock`. */
  readonly table: string;
  readonly migrations: readonly StoreMigration[];
  /** The store extension the set belongs to (undefined for the core). */
  readonly extension?: string;
}

/** The core's migrations. */
export function coreMigrationSet(kind: DialectKind): MigrationSet {
  return { table: 'mlpilot_migration', migrations: storeMigrations(kind) };
}

async function appliedMigrationNames(db: Kysely<Database>, kind: DialectKind, table: string): Promise<string[]> {
  const exists =
    kind === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${table}`.execute(db)
      : await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
          where table_schema = current_schema() and table_name = ${table}`.execute(db);
  if ((exists.rows[0]?.n ?? 0) === 0) return [];
  const rows = await sql<{ name: string }>`select name from ${sql.table(table)} order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}

/**
 * Brings one migration set up to date.
 * @throws MLP_STORE_SCHEMA_TOO_NEW when the database has a migration of the set this build does not know;
 *         MLP_STORE_UNAVAILABLE when a migration fails.
 */
export async function applyMigrations(db: Kysely<Database>, kind: DialectKind, redactedUrl: string, set: MigrationSet): Promise<void> {
  const { migrations } = set;
  const known = new Set(migrations.map((m) => m.name));
  const number = (name: string): number => Number.parseInt(name, 10);
  const supported = Math.max(0, ...migrations.map((m) => number(m.name)).filter((n) => Number.isFinite(n)));
  const tooNew = (names: string[]): void => {
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      const found = Math.max(...names.map(number).filter((n) => Number.isFinite(n)), supported + 1);
      throw SchemaTooNewError({ found, supported, ...(set.extension === undefined ? {} : { extension: set.extension }) });
    }
  };
  tooNew(await appliedMigrationNames(db, kind, set.table));

  const executorAdapter = db.getExecutor().adapter;
  const adapter = executorAdapter instanceof SqliteProcessLockAdapter ? executorAdapter : undefined;
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const migration of migrations) {
        out[migration.name] = {
          up: async (trx: Kysely<unknown>) => {
            try {
              await migration.up(trx);
            } catch (error) {
              if (adapter) adapter.failed = true;
              throw error;
            }
          },
        };
      }
      return out;
    },
  };
  // Kysely looks for its tables in every schema; pin them to ours so a sibling schema cannot fool it.
  let migrationTableSchema: string | undefined;
  if (kind === 'postgres') {
    const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = current.rows[0]?.schema;
  }
  const migrator = new Migrator({
    db,
    ...(migrationTableSchema !== undefined ? { migrationTableSchema } : {}),
    provider,
    migrationTableName: set.table,
    migrationLockTableName: `${set.table}_lock`,
  });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    // Another process may have applied a newer migration between our check and the lock.
    tooNew(await appliedMigrationNames(db, kind, set.table));
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const owner = set.extension === undefined ? '' : ` of store extension ${set.extension}`;
    throw StoreUnavailableError(
      { url: redactedUrl, reason: `migration ${failed ?? '(setup)'}${owner} failed: ${(result.error as Error).message}` },
      result.error,
    );
  }
}
