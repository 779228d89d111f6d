/**
 * Applies the numbered migrations at open with Kysely's Migrator. Concurrent opens are safe: on PostgreSQL
 * the migrator holds a session advisory lock; on SQLite (whose Kysely adapter assumes a single process) the
 * lock is a `BEGIN IMMEDIATE` transaction around the whole run, so a second process waits and then finds
 * nothing pending. A database carrying a migration this build does not know is refused, not "repaired".
 */
import { Migrator, sql } from 'kysely';
import type { Kysely, MigrationProvider, Migration } from 'kysely';

import { SchemaTooNewError, StoreUnavailableError } from '../core/index.js';
import type { Database } from './db-schema.js';
import type { DialectKind } from './dialect.js';
import { storeMigrations } from './migrations/index.js';
import { SqliteProcessLockAdapter } from './sqlite-lock-adapter.js';

const MIGRATION_TABLE = 'mlpilot_migration';
const MIGRATION_LOCK_TABLE = 'mlpilot_migration_lock';

async function appliedMigrationNames(db: Kysely<Database>, kind: DialectKind): Promise<string[]> {
  const exists =
    kind === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`.execute(db)
      : await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
          where table_schema = current_schema() and table_name = ${MIGRATION_TABLE}`.execute(db);
  if ((exists.rows[0]?.n ?? 0) === 0) return [];
  const rows = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}

/**
 * Brings the schema up to date.
 * @throws MLP_STORE_SCHEMA_TOO_NEW when the database has a migration this build does not know;
 *         MLP_STORE_UNAVAILABLE when a migration fails.
 */
export async function migrateToLatest(db: Kysely<Database>, kind: DialectKind, redactedUrl: string): Promise<void> {
  const migrations = storeMigrations(kind);
  const known = new Set(migrations.map((m) => m.name));
  const tooNew = (names: string[]): void => {
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      const numbers = names.map((name) => Number.parseInt(name, 10)).filter((n) => Number.isFinite(n));
      throw SchemaTooNewError({ found: Math.max(...numbers, migrations.length + 1), supported: migrations.length });
    }
  };
  tooNew(await appliedMigrationNames(db, kind));

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
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    // Another process may have applied a newer migration between our check and the lock.
    tooNew(await appliedMigrationNames(db, kind));
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    throw StoreUnavailableError(
      { url: redactedUrl, reason: `migration ${failed ?? '(setup)'} failed: ${(result.error as Error).message}` },
      result.error,
    );
  }
}
