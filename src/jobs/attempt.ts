import { isMlpError, JobCancelledError, JobInterruptedError } from '../core/index.js';
import type { Clock, Logger } from '../core/index.js';
import type { JobExpectation, JobRecord } from '../store/index.js';
import { isTerminal } from './job-store.js';
import type { JobStore } from './job-store.js';
import type { ThreadPool } from './thread-pool.js';

/** Result of trying to take a job for one attempt. */
export type ClaimResult =
  | { readonly kind: 'claimed'; readonly record: JobRecord }
  | { readonly kind: 'skipped'; readonly record: JobRecord; readonly reason: 'finished' | 'cancelled' | 'taken' };

/**
 * Takes a job for a new attempt: `queued` (or, with `reclaim`, `running` — its previous worker was lost and
 * the queue redelivered it) → `running` with `attempts + 1` and this worker's id, by a conditional update on
 * the status and attempt number it read. Two claimers can never both win the same attempt.
 */
export async function claimJob(
  store: JobStore,
  jobId: string,
  options: { workerId: string; clock: Clock; reclaim: boolean },
): Promise<ClaimResult> {
  let record = await store.jobs.get(jobId);
  for (let tries = 0; tries < 3; tries++) {
    if (isTerminal(record.status)) return { kind: 'skipped', record, reason: 'finished' };
    if (record.status === 'running' && !options.reclaim) return { kind: 'skipped', record, reason: 'taken' };
    const expected: JobExpectation = { status: record.status, attempts: record.attempts };
    const now = options.clock.now();
    const next = record.cancelRequested
      ? await store.jobs.updateIf(jobId, expected, { status: 'cancelled', finishedAt: now })
      : await store.jobs.updateIf(jobId, expected, {
          status: 'running',
          attempts: record.attempts + 1,
          workerId: options.workerId,
          startedAt: now,
          finishedAt: null,
          progress: 0,
          progressMessage: null,
          result: null,
          error: null,
        });
    if (next !== undefined) {
      return next.status === 'running' ? { kind: 'claimed', record: next } : { kind: 'skipped', record: next, reason: 'cancelled' };
    }
    record = await store.jobs.get(jobId);
  }
  return { kind: 'skipped', record, reason: 'taken' };
}

/** How one attempt ended, from the point of view of the worker that ran it. */
export type AttemptOutcome =
  /** This attempt wrote the job's terminal state (succeeded, failed or cancelled). */
  | { readonly kind: 'finished'; readonly record: JobRecord }
  /** Another attempt owns the job now (this worker was presumed dead); nothing was written. */
  | { readonly kind: 'superseded' }
  /** Stopped by the caller's signal (shutdown, expiry) with the job still `running` on this attempt. */
  | { readonly kind: 'interrupted'; readonly reason: string };

export interface AttemptOptions {
  readonly store: JobStore;
  readonly pool: ThreadPool;
  /** The record returned by {@link claimJob}. */
  readonly record: JobRecord;
  readonly workerId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Aborting it stops the attempt: a `MLP_JOB_CANCELLED` reason ends the job `cancelled`; any other reason
   * (e.g. `MLP_JOB_INTERRUPTED` on shutdown) leaves the job to the caller as `interrupted`.
   */
  readonly signal?: AbortSignal;
  /** Re-read the record this often (ms) to notice cancel requests and lost ownership; off when undefined. */
  readonly pollMs?: number;
  /** Called after every store write of this attempt (progress or terminal state). */
  readonly onChange?: (record: JobRecord) => void;
}

/**
 * Runs one claimed attempt on the thread pool and records it. Every write is conditional on
 * `{ status: 'running', attempts, workerId }` of this attempt, so once a newer attempt has claimed the job,
 * this one can neither report progress nor finish it: a job completes at most once, and the completion is
 * the one of its latest attempt.
 */
export async function runAttempt(options: AttemptOptions): Promise<AttemptOutcome> {
  const { store, record, clock, logger } = options;
  const own: JobExpectation = { status: 'running', attempts: record.attempts, workerId: options.workerId };
  const controller = new AbortController();
  let superseded = false;
  const stop = (reason: unknown): void => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onOuterAbort = (): void => stop(options.signal?.reason);
  if (options.signal?.aborted === true) onOuterAbort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const observe = (next: JobRecord | undefined): void => {
    if (next === undefined) {
      superseded = true;
      stop(JobInterruptedError({ jobId: record.id, type: record.type, reason: 'a newer attempt took the job over' }));
      return;
    }
    options.onChange?.(next);
    if (next.cancelRequested) stop(JobCancelledError({ jobId: record.id }));
  };

  // Progress: at most one write in flight; the latest value wins (no timers, so it works with any clock).
  let pending: { fraction: number; message: string | null } | undefined;
  let writing: Promise<void> | undefined;
  const flush = (): void => {
    if (writing !== undefined || pending === undefined || superseded) return;
    const next = pending;
    pending = undefined;
    writing = store.jobs
      .updateIf(record.id, own, { progress: next.fraction, progressMessage: next.message })
      .then(observe, (error: unknown) => logger.warn('could not record job progress', { jobId: record.id, error: String(error) }))
      .finally(() => {
        writing = undefined;
        flush();
      });
  };

  const poll =
    options.pollMs === undefined
      ? undefined
      : setInterval(() => {
          if (writing !== undefined) return;
          writing = store.jobs
            .get(record.id)
            .then(
              (now) =>
                observe(
                  now.status === 'running' && now.attempts === record.attempts && now.workerId === options.workerId ? now : undefined,
                ),
              (error: unknown) => logger.warn('could not re-read job', { jobId: record.id, error: String(error) }),
            )
            .finally(() => {
              writing = undefined;
              flush();
            });
        }, options.pollMs);
  poll?.unref();

  try {
    const outcome = await options.pool.run(
      {
        jobId: record.id,
        type: record.type,
        payload: record.payload,
        attempt: record.attempts,
        workerId: options.workerId,
        actor: record.submittedBy ?? 'system',
      },
      {
        signal: controller.signal,
        onProgress: (fraction, message) => {
          pending = { fraction, message };
          flush();
        },
      },
    );
    if (poll !== undefined) clearInterval(poll);
    pending = undefined;
    while (writing !== undefined) await writing;
    if (superseded) return { kind: 'superseded' };

    const now = clock.now();
    let final: JobRecord | undefined;
    if (outcome.kind === 'succeeded') {
      final = await store.jobs.updateIf(record.id, own, {
        status: 'succeeded',
        progress: 1,
        result: outcome.result,
        error: null,
        finishedAt: now,
      });
    } else if (outcome.cancelled) {
      const reason: unknown = controller.signal.reason;
      if (!JobCancelledError.is(reason)) {
        const why = JobInterruptedError.is(reason)
          ? String(reason.details.reason)
          : isMlpError(reason)
            ? reason.message
            : 'its thread pool was closed';
        return { kind: 'interrupted', reason: why };
      }
      final = await store.jobs.updateIf(record.id, own, { status: 'cancelled', error: outcome.error, finishedAt: now });
    } else {
      final = await store.jobs.updateIf(record.id, own, { status: 'failed', error: outcome.error, finishedAt: now });
    }
    if (final === undefined) return { kind: 'superseded' };
    options.onChange?.(final);
    return { kind: 'finished', record: final };
  } finally {
    if (poll !== undefined) clearInterval(poll);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}
