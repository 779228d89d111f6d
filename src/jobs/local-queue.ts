import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';

import { JobCancelledError, JobInterruptedError, JobQueueClosedError } from '../core/index.js';
import type { Clock, Logger, Registry } from '../core/index.js';
import type { JobRecord, WriteContext } from '../store/index.js';
import { claimJob, runAttempt } from './attempt.js';
import type { JobHandler } from './handler.js';
import { loadJobHandlers } from './handler-modules.js';
import type { JobStore } from './job-store.js';
import type { PlatformSettings } from '../platform/index.js';
import { jobInput } from './queue.js';
import type { JobFilter, JobQueue, SubmitOptions, WaitOptions } from './queue.js';
import { ThreadPool } from './thread-pool.js';
import { waitForJob } from './wait.js';

export interface LocalJobQueueOptions {
  readonly store: JobStore;
  /** Jobs running at once = pool threads (config `jobs.concurrency`). */
  readonly concurrency: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Modules (file URLs) exporting `jobHandlers` beyond the built-ins; every pool thread imports them. */
  readonly handlerModules?: readonly string[];
  /** The workspace whose platform handlers reach through `ctx.platform()`. */
  readonly settings?: PlatformSettings;
  /** Mark `running` jobs left by a previous local process as failed (default true); see {@link LocalJobQueue.recoverInterrupted}. */
  readonly recoverInterrupted?: boolean;
  /** How long a cancelled handler may take to stop before its thread is terminated (ms, default 2000). */
  readonly cancelGraceMs?: number;
  /**
   * How often a running job's record is re-read (ms, default 1000), so a cancel requested by another process
   * (`mlpilot jobs cancel`, the server) or by cancelling a parent job reaches the handler.
   */
  readonly recordPollMs?: number;
  /** This process as written into `workerId` (default: the OS host name and process id). */
  readonly instance?: { readonly host: string; readonly pid: number };
  /** Whether a process of this host is still running (default: `kill(pid, 0)`); used by recovery. */
  readonly isProcessAlive?: (pid: number) => boolean;
}

/** `kill(pid, 0)` delivers nothing; it only reports whether the process exists (EPERM: it does, not ours). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Parses `local:<host>:<pid>:<random>`; older ids without host and pid give `undefined`. */
function parseLocalWorkerId(workerId: string): { host: string; pid: number } | undefined {
  const match = /^local:(.+):(\d+):[0-9a-f]+$/.exec(workerId);
  return match === null ? undefined : { host: match[1] as string, pid: Number(match[2]) };
}

const interruptedInfo = (record: JobRecord, reason: string): { code: string; message: string } => {
  const error = JobInterruptedError({ jobId: record.id, type: record.type, reason });
  return { code: error.code, message: error.message };
};

/**
 * The default backend: jobs run in this process on a pool of worker threads, so CPU-heavy handlers do not
 * block the event loop. Progress and results come back as messages and the main thread writes them to the
 * store. Jobs are not persistent work items here: if the process stops, its unfinished jobs are lost —
 * `close()` marks them failed (`MLP_JOB_INTERRUPTED`), and after a crash the next local queue opened on the
 * same store marks the `running` ones of the dead process failed the same way. Several processes may use
 * local queues on one store at once (say `mlpilot server` and `mlpilot jobs submit`): each runs only the jobs
 * it submitted, and recovery only touches jobs whose process on this host no longer exists. Use the pg-boss
 * backend to share work between processes or machines.
 */
export class LocalJobQueue implements JobQueue {
  readonly backend = 'local' as const;
  /** `local:<host>:<pid>:<random>`; written on the records this queue runs, which is how recovery recognises them. */
  readonly workerId: string;
  readonly #options: LocalJobQueueOptions;
  readonly #registry: Registry<JobHandler>;
  readonly #pool: ThreadPool;
  readonly #waiting: string[] = [];
  readonly #active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  readonly #changes = new EventEmitter();
  readonly #host: string;
  #closed = false;

  private constructor(options: LocalJobQueueOptions, registry: Registry<JobHandler>) {
    this.#options = options;
    this.#registry = registry;
    const instance = options.instance ?? { host: hostname(), pid: process.pid };
    this.#host = instance.host;
    this.workerId = `local:${instance.host}:${instance.pid}:${randomBytes(4).toString('hex')}`;
    this.#pool = new ThreadPool({
      size: options.concurrency,
      logger: options.logger,
      ...(options.handlerModules === undefined ? {} : { handlerModules: options.handlerModules }),
      ...(options.settings === undefined ? {} : { settings: options.settings }),
      ...(options.cancelGraceMs === undefined ? {} : { cancelGraceMs: options.cancelGraceMs }),
    });
    this.#changes.setMaxListeners(0);
  }

  /** Opens the queue: loads the handlers and (by default) recovers jobs interrupted by a previous process. */
  static async open(options: LocalJobQueueOptions): Promise<LocalJobQueue> {
    const queue = new LocalJobQueue(options, await loadJobHandlers(options.handlerModules));
    if (options.recoverInterrupted !== false) await queue.recoverInterrupted();
    return queue;
  }

  /** The handlers this queue accepts. */
  get handlers(): Registry<JobHandler> {
    return this.#registry;
  }

  async submit(type: string, payload: unknown, options: SubmitOptions | undefined, ctx: WriteContext): Promise<JobRecord> {
    if (this.#closed) throw JobQueueClosedError({ backend: this.backend });
    const parsed = this.#registry.get(type).parsePayload(payload);
    const record = await this.#options.store.jobs.create(jobInput(type, parsed, options), ctx);
    this.#waiting.push(record.id);
    this.#pump();
    return record;
  }

  get(id: string): Promise<JobRecord> {
    return this.#options.store.jobs.get(id);
  }

  list(filter: JobFilter = {}): Promise<JobRecord[]> {
    return this.#options.store.jobs.list(filter);
  }

  async cancel(id: string, ctx: WriteContext): Promise<JobRecord> {
    const record = await this.#options.store.jobs.requestCancel(id, ctx);
    const waiting = this.#waiting.indexOf(id);
    if (waiting >= 0) this.#waiting.splice(waiting, 1);
    this.#active.get(id)?.controller.abort(JobCancelledError({ jobId: id }));
    // Descendants cancelled with it stop at their next record poll; queued ones are skipped when claimed.
    this.#changes.emit(id);
    return record;
  }

  wait(id: string, options: WaitOptions = {}): Promise<JobRecord> {
    return waitForJob(() => this.get(id), id, {
      ...options,
      subscribe: (wake) => {
        this.#changes.on(id, wake);
        return () => this.#changes.off(id, wake);
      },
    });
  }

  /**
   * Stops the queue: queued jobs and running ones (their handlers are signalled, then their threads
   * terminated) end `failed` with `MLP_JOB_INTERRUPTED`.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const { store, clock } = this.#options;
    for (const id of this.#waiting.splice(0)) {
      const record = await store.jobs.get(id);
      await store.jobs.updateIf(
        id,
        { status: 'queued' },
        { status: 'failed', error: interruptedInfo(record, 'the job queue was closed before it started'), finishedAt: clock.now() },
      );
    }
    for (const [id, active] of this.#active) {
      active.controller.abort(JobInterruptedError({ jobId: id, type: '', reason: 'the job queue was closed' }));
    }
    await Promise.all([...this.#active.values()].map((active) => active.done));
    await this.#pool.close();
  }

  /**
   * Marks `running` jobs of local queues whose process is gone failed with `MLP_JOB_INTERRUPTED` (local jobs
   * do not survive their process). A job qualifies when its workerId names this host and a process id that no
   * longer exists, or is an old-style `local:<random>` id. Jobs of live processes and of other hosts are left
   * alone (a recycled pid can hide a dead job until that pid exits).
   * @returns the ids marked.
   */
  async recoverInterrupted(): Promise<string[]> {
    const { store, clock, logger } = this.#options;
    const host = this.#host;
    const alive = this.#options.isProcessAlive ?? processAlive;
    const marked: string[] = [];
    const running = await store.jobs.list({ status: ['running'], limit: 10_000 });
    for (const record of running) {
      if (record.workerId === null || !record.workerId.startsWith('local:') || record.workerId === this.workerId) continue;
      const owner = parseLocalWorkerId(record.workerId);
      if (owner !== undefined && (owner.host !== host || alive(owner.pid))) continue;
      const updated = await store.jobs.updateIf(
        record.id,
        { status: 'running', attempts: record.attempts, workerId: record.workerId },
        { status: 'failed', error: interruptedInfo(record, 'the process running it stopped before it finished'), finishedAt: clock.now() },
      );
      if (updated !== undefined) marked.push(record.id);
    }
    if (marked.length > 0) logger.warn('marked jobs interrupted by a previous process as failed', { jobIds: marked });
    return marked;
  }

  #pump(): void {
    while (!this.#closed && this.#active.size < this.#options.concurrency && this.#waiting.length > 0) {
      const id = this.#waiting.shift() as string;
      const controller = new AbortController();
      const entry = { controller, done: Promise.resolve() };
      this.#active.set(id, entry);
      entry.done = this.#runOne(id, controller.signal)
        .catch((error: unknown) => this.#options.logger.error('local job runner failed', { jobId: id, error: String(error) }))
        .finally(() => {
          this.#active.delete(id);
          this.#changes.emit(id);
          this.#pump();
        });
    }
  }

  async #runOne(id: string, signal: AbortSignal): Promise<void> {
    const { store, clock, logger } = this.#options;
    const claim = await claimJob(store, id, { workerId: this.workerId, clock, reclaim: false });
    if (claim.kind === 'skipped') return;
    this.#changes.emit(id);
    const outcome = await runAttempt({
      store,
      pool: this.#pool,
      record: claim.record,
      workerId: this.workerId,
      clock,
      logger,
      signal,
      pollMs: this.#options.recordPollMs ?? 1000,
      onChange: () => this.#changes.emit(id),
    });
    if (outcome.kind === 'interrupted') {
      await store.jobs.updateIf(
        id,
        { status: 'running', attempts: claim.record.attempts, workerId: this.workerId },
        { status: 'failed', error: interruptedInfo(claim.record, outcome.reason), finishedAt: clock.now() },
      );
    }
  }
}
