/**
 * The job runner: one job API (submit, status, cancel, progress, result) over two backends — worker threads
 * in this process (default) and pg-boss on PostgreSQL, where `mlpilot worker` processes on any machine pick
 * jobs up. The store's jobs table is the source of truth for both.
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
export { DEAD_LETTER_QUEUE, DEFAULT_EXPIRE_IN_SECONDS, DEFAULT_PGBOSS_SCHEMA, DEFAULT_RETRY_LIMIT, pgBossSchemaFor } from './pgboss-settings.js';
export type { PgBossSettings } from './pgboss-settings.js';
export { runWorker } from './run-worker.js';
export type { RunWorkerOptions, WorkerSummary } from './run-worker.js';
export { createJobQueue } from './create-job-queue.js';
export type { CreateJobQueueOptions } from './create-job-queue.js';
