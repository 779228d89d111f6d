/** The one Store implementation, shared by SQLite and PostgreSQL. */
import { sql } from 'kysely';

import { InvalidStoreExtensionError } from '../core/index.js';
import type { Registry } from '../core/index.js';
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
import { extensionDigests } from './extensions/open-extensions.js';
import type { StoreExtension } from './extensions/store-extension.js';
import type { StoreContext } from './store-context.js';
import { checkContext, checkEventShape } from './validate.js';

/** Builds the store facade over an open, migrated database with its opened extensions. */
export function createSqlStore(s: StoreContext, kind: DialectKind, url: string, extensions: Registry<StoreExtension>): Store {
  // Each extension's repository is built once, here, over the shared context.
  const repositories = new Map(extensions.list().map((ext) => [ext, ext.open(s)] as const));
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

    extension<R>(ext: StoreExtension<R>): R {
      const opened = extensions.get(ext.id);
      if (opened !== ext)
        throw InvalidStoreExtensionError({
          extension: ext.id,
          problem: 'the store was opened with another definition of this id (two copies of the capability loaded?)',
        });
      // The map holds, for this very definition object, the value its own `open` returned: an R.
      return repositories.get(opened) as R;
    },

    async referencedDigests() {
      const rows = await sql<{ digest: string | null }>`
        select digest from run_artifacts
        union select artifact_digest from dataset_versions where artifact_digest is not null
        union select bundle_digest from model_versions`.execute(s.db);
      const digests = new Set(rows.rows.map((r) => r.digest).filter((d): d is string => d !== null));
      for (const digest of await extensionDigests(s.db)) digests.add(digest);
      return digests;
    },

    async integrityCheck() {
      const problems = await s.dialect.integrityProblems(s.db);
      return { ok: problems.length === 0, problems };
    },

    async appendEvent(event, ctx) {
      checkContext(ctx);
      checkEventShape(event);
      // Type and subject kind are checked against the catalog inside the transaction (nothing is written on failure).
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
