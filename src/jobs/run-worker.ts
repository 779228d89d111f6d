import { randomBytes } from 'node:crypto';

import type PgBoss from 'pg-boss';

import { JobInterruptedError, JobRetriesExhaustedError, NotFoundError } from '../core/index.js';
import type { Clock, Logger } from '../core/index.js';
import { claimJob, runAttempt } from './attempt.js';
import { loadJobHandlers } from './handler-modules.js';
import { isTerminal } from './job-store.js';
import type { JobStore } from './job-store.js';
import type { PlatformSettings } from '../platform/index.js';
import { DEAD_LETTER_QUEUE, ensureQueue, startBoss } from './pgboss-settings.js';
import type { BossJobData, PgBossSettings } from './pgboss-settings.js';
import { ThreadPool } from './thread-pool.js';

export interface RunWorkerOptions {
  readonly store: JobStore;
  /** PostgreSQL URL of the pg-boss queues (usually the store's own database). */
  readonly connectionString: string;
  /** pg-boss schema; must match the submitters' (default derived from the URL, see `pgBossSchemaFor`). */
  readonly pgBossSchema?: string;
  /** Jobs run at once (= pool threads). */
  readonly concurrency: number;
  /** Written on the records this worker runs (default `worker-<random>`); the CLI passes `<host>:<pid>`. */
  readonly workerId?: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Aborting stops the worker: no new jobs; running ones get `shutdownGraceMs` to finish, then are handed back to the queue. */
  readonly signal: AbortSignal;
  readonly handlerModules?: readonly string[];
  /** The workspace whose platform handlers reach through `ctx.platform()` (this worker's configuration). */
  readonly settings?: PlatformSettings;
  /** Idle wait between polls of the queues (ms, default 1000). */
  readonly pollIntervalMs?: number;
  /** See {@link PgBossSettings.maintenanceIntervalSeconds} (default 5). */
  readonly maintenanceIntervalSeconds?: number;
  /** How long running jobs may finish after `signal` aborts (ms, default 10 000). */
  readonly shutdownGraceMs?: number;
  /** How often a running job's record is re-read for cancel requests and lost ownership (ms, default 1000). */
  readonly recordPollMs?: number;
}

/** What a worker did until it stopped. */
export interface WorkerSummary {
  readonly workerId: string;
  /** Attempts this worker finished (succeeded + failed + cancelled), each written exactly once. */
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Attempts whose job was taken over by a newer attempt before this one finished (nothing written). */
  readonly superseded: number;
  /** Attempts handed back to the queue on shutdown or stopped at expiry. */
  readonly interrupted: number;
}

/** Resolves after `ms`, or earlier on `wake()` or when `signal` aborts. */
class Waker {
  #wake: (() => void) | undefined;
  wake(): void {
    this.#wake?.();
  }
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.#wake = done;
    });
  }
}

/**
 * The loop behind `mlpilot worker`: claims jobs from pg-boss (one queue per job type, round robin, never more
 * than `concurrency` at once), runs them on a thread pool and records them in the store.
 *
 * Exactly-once completion: claiming increments the record's `attempts` and sets `workerId` by a conditional
 * update, and every later write of the attempt (progress, final status) is conditional on
 * `{ status: 'running', attempts, workerId }`. When a worker dies (or stalls past `expireInSeconds`),
 * pg-boss's maintenance retries the job, another worker claims attempt n+1, and the old attempt — should it
 * still be alive — can no longer write anything. pg-boss itself may deliver a job more than once; the store
 * decides which attempt counts.
 */
export async function runWorker(options: RunWorkerOptions): Promise<WorkerSummary> {
  const workerId = options.workerId ?? `worker-${randomBytes(4).toString('hex')}`;
  const { store, clock, signal } = options;
  const logger = options.logger.child({ workerId });
  const settings: PgBossSettings = {
    connectionString: options.connectionString,
    ...(options.pgBossSchema === undefined ? {} : { schema: options.pgBossSchema }),
    ...(options.maintenanceIntervalSeconds === undefined ? {} : { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }),
  };
  const registry = await loadJobHandlers(options.handlerModules);
  const types = registry.ids();
  const boss = await startBoss(settings, 'worker', logger);
  const queues = new Set<string>();
  for (const type of types) await ensureQueue(boss, type, settings, queues);
  const pool = new ThreadPool({
    size: options.concurrency,
    logger,
    ...(options.handlerModules === undefined ? {} : { handlerModules: options.handlerModules }),
    ...(options.settings === undefined ? {} : { settings: options.settings }),
  });
  const counts = { succeeded: 0, failed: 0, cancelled: 0, superseded: 0, interrupted: 0 };
  const active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const waker = new Waker();
  logger.info('worker started', { types, concurrency: options.concurrency });

  const runJob = async (queue: string, job: PgBoss.Job<BossJobData>, controller: AbortController): Promise<void> => {
    const jobId = job.data.jobId;
    let claim: Awaited<ReturnType<typeof claimJob>>;
    try {
      claim = await claimJob(store, jobId, { workerId, clock, reclaim: true });
    } catch (error) {
      if (!NotFoundError.is(error)) throw error;
      // A queue entry whose record is gone (another store, or deleted): drop it instead of retrying it.
      logger.warn('job not in the store; dropped from the queue', { jobId, queue });
      await boss.complete(queue, job.id, { dropped: 'not in the store' });
      return;
    }
    if (claim.kind === 'skipped') {
      logger.info('job skipped', { jobId, reason: claim.reason, status: claim.record.status });
      await boss.complete(queue, job.id);
      return;
    }
    const attempt = claim.record.attempts;
    logger.info('job started', { jobId, type: claim.record.type, attempt });
    // pg-boss gives up on the attempt at expiry and retries it elsewhere; stop ours then too.
    const expireInSeconds = Number(job.expireInSeconds); // pg returns EXTRACT(epoch …) as a numeric string
    const expiry = setTimeout(
      () =>
        controller.abort(
          JobInterruptedError({ jobId, type: claim.record.type, reason: `its attempt ran past the ${expireInSeconds} s expiry` }),
        ),
      expireInSeconds * 1000,
    );
    expiry.unref();
    const outcome = await runAttempt({
      store,
      pool,
      record: claim.record,
      workerId,
      clock,
      logger,
      signal: controller.signal,
      pollMs: options.recordPollMs ?? 1000,
    }).finally(() => clearTimeout(expiry));
    switch (outcome.kind) {
      case 'finished':
        counts[outcome.record.status as 'succeeded' | 'failed' | 'cancelled']++;
        logger.info('job completed', { jobId, status: outcome.record.status, attempt, error: outcome.record.error?.code });
        await boss.complete(queue, job.id, { status: outcome.record.status, attempt });
        return;
      case 'superseded':
        counts.superseded++;
        logger.warn('job attempt superseded by a newer attempt; its outcome was discarded', { jobId, attempt });
        return;
      case 'interrupted': {
        counts.interrupted++;
        logger.warn('job attempt interrupted', { jobId, attempt, reason: outcome.reason });
        if (signal.aborted) {
          // Shutdown: hand the job back now rather than after its expiry.
          await store.jobs.updateIf(
            jobId,
            { status: 'running', attempts: attempt, workerId },
            { status: 'queued', workerId: null, progress: 0, progressMessage: null },
          );
          await boss.fail(queue, job.id, { reason: 'worker shut down' });
        }
        return;
      }
    }
  };

  const start = (queue: string, job: PgBoss.Job<BossJobData>): void => {
    const controller = new AbortController();
    const entry = { controller, done: Promise.resolve() };
    active.set(job.id, entry);
    entry.done = runJob(queue, job, controller)
      .catch((error: unknown) => logger.error('job runner failed', { jobId: job.data.jobId, error: String(error) }))
      .finally(() => {
        active.delete(job.id);
        waker.wake();
      });
  };

  const settleDeadLetters = async (): Promise<void> => {
    const dead = await boss.fetch<BossJobData>(DEAD_LETTER_QUEUE, { batchSize: 20 });
    for (const job of dead) {
      const record = await store.jobs.get(job.data.jobId).catch(() => undefined);
      if (record !== undefined && !isTerminal(record.status)) {
        const error = JobRetriesExhaustedError({ jobId: record.id, type: record.type, attempts: record.attempts });
        const failed = await store.jobs.updateIf(
          record.id,
          { status: record.status, attempts: record.attempts },
          { status: 'failed', error: { code: error.code, message: error.message }, finishedAt: clock.now() },
        );
        if (failed !== undefined) logger.warn('job failed: retries exhausted', { jobId: record.id, attempts: record.attempts });
      }
      await boss.complete(DEAD_LETTER_QUEUE, job.id);
    }
  };

  let turn = 0;
  try {
    while (!signal.aborted) {
      let fetched = 0;
      try {
        await settleDeadLetters();
        for (let i = 0; i < types.length && active.size < options.concurrency && !signal.aborted; i++) {
          const queue = types[(turn + i) % types.length] as string;
          const jobs = await boss.fetch<BossJobData>(queue, { batchSize: options.concurrency - active.size });
          for (const job of jobs) start(queue, job);
          fetched += jobs.length;
        }
        turn++;
      } catch (error) {
        logger.warn('could not fetch jobs', { error: String(error) });
      }
      if (fetched === 0 || active.size >= options.concurrency) await waker.sleep(options.pollIntervalMs ?? 1000, signal);
    }
  } finally {
    logger.info('worker stopping', { running: active.size });
    const drained = Promise.all([...active.values()].map((entry) => entry.done));
    const grace = new Promise<void>((resolve) => setTimeout(resolve, options.shutdownGraceMs ?? 10_000).unref());
    await Promise.race([drained, grace]);
    for (const [, entry] of active) entry.controller.abort(JobInterruptedError({ jobId: '', type: '', reason: 'the worker shut down' }));
    await drained;
    await pool.close();
    await boss.stop({ graceful: false, wait: true });
    logger.info('worker stopped', counts);
  }
  return { workerId, ...counts };
}
