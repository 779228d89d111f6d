/** Job records: the single source of truth for status, progress and results. Timestamps are milliseconds since the Unix epoch. */
import type { JsonValue } from '../../core/index.js';
import type { WriteContext } from './write-context.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Every job status, in lifecycle order. */
export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export interface JobRecord {
  id: string;
  type: string;
  payload: JsonValue;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  progressMessage: string | null;
  result: JsonValue | null;
  error: { code: string; message: string } | null;
  attempts: number;
  cancelRequested: boolean;
  workerId: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** The job that submitted this one (an AutoML search's trials), or null. */
  parentId: string | null;
  /** A name that ties jobs together for listing and collecting (e.g. one search), or null. */
  group: string | null;
  /** The actor who submitted the job; its handler writes as this actor. Null for jobs from before 0.2. */
  submittedBy: string | null;
}

/** What a new job is. */
export interface CreateJobInput {
  id?: string;
  type: string;
  payload: JsonValue;
  /** Parent job (must exist). */
  parentId?: string;
  group?: string;
}

/** Which jobs to list, newest first. */
export interface JobQuery {
  status?: JobStatus[];
  type?: string;
  parentId?: string;
  group?: string;
  /** 1..10 000, default 100. */
  limit?: number;
}

export interface JobUpdate {
  status?: JobStatus;
  progress?: number;
  progressMessage?: string | null;
  result?: JsonValue | null;
  error?: { code: string; message: string } | null;
  attempts?: number;
  workerId?: string | null;
  startedAt?: number | null;
  finishedAt?: number | null;
}

/** What a conditional job update expects to find (every given field must match). */
export interface JobExpectation {
  /** One status or any of several. */
  status?: JobStatus | JobStatus[];
  attempts?: number;
  /** `null` matches a job no worker holds. */
  workerId?: string | null;
  cancelRequested?: boolean;
}

/** How many jobs of one type are in one status. */
export interface JobCount {
  type: string;
  status: JobStatus;
  count: number;
}

export interface JobRepo {
  /** Queues a job; the actor is recorded as its submitter. @throws MLP_STORE_NOT_FOUND for an unknown parent. */
  create(input: CreateJobInput, ctx: WriteContext): Promise<JobRecord>;
  get(id: string): Promise<JobRecord>;
  list(options?: JobQuery): Promise<JobRecord[]>;
  /**
   * Jobs per (type, status), counted in SQL: only the groups that have jobs, ordered by type then status
   * name. `status` and `type` restrict the count like {@link JobRepo.list}'s options (no limit applies).
   */
  counts(options?: { status?: JobStatus[]; type?: string }): Promise<JobCount[]>;
  /**
   * Applies `changes` unconditionally. Status transitions append events: → running `job.started`, → a final
   * status `job.finished` (actor `worker:<workerId>` or `system`). @throws MLP_STORE_NOT_FOUND
   */
  update(id: string, changes: JobUpdate): Promise<JobRecord>;
  /**
   * Compare-and-set: applies `changes` only if the job still matches `expected` (e.g. a worker completes a
   * job only while it still owns the attempt: `{ status: 'running', attempts: 2, workerId: 'w1' }`), atomically.
   * Returns the updated record, or undefined when the job no longer matches. @throws MLP_STORE_NOT_FOUND
   */
  updateIf(id: string, expected: JobExpectation, changes: JobUpdate): Promise<JobRecord | undefined>;
  /** Marks a job and its unfinished descendants for cancellation; queued ones are cancelled at once. */
  requestCancel(id: string, ctx: WriteContext): Promise<JobRecord>;
}
