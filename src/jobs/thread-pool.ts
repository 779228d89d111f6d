import type { Worker } from 'node:worker_threads';

import { isMlpError, JobCancelledError, startWorker } from '../core/index.js';
import type { JsonValue, Logger } from '../core/index.js';
import type { PlatformSettings } from '../platform/index.js';
import type { FromThreadMessage, JobErrorInfo, RunTaskMessage, ThreadData, ToThreadMessage } from './thread-messages.js';

/** One job attempt to run on a pool thread. */
export type PoolTask = Omit<RunTaskMessage, 'kind'>;

/** How an attempt ended on its thread. */
export type TaskOutcome =
  | { readonly kind: 'succeeded'; readonly result: JsonValue }
  | { readonly kind: 'failed'; readonly error: JobErrorInfo; readonly cancelled: boolean };

export interface TaskHooks {
  onProgress(fraction: number, message: string | null): void;
  /** Aborting cancels the task: queued → dropped; running → signalled, then the thread is terminated after the grace period. */
  readonly signal?: AbortSignal;
}

export interface ThreadPoolOptions {
  /** Threads (= tasks running at once), usually config `jobs.concurrency`. */
  readonly size: number;
  readonly handlerModules?: readonly string[];
  /** The workspace whose platform the threads open for `ctx.platform()`; without it that call fails. */
  readonly settings?: PlatformSettings;
  readonly logger: Logger;
  /** How long a cancelled task may take to stop by itself before its thread is terminated (ms, default 2000). */
  readonly cancelGraceMs?: number;
}

interface Running {
  readonly task: PoolTask;
  readonly hooks: TaskHooks;
  readonly resolve: (outcome: TaskOutcome) => void;
  settled: boolean;
  graceTimer?: NodeJS.Timeout;
  onAbort?: () => void;
}

interface Slot {
  readonly worker: Worker;
  readonly flag: Int32Array;
  current?: Running;
  exited: boolean;
}

function abortError(signal: AbortSignal, jobId: string): JobErrorInfo {
  const reason: unknown = signal.reason;
  if (isMlpError(reason)) return { code: reason.code, message: reason.message };
  const cancelled = JobCancelledError({ jobId });
  return { code: cancelled.code, message: cancelled.message };
}

/**
 * A fixed-size pool of `worker_threads` running job handlers, so CPU-heavy jobs never block the event loop of
 * the process that owns the store connection and the queue. Threads start lazily and are replaced when one
 * crashes or is terminated; each runs one task at a time.
 */
export class ThreadPool {
  readonly #options: ThreadPoolOptions;
  readonly #slots: Slot[] = [];
  readonly #pending: Running[] = [];
  #closed = false;

  constructor(options: ThreadPoolOptions) {
    this.#options = options;
  }

  /** Runs one task; never rejects — failures and cancellation come back as a `failed` outcome. */
  run(task: PoolTask, hooks: TaskHooks): Promise<TaskOutcome> {
    return new Promise<TaskOutcome>((resolve) => {
      const running: Running = { task, hooks, resolve, settled: false };
      if (this.#closed) {
        this.#settle(running, { kind: 'failed', error: abortError(AbortSignal.abort(), task.jobId), cancelled: true });
        return;
      }
      if (hooks.signal?.aborted === true) {
        this.#settle(running, { kind: 'failed', error: abortError(hooks.signal, task.jobId), cancelled: true });
        return;
      }
      if (hooks.signal !== undefined) {
        running.onAbort = () => this.#cancel(running);
        hooks.signal.addEventListener('abort', running.onAbort, { once: true });
      }
      this.#pending.push(running);
      this.#dispatch();
    });
  }

  /**
   * Stops every thread; running and queued tasks end as cancelled. Idle threads are asked to close their platform
   * (store connections) and exit; a thread that has not exited after the grace period is terminated.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const running of this.#pending.splice(0)) {
      this.#settle(running, { kind: 'failed', error: abortError(AbortSignal.abort(), running.task.jobId), cancelled: true });
    }
    await Promise.all(
      this.#slots.splice(0).map(async (slot) => {
        if (slot.current !== undefined) {
          this.#settle(slot.current, { kind: 'failed', error: abortError(AbortSignal.abort(), slot.current.task.jobId), cancelled: true });
          await slot.worker.terminate();
          return;
        }
        if (slot.exited) return;
        const exited = new Promise<void>((resolve) => slot.worker.once('exit', () => resolve()));
        const message: ToThreadMessage = { kind: 'close' };
        slot.worker.postMessage(message);
        const grace = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), this.#options.cancelGraceMs ?? 2000).unref());
        if ((await Promise.race([exited, grace])) === 'late') await slot.worker.terminate();
      }),
    );
  }

  #dispatch(): void {
    while (this.#pending.length > 0) {
      let slot = this.#slots.find((candidate) => candidate.current === undefined && !candidate.exited);
      if (slot === undefined) {
        if (this.#slots.length >= this.#options.size) return;
        slot = this.#spawn();
      }
      const running = this.#pending.shift() as Running;
      slot.current = running;
      Atomics.store(slot.flag, 0, 0);
      const message: RunTaskMessage = { kind: 'run', ...running.task };
      slot.worker.postMessage(message);
    }
  }

  #spawn(): Slot {
    const buffer = new SharedArrayBuffer(4);
    const data: ThreadData = {
      handlerModules: [...(this.#options.handlerModules ?? [])],
      cancelFlag: buffer,
      settings: this.#options.settings ?? null,
    };
    const worker = startWorker(new URL('./thread-entry.js', import.meta.url), { workerData: data });
    const slot: Slot = { worker, flag: new Int32Array(buffer), exited: false };
    worker.on('message', (message: FromThreadMessage) => this.#onMessage(slot, message));
    worker.on('error', (error) => {
      this.#options.logger.error('job thread crashed', { error: error.message, jobId: slot.current?.task.jobId });
      this.#finish(slot, {
        kind: 'failed',
        error: { code: 'MLP_JOB_FAILED', message: `the job thread crashed: ${error.message}` },
        cancelled: false,
      });
    });
    worker.on('exit', (code) => {
      slot.exited = true;
      const index = this.#slots.indexOf(slot);
      if (index >= 0) this.#slots.splice(index, 1);
      const current = slot.current;
      if (current !== undefined) {
        const cancelled = current.hooks.signal?.aborted === true;
        this.#finish(slot, {
          kind: 'failed',
          error: cancelled
            ? abortError(current.hooks.signal as AbortSignal, current.task.jobId)
            : { code: 'MLP_JOB_FAILED', message: `the job thread exited with code ${code}` },
          cancelled,
        });
      }
      if (!this.#closed) this.#dispatch();
    });
    this.#slots.push(slot);
    return slot;
  }

  #onMessage(slot: Slot, message: FromThreadMessage): void {
    const current = slot.current;
    if (current === undefined || current.task.jobId !== message.jobId) return;
    switch (message.kind) {
      case 'progress':
        current.hooks.onProgress(message.fraction, message.message);
        return;
      case 'log':
        this.#options.logger[message.level](message.message, { jobId: message.jobId, ...message.fields });
        return;
      case 'done':
        this.#finish(slot, { kind: 'succeeded', result: message.result });
        return;
      case 'failed':
        this.#finish(slot, { kind: 'failed', error: message.error, cancelled: message.cancelled });
        return;
    }
  }

  #finish(slot: Slot, outcome: TaskOutcome): void {
    const current = slot.current;
    if (current === undefined) return;
    slot.current = undefined;
    this.#settle(current, outcome);
    if (!this.#closed) this.#dispatch();
  }

  #cancel(running: Running): void {
    const queued = this.#pending.indexOf(running);
    if (queued >= 0) {
      this.#pending.splice(queued, 1);
      this.#settle(running, {
        kind: 'failed',
        error: abortError(running.hooks.signal as AbortSignal, running.task.jobId),
        cancelled: true,
      });
      return;
    }
    const slot = this.#slots.find((candidate) => candidate.current === running);
    if (slot === undefined) return;
    Atomics.store(slot.flag, 0, 1);
    slot.worker.postMessage({ kind: 'cancel', jobId: running.task.jobId });
    // A handler that neither checks its signal nor reports progress is stopped the hard way.
    running.graceTimer = setTimeout(() => {
      if (slot.current === running) void slot.worker.terminate();
    }, this.#options.cancelGraceMs ?? 2000);
    running.graceTimer.unref();
  }

  #settle(running: Running, outcome: TaskOutcome): void {
    if (running.settled) return;
    running.settled = true;
    if (running.graceTimer !== undefined) clearTimeout(running.graceTimer);
    if (running.onAbort !== undefined) running.hooks.signal?.removeEventListener('abort', running.onAbort);
    running.resolve(outcome);
  }
}
