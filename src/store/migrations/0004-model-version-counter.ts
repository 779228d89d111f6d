/**
 * Migration 0004: model versions can be deleted, and their numbers are never given again (events, lineage and
 * deployments name `model@3`; a later version 3 would be read as the deleted one, as MLflow also avoids). Each
 * model keeps the highest version number it ever had.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

import type { StoreMigration } from './types.js';

/** Adds `models.last_version`, filled from the versions registered so far. */
export function migration0004(): StoreMigration {
  return {
    name: '0004-model-version-counter',
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('models')
        .addColumn('last_version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update models set last_version = coalesce((select max(v.version) from model_versions v where v.model_id = models.id), 0)`.execute(
        db,
      );
    },
  };
}
