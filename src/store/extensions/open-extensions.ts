/**
 * Opening store extensions: each one's migrations run after the core's, in their own migration table; each
 * one's artifact columns are recorded in `store_extensions`, so that the core keeps their digests as GC roots
 * even in a process that opens the store without the extension.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

import { InvalidStoreExtensionError } from '../../core/index.js';
import type { Database } from '../db-schema.js';
import type { DialectKind } from '../dialect.js';
import type { MigrationSet } from '../migrate.js';
import { isPlainIdentifier } from './store-extension.js';
import type { ArtifactColumn, StoreExtension } from './store-extension.js';

/** The migration set of one extension: table `mlpilot_ext_<id with _>_migration`. */
export function extensionMigrationSet(ext: StoreExtension, kind: DialectKind): MigrationSet {
  return {
    table: `mlpilot_ext_${ext.id.replaceAll('-', '_')}_migration`,
    extension: ext.id,
    migrations: ext.migrations.map((migration) => ({ name: migration.name, up: (db: Kysely<unknown>) => migration.up(db, kind) })),
  };
}

/** Records the extension's artifact columns (written only when they changed, so a plain open stays read-only). */
export async function registerExtension(db: Kysely<Database>, ext: StoreExtension, now: number): Promise<void> {
  const json = JSON.stringify(ext.artifactColumns.map(({ table, column }) => ({ table, column })));
  const row = await db.selectFrom('store_extensions').select('artifact_columns_json').where('id', '=', ext.id).executeTakeFirst();
  if (row?.artifact_columns_json === json) return;
  await db
    .insertInto('store_extensions')
    .values({ id: ext.id, artifact_columns_json: json, registered_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ artifact_columns_json: json, registered_at: now }))
    .execute();
}

/** The ids of every extension this database was ever opened with. */
export async function registeredExtensionIds(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('store_extensions').select('id').orderBy('id').execute()).map((row) => row.id);
}

function parseColumns(id: string, json: string): ArtifactColumn[] {
  const bad = (): Error =>
    InvalidStoreExtensionError({
      extension: id,
      problem: `its artifact columns recorded in store_extensions are malformed (${json.slice(0, 200)})`,
    });
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw bad();
  }
  if (!Array.isArray(value)) throw bad();
  return value.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) throw bad();
    const { table, column } = entry as Record<string, unknown>;
    if (!isPlainIdentifier(table) || !isPlainIdentifier(column)) throw bad();
    return { table, column };
  });
}

/**
 * Every non-null value of every artifact column registered by any extension (opened here or not).
 * @throws MLP_STORE_INVALID_EXTENSION when a registered entry is malformed (GC must not run on a partial root set).
 */
export async function extensionDigests(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('store_extensions').select(['id', 'artifact_columns_json']).orderBy('id').execute();
  const selects = rows.flatMap((row) =>
    parseColumns(row.id, row.artifact_columns_json).map(
      ({ table, column }) => sql`select ${sql.ref(column)} as digest from ${sql.table(table)} where ${sql.ref(column)} is not null`,
    ),
  );
  if (selects.length === 0) return [];
  const result = await sql<{ digest: string }>`${sql.join(selects, sql` union `)}`.execute(db);
  return result.rows.map((row) => String(row.digest));
}
