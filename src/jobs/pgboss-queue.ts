import type PgBoss from 'pg-boss';

import { JobQueueClosedError, ValidationError } from '../core/index.js';
import type { Clock, Logger, Registry } from '../core/index.js';
import type { JobRecord, WriteContext } from '../store/index.js';
import type { JobHandler } from './handler.js';
import { loadJobHandlers } from './handler-modules.js';
import type { JobStore } from './job-store.js';
import { DEAD_LETTER_QUEUE, DEFAULT_EXPIRE_IN_SECONDS, DEFAULT_RETRY_LIMIT, ensureQueue, startBoss } from './pgboss-settings.js';
import type { BossJobData, PgBossSettings } from './pgboss-settings.js';
import { jobInput } from './queue.js';
import type { JobFilter, JobQueue, SubmitOptions, WaitOptions } from './queue.js';
import { waitForJob } from './wait.js';

export interface PgBossJobQueueOptions extends PgBossSettings {
  readonly store: JobStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Handler modules beyond the built-ins, for validating payloads at submit time (workers load their own). */
  readonly handlerModules?: readonly string[];
}

/**
 * The distributed backend: `submit` records the job (`queued`) in the store and sends a pg-boss job
 * `{ jobId }` to the queue named by the job type; `mlpilot worker` processes ({@link runWorker}) on any
 * machine claim and run it. pg-boss only distributes and retries; status, progress and results live in the
 * store. Closing the queue stops this submitter only: submitted jobs keep running on the workers.
 */
export class PgBossJobQueue implements JobQueue {
  readonly backend = 'pg-boss' as const;
  readonly #options: PgBossJobQueueOptions;
  readonly #registry: Registry<JobHandler>;
  readonly #boss: PgBoss;
  readonly #queues = new Set<string>();
  #closed = false;

  private constructor(options: PgBossJobQueueOptions, registry: Registry<JobHandler>, boss: PgBoss) {
    this.#options = options;
    this.#registry = registry;
    this.#boss = boss;
  }

  /** Connects to PostgreSQL (creating pg-boss's schema on first use) and loads the handlers. */
  static async open(options: PgBossJobQueueOptions): Promise<PgBossJobQueue> {
    const registry = await loadJobHandlers(options.handlerModules);
    const boss = await startBoss(options, 'submitter', options.logger);
    return new PgBossJobQueue(options, registry, boss);
  }

  async submit(type: string, payload: unknown, options: SubmitOptions | undefined, ctx: WriteContext): Promise<JobRecord> {
    if (this.#closed) throw JobQueueClosedError({ backend: this.backend });
    const parsed = this.#registry.get(type).parsePayload(payload);
    if (
      options?.expireInSeconds !== undefined &&
      !(Number.isInteger(options.expireInSeconds) && options.expireInSeconds >= 1 && options.expireInSeconds < 24 * 3600)
    ) {
      throw ValidationError({ field: 'options.expireInSeconds', problem: 'must be a whole number of seconds from 1 to 86399' });
    }
    if (options?.retryLimit !== undefined && !(Number.isInteger(options.retryLimit) && options.retryLimit >= 0)) {
      throw ValidationError({ field: 'options.retryLimit', problem: 'must be a whole number ≥ 0' });
    }
    await ensureQueue(this.#boss, type, this.#options, this.#queues);
    const { store } = this.#options;
    const record = await store.jobs.create(jobInput(type, parsed, options), ctx);
    const data: BossJobData = { jobId: record.id };
    try {
      await this.#boss.send(type, data, {
        expireInSeconds: options?.expireInSeconds ?? this.#options.expireInSeconds ?? DEFAULT_EXPIRE_IN_SECONDS,
        retryLimit: options?.retryLimit ?? this.#options.retryLimit ?? DEFAULT_RETRY_LIMIT,
        retryDelay: this.#options.retryDelaySeconds ?? 1,
        deadLetter: DEAD_LETTER_QUEUE,
      });
    } catch (error) {
      // The record must not stay queued forever when nothing will ever pick it up.
      await store.jobs.updateIf(
        record.id,
        { status: 'queued' },
        {
          status: 'failed',
          error: { code: 'MLP_JOB_FAILED', message: `could not enqueue the job in pg-boss: ${(error as Error).message}` },
          finishedAt: this.#options.clock.now(),
        },
      );
      throw error;
    }
    return record;
  }

  get(id: string): Promise<JobRecord> {
    return this.#options.store.jobs.get(id);
  }

  list(filter: JobFilter = {}): Promise<JobRecord[]> {
    return this.#options.store.jobs.list(filter);
  }

  /**
   * Queued jobs are cancelled at once (a worker that receives one skips it); running ones are stopped by their
   * worker, which re-reads the record every second.
   */
  cancel(id: string, ctx: WriteContext): Promise<JobRecord> {
    return this.#options.store.jobs.requestCancel(id, ctx);
  }

  wait(id: string, options: WaitOptions = {}): Promise<JobRecord> {
    return waitForJob(() => this.get(id), id, options);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#boss.stop({ graceful: false, wait: true });
  }
}
