import type PgBoss from 'pg-boss';

import { ConfigError, requirePostgres, StoreUnavailableError } from '../core/index.js';
import type { Logger } from '../core/index.js';
import { redactUrl } from '../store/index.js';

/** How pg-boss is set up; shared by submitters ({@link PgBossJobQueue}) and workers ({@link runWorker}). */
export interface PgBossSettings {
  /** `postgres://…`; a `schema=` query parameter (the metadata store's schema) is removed before use. */
  readonly connectionString: string;
  /** pg-boss's own schema, kept apart from the store's tables; default {@link pgBossSchemaFor} the URL. */
  readonly schema?: string;
  /**
   * Seconds an attempt may run before pg-boss presumes its worker lost and retries the job (default 900).
   * pg-boss 10 has no heartbeat, so this must exceed the longest job: too short and slow jobs are run twice
   * (the second attempt wins; the first is stopped at expiry), too long and a crashed worker's job waits that
   * long before it is retried.
   */
  readonly expireInSeconds?: number;
  /** Retries of a lost attempt before the job fails with MLP_JOB_RETRIES_EXHAUSTED (default 2). */
  readonly retryLimit?: number;
  /** Seconds before a lost attempt is retried (default 1). */
  readonly retryDelaySeconds?: number;
  /** How often expired attempts are detected (seconds, default 5; one cheap query, run once per interval across all workers). */
  readonly maintenanceIntervalSeconds?: number;
}

export const DEFAULT_PGBOSS_SCHEMA = 'mlpilot_jobs';

/**
 * The default pg-boss schema for a database URL: `<schema>_pgboss` when the URL names the store's schema
 * (`?schema=team_a`), so installations sharing one database never share queues; `mlpilot_jobs` otherwise.
 * Submitters and workers derive it from the same URL, so they meet without extra configuration.
 */
export function pgBossSchemaFor(connectionString: string): string {
  let schema: string | null = null;
  try {
    schema = new URL(connectionString).searchParams.get('schema');
  } catch {
    schema = null;
  }
  return schema === null || schema === '' ? DEFAULT_PGBOSS_SCHEMA : `${schema.slice(0, 43)}_pgboss`;
}
export const DEFAULT_EXPIRE_IN_SECONDS = 15 * 60;
export const DEFAULT_RETRY_LIMIT = 2;
/** Jobs whose retries ran out land here; workers turn them into failed records. */
export const DEAD_LETTER_QUEUE = 'mlpilot__dead_letter';

/** The pg-boss job body: only the store id; everything else is read from the store. */
export interface BossJobData {
  jobId: string;
}

function bossConnectionString(url: string): string {
  requirePostgres(url, 'the pg-boss job queue');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw ConfigError({ source: 'configuration', path: 'database.url', problem: 'it is not a valid URL' });
  }
  parsed.searchParams.delete('schema');
  return parsed.toString();
}

/** A started pg-boss instance. Workers supervise (expire lost attempts); submitters only send. */
export async function startBoss(settings: PgBossSettings, role: 'submitter' | 'worker', logger: Logger): Promise<PgBoss> {
  const schema = settings.schema ?? pgBossSchemaFor(settings.connectionString);
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,49}$/.test(schema)) {
    throw ConfigError({
      source: 'jobs',
      path: 'pgBossSchema',
      problem: `${JSON.stringify(schema)} is not a PostgreSQL identifier (letters, digits, _; ≤ 50)`,
    });
  }
  // pg-boss (and its PostgreSQL driver) load only when a pg-boss queue or worker starts, never for the local backend.
  const { default: Boss } = await import('pg-boss');
  const boss = new Boss({
    connectionString: bossConnectionString(settings.connectionString),
    schema,
    application_name: `mlpilot-${role}`,
    max: role === 'worker' ? 4 : 2,
    supervise: role === 'worker',
    schedule: false,
    maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds ?? 5,
  });
  boss.on('error', (error: Error) => logger.warn('pg-boss error', { error: error.message }));
  try {
    await boss.start();
  } catch (error) {
    throw StoreUnavailableError(
      { url: redactUrl(settings.connectionString), reason: `pg-boss (schema ${schema}) could not start: ${(error as Error).message}` },
      error,
    );
  }
  return boss;
}

/**
 * Creates a queue unless it exists. Workers starting at once race to create the same queues, and pg-boss 10's
 * `createQueue` (a row plus a partition table) then fails with "deadlock detected" — sometimes on every
 * contender. So: retry after a random pause until the queue exists (bounded).
 */
async function createQueueOnce(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(name, options);
      return;
    } catch (error) {
      if ((await boss.getQueue(name)) !== null) return;
      if (attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 100 * attempt));
    }
  }
}

/** Creates the queue for a job type (idempotent), with the dead-letter queue behind it. */
export async function ensureQueue(boss: PgBoss, name: string, settings: PgBossSettings, known: Set<string>): Promise<void> {
  if (known.has(name)) return;
  if (!known.has(DEAD_LETTER_QUEUE)) {
    await createQueueOnce(boss, DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE });
    known.add(DEAD_LETTER_QUEUE);
  }
  if (name !== DEAD_LETTER_QUEUE) {
    await createQueueOnce(boss, name, {
      name,
      retryLimit: settings.retryLimit ?? DEFAULT_RETRY_LIMIT,
      retryDelay: settings.retryDelaySeconds ?? 1,
      expireInSeconds: settings.expireInSeconds ?? DEFAULT_EXPIRE_IN_SECONDS,
      deadLetter: DEAD_LETTER_QUEUE,
    });
  }
  known.add(name);
}
