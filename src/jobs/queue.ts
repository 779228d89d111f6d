import type { JsonValue } from '../core/index.js';
import type { CreateJobInput, JobQuery, JobRecord, WriteContext } from '../store/index.js';

/** Options of one submission. */
export interface SubmitOptions {
  /** Use this id instead of a new one (e.g. an AutoML trial's run id). */
  readonly id?: string;
  /** pg-boss only: seconds an attempt may run before it is presumed lost and retried. */
  readonly expireInSeconds?: number;
  /** pg-boss only: how many times a lost attempt is retried before the job fails. */
  readonly retryLimit?: number;
  /** The job that fans this one out (cancelling the parent cancels it too). */
  readonly parentId?: string;
  /** A name tying jobs together for listing and collecting (e.g. one search). */
  readonly group?: string;
}

/** The store record of a submission. */
export function jobInput(type: string, payload: JsonValue, options: SubmitOptions | undefined): CreateJobInput {
  return {
    type,
    payload,
    ...(options?.id === undefined ? {} : { id: options.id }),
    ...(options?.parentId === undefined ? {} : { parentId: options.parentId }),
    ...(options?.group === undefined ? {} : { group: options.group }),
  };
}

/** Which jobs to list (status, type, parent, group, limit), newest first. */
export type JobFilter = JobQuery;

export interface WaitOptions {
  /** Give up (MLP_JOB_WAIT_TIMEOUT) after this many ms; wait without limit when omitted. */
  readonly timeoutMs?: number;
  /** Called with the record whenever its progress or status changed. */
  readonly onProgress?: (record: JobRecord) => void;
  /** How often the store is re-read for changes made by other processes (ms, default 250). */
  readonly pollIntervalMs?: number;
}

/**
 * The job API both backends implement. The store's jobs table is the single source of truth for status,
 * progress and results, so `mlpilot jobs show`, the REST API and the dashboard read one place whatever the
 * backend.
 */
export interface JobQueue {
  readonly backend: 'local' | 'pg-boss';
  /**
   * Validates the payload against the handler's schema, records the job as `queued` and hands it to the backend.
   * @throws MLP_CORE_UNKNOWN_ID for an unknown type (listing the known ones); MLP_CORE_VALIDATION naming the bad payload field.
   */
  submit(type: string, payload: unknown, options: SubmitOptions | undefined, ctx: WriteContext): Promise<JobRecord>;
  /** @throws MLP_STORE_NOT_FOUND */
  get(id: string): Promise<JobRecord>;
  list(filter?: JobFilter): Promise<JobRecord[]>;
  /** Cancels a queued job at once; a running one is signalled and ends `cancelled` when its handler stops. Idempotent. */
  cancel(id: string, ctx: WriteContext): Promise<JobRecord>;
  /** Resolves with the record once the job is succeeded, failed or cancelled. @throws MLP_JOB_WAIT_TIMEOUT */
  wait(id: string, options?: WaitOptions): Promise<JobRecord>;
  /** Stops the backend (see each backend for what happens to unfinished jobs). */
  close(): Promise<void>;
}
