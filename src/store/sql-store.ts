/** The one Store implementation, shared by SQLite and PostgreSQL. */
import { sql } from 'kysely';

import { ValidationError } from '../core/index.js';
import type { Store } from './contract.js';
import type { DialectKind } from './dialect.js';
import { datasetRepo } from './repos/datasets.js';
import { eventRepo } from './repos/events.js';
import { experimentRepo } from './repos/experiments.js';
import { jobRepo } from './repos/jobs.js';
import { lineageRepo } from './repos/lineage.js';
import { modelRepo } from './repos/models.js';
import { runRepo } from './repos/runs.js';
import { tokenRepo } from './repos/tokens.js';
import type { StoreContext } from './store-context.js';
import { checkContext } from './validate.js';

const SUBJECT_KINDS: ReadonlySet<string> = new Set(['experiment', 'run', 'dataset', 'model', 'token', 'job', 'artifacts']);

/** Builds the store facade over an open, migrated database. */
export function createSqlStore(s: StoreContext, kind: DialectKind, url: string): Store {
  return {
    dialect: kind,
    url,
    experiments: experimentRepo(s),
    runs: runRepo(s),
    datasets: datasetRepo(s),
    models: modelRepo(s),
    lineage: lineageRepo(s),
    events: eventRepo(s),
    tokens: tokenRepo(s),
    jobs: jobRepo(s),

    async referencedDigests() {
      const rows = await sql<{ digest: string | null }>`
        select digest from run_artifacts
        union select artifact_digest from dataset_versions where artifact_digest is not null
        union select bundle_digest from model_versions`.execute(s.db);
      return new Set(rows.rows.map((r) => r.digest).filter((d): d is string => d !== null));
    },

    async integrityCheck() {
      const problems = await s.dialect.integrityProblems(s.db);
      return { ok: problems.length === 0, problems };
    },

    async appendEvent(event, ctx) {
      checkContext(ctx);
      if (typeof event.type !== 'string' || !/^[a-z_]+\.[a-z_]+$/.test(event.type)) throw ValidationError({ field: 'type', problem: 'must look like subject.past_tense_verb' });
      if (!SUBJECT_KINDS.has(event.subjectKind)) throw ValidationError({ field: 'subjectKind', problem: `must be one of ${[...SUBJECT_KINDS].join(', ')}` });
      if (typeof event.subjectId !== 'string' || event.subjectId.length === 0 || event.subjectId.length > 256) throw ValidationError({ field: 'subjectId', problem: 'must be a non-empty string' });
      if (typeof event.payload !== 'object' || event.payload === null || Array.isArray(event.payload)) throw ValidationError({ field: 'payload', problem: 'must be a JSON object' });
      return s.write('appendEvent', (trx) => s.appendEvent(trx, ctx, event));
    },

    async close() {
      if (kind === 'sqlite') {
        // Leave a compact WAL and fresh planner statistics behind; harmless when another process holds the file.
        await sql`pragma optimize`.execute(s.db).catch(() => undefined);
      }
      await s.db.destroy();
    },
  };
}
