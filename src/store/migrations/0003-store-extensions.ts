/**
 * Migration 0003: the registry of store extensions a database has been opened with. Each extension keeps its
 * own migrations in `mlpilot_ext_<id>_migration`; this table records what the core must still know about an
 * extension's tables when a process opens the store without that extension: which columns hold artifact
 * digests (roots of artifact GC, so that GC never deletes what the extension refers to).
 */
import type { Kysely } from 'kysely';

import type { StoreMigration } from './types.js';

/** Creates the store extension registry. */
export function migration0003(): StoreMigration {
  return {
    name: '0003-store-extensions',
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('store_extensions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // JSON array of { table, column } (validated identifiers) whose non-null values are artifact digests.
        .addColumn('artifact_columns_json', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
