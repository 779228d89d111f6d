import { SqliteAdapter, SqliteDialect, sql } from 'kysely';
import type { DialectAdapter, Kysely, MigrationLockOptions } from 'kysely';

/**
 * Kysely's SQLite adapter assumes one process, so its migration lock does nothing. This one makes the lock
 * real across processes: the whole migration run happens inside `BEGIN IMMEDIATE` (waiting on busy_timeout),
 * committed on success and rolled back when a migration marked the run as failed.
 */
export class SqliteProcessLockAdapter extends SqliteAdapter {
  /** Set by the migration wrapper when a migration threw, so the release rolls back. */
  failed = false;
  override async acquireMigrationLock(db: Kysely<unknown>, _options: MigrationLockOptions): Promise<void> {
    this.failed = false;
    await sql`begin immediate`.execute(db);
  }
  override async releaseMigrationLock(db: Kysely<unknown>, _options: MigrationLockOptions): Promise<void> {
    await sql.raw(this.failed ? 'rollback' : 'commit').execute(db);
  }
}

/** Kysely's SQLite dialect with the process-safe migration lock. */
export class MlpSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new SqliteProcessLockAdapter();
  }
}
