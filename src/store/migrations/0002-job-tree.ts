/**
 * Migration 0002: jobs that fan out and collect (an AutoML search, a pipeline) — a parent job and a group name on
 * each job, and who submitted it (the actor of the writes its handler makes).
 */
import type { Kysely } from 'kysely';

import type { StoreMigration } from './types.js';

/** Adds `parent_id`, `job_group` and `submitted_by` to jobs, with indexes for listing children and groups. */
export function migration0002(): StoreMigration {
  return {
    name: '0002-job-tree',
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('jobs').addColumn('parent_id', 'text').execute();
      await db.schema.alterTable('jobs').addColumn('job_group', 'text').execute();
      await db.schema.alterTable('jobs').addColumn('submitted_by', 'text').execute();
      await db.schema.createIndex('jobs_parent').on('jobs').columns(['parent_id', 'created_at']).execute();
      await db.schema.createIndex('jobs_group').on('jobs').columns(['job_group', 'created_at']).execute();
    },
  };
}
