import { requirePostgres } from '../core/index.js';
import type { Clock, Logger } from '../core/index.js';
import type { JobStore } from './job-store.js';
import type { PlatformSettings } from '../platform/index.js';
import { LocalJobQueue } from './local-queue.js';
import { PgBossJobQueue } from './pgboss-queue.js';
import type { PgBossSettings } from './pgboss-settings.js';
import type { JobQueue } from './queue.js';

export interface CreateJobQueueOptions {
  /** Config `jobs.backend`. */
  readonly backend: 'local' | 'pg-boss';
  readonly store: JobStore;
  /** Config `jobs.concurrency`: pool threads of the local backend (pg-boss workers take their own). */
  readonly concurrency: number;
  /** PostgreSQL URL; required for pg-boss (usually the store's `database.url`). */
  readonly connectionString?: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly handlerModules?: readonly string[];
  /** The workspace whose platform handlers reach through `ctx.platform()` (local backend threads). */
  readonly settings?: PlatformSettings;
  /** pg-boss only: schema, expiry and retry settings (see {@link PgBossSettings}). */
  readonly pgBoss?: Omit<PgBossSettings, 'connectionString'>;
}

/**
 * Opens the configured job queue.
 * @throws MLP_CONFIG_INVALID when the pg-boss backend has no PostgreSQL URL.
 */
export async function createJobQueue(options: CreateJobQueueOptions): Promise<JobQueue> {
  const handlerModules = options.handlerModules === undefined ? {} : { handlerModules: options.handlerModules };
  if (options.backend === 'local') {
    return LocalJobQueue.open({
      store: options.store,
      concurrency: options.concurrency,
      clock: options.clock,
      logger: options.logger,
      ...handlerModules,
      ...(options.settings === undefined ? {} : { settings: options.settings }),
    });
  }
  const connectionString = options.connectionString ?? '(none)';
  requirePostgres(connectionString, 'jobs.backend "pg-boss"');
  return PgBossJobQueue.open({
    ...options.pgBoss,
    connectionString,
    store: options.store,
    clock: options.clock,
    logger: options.logger,
    ...handlerModules,
  });
}
