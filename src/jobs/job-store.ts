import type { JobStatus, Store } from '../store/index.js';

/**
 * The part of the store the job runner needs: the jobs repository, including its compare-and-set
 * `updateIf`. A full `Store` satisfies it.
 */
export type JobStore = Pick<Store, 'jobs'>;

/** Statuses a job never leaves. */
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

/** True once a job has succeeded, failed or been cancelled. */
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_JOB_STATUSES.includes(status);
}
