import { JobWaitTimeoutError } from '../core/index.js';
import type { JobRecord } from '../store/index.js';
import { isTerminal } from './job-store.js';
import type { WaitOptions } from './queue.js';

/**
 * Waits for a job to end by re-reading it every `pollIntervalMs`, and earlier whenever `subscribe`'s callback
 * fires (the local backend wakes waiters on its own writes). Calls `onProgress` on every observed change.
 */
export function waitForJob(
  read: () => Promise<JobRecord>,
  jobId: string,
  options: WaitOptions & { subscribe?: (wake: () => void) => () => void },
): Promise<JobRecord> {
  return new Promise<JobRecord>((resolve, reject) => {
    let last: JobRecord | undefined;
    let reading = false;
    let again = false;
    let done = false;
    const finish = (error: unknown, record?: JobRecord): void => {
      if (done) return;
      done = true;
      clearInterval(poll);
      if (timer !== undefined) clearTimeout(timer);
      unsubscribe?.();
      if (record !== undefined) resolve(record);
      else reject(error);
    };
    const check = (): void => {
      if (done) return;
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      read().then(
        (record) => {
          reading = false;
          const changed =
            last === undefined ||
            last.status !== record.status ||
            last.progress !== record.progress ||
            last.progressMessage !== record.progressMessage;
          last = record;
          if (changed) options.onProgress?.(record);
          if (isTerminal(record.status)) finish(undefined, record);
          else if (again) {
            again = false;
            check();
          }
        },
        (error: unknown) => {
          reading = false;
          finish(error);
        },
      );
    };
    const poll = setInterval(check, options.pollIntervalMs ?? 250);
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () => finish(JobWaitTimeoutError({ jobId, timeoutMs: options.timeoutMs ?? 0, status: last?.status ?? 'unknown' })),
            options.timeoutMs,
          );
    const unsubscribe = options.subscribe?.(check);
    check();
  });
}
