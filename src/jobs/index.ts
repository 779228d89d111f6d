/**
 * The job runner: one job API (submit, status, cancel, progress, result) over two backends. The store's
 * jobs table is the source of truth for both, so the CLI, the REST API and the dashboard read one place.
 *
 * - `local` (default, {@link LocalJobQueue}): handlers run in this process on a pool of worker threads
 *   (size = `jobs.concurrency`); the main thread writes progress and results. Local jobs do not outlive their
 *   process: `close()` and, after a crash, the next local queue on the store mark them failed with
 *   `MLP_JOB_INTERRUPTED`.
 * - `pg-boss` ({@link PgBossJobQueue} + {@link runWorker} behind `mlpilot worker`): pg-boss on PostgreSQL
 *   distributes and retries; any number of worker processes on any machines claim jobs.
 *
 * Exactly-once completion: an attempt is claimed by a conditional update that bumps `attempts` and sets
 * `workerId`; every later write of that attempt is conditional on `{ status: 'running', attempts, workerId }`.
 * A worker presumed dead (its attempt expired and another worker claimed the next one) can therefore neither
 * report progress nor finish the job, and it stops its handler as soon as a write is refused.
 *
 * Expiry trade-off (pg-boss 10 has no heartbeat): an attempt that runs longer than `expireInSeconds` is
 * presumed lost and retried. Keep it above the longest job (default 15 min; long AutoML trials need more or
 * should be split), and accept that a crashed worker's job waits that long before it is retried.
 *
 * Handlers (`defineJobHandler`) run on threads, so they get their JSON payload and a context: progress,
 * cancellation signal, logger, the submitting actor, and `platform()` — the store, artifact store and event log of
 * the workspace the runner serves, opened in the thread from that workspace's settings (`openPlatform` of `src/platform`).
 * Results are small JSON (≤ `MAX_RESULT_BYTES`); large outputs go to the artifact store and the result carries
 * their digests. Handlers other than the diagnostics in `handlers/index.ts` come from handler modules (file URLs
 * exporting `jobHandlers`) that the workspace composes. Jobs may have a parent and a group, so a search can fan
 * out and collect; cancelling a parent cancels its unfinished descendants.
 */
export { defineJobHandler, MAX_RESULT_BYTES } from './handler.js';
export type { JobContext, JobHandler, JobHandlerDefinition } from './handler.js';
export { BUILTIN_JOB_HANDLERS, builtinJobHandlers } from './handlers/index.js';
export { diagWorkHandler } from './handlers/diag-work.js';
export { loadJobHandlers } from './handler-modules.js';
export { isTerminal, TERMINAL_JOB_STATUSES } from './job-store.js';
export type { JobStore } from './job-store.js';
export type { JobFilter, JobQueue, SubmitOptions, WaitOptions } from './queue.js';
export { LocalJobQueue } from './local-queue.js';
export type { LocalJobQueueOptions } from './local-queue.js';
export { ThreadPool } from './thread-pool.js';
export type { PoolTask, TaskHooks, TaskOutcome, ThreadPoolOptions } from './thread-pool.js';
export { claimJob, runAttempt } from './attempt.js';
export type { AttemptOptions, AttemptOutcome, ClaimResult } from './attempt.js';
export { PgBossJobQueue } from './pgboss-queue.js';
export type { PgBossJobQueueOptions } from './pgboss-queue.js';
export {
  DEAD_LETTER_QUEUE,
  DEFAULT_EXPIRE_IN_SECONDS,
  DEFAULT_PGBOSS_SCHEMA,
  DEFAULT_RETRY_LIMIT,
  pgBossSchemaFor,
} from './pgboss-settings.js';
export type { PgBossSettings } from './pgboss-settings.js';
export { runWorker } from './run-worker.js';
export type { RunWorkerOptions, WorkerSummary } from './run-worker.js';
export { createJobQueue } from './create-job-queue.js';
export type { CreateJobQueueOptions } from './create-job-queue.js';
