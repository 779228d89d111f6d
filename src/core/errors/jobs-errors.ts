import { defineError, ExitCode } from './define-error.js';

/** Errors of the job runner (src/jobs). */

export const JobFailedError = defineError<{ jobId: string; type: string; reason: string }>('MLP_JOB_FAILED', {
  message: (d) => `job ${d.jobId} (${d.type}) failed: ${d.reason}.`,
  httpStatus: 500,
  exitCode: ExitCode.internal,
});

export const JobCancelledError = defineError<{ jobId: string }>('MLP_JOB_CANCELLED', {
  message: (d) => `job ${d.jobId} was cancelled.`,
  httpStatus: 409,
  exitCode: ExitCode.conflict,
});

export const JobInterruptedError = defineError<{ jobId: string; type: string; reason: string }>('MLP_JOB_INTERRUPTED', {
  message: (d) => `job ${d.jobId} (${d.type}) was interrupted: ${d.reason}. Submit it again.`,
  httpStatus: 500,
  exitCode: ExitCode.internal,
});

export const JobWaitTimeoutError = defineError<{ jobId: string; timeoutMs: number; status: string }>('MLP_JOB_WAIT_TIMEOUT', {
  message: (d) =>
    `job ${d.jobId} is still ${d.status} after waiting ${d.timeoutMs} ms; it keeps running — wait again or check it with "mlpilot jobs show ${d.jobId}".`,
  httpStatus: 504,
  exitCode: ExitCode.internal,
});

export const JobResultTooLargeError = defineError<{ jobId: string; type: string; bytes: number; limit: number }>(
  'MLP_JOB_RESULT_TOO_LARGE',
  {
    message: (d) =>
      `job ${d.jobId} (${d.type}) returned a ${d.bytes}-byte result; results are limited to ${d.limit} bytes. ` +
      'Store large outputs in the artifact store and return their sha256 digests.',
    httpStatus: 500,
    exitCode: ExitCode.internal,
  },
);

export const JobRetriesExhaustedError = defineError<{ jobId: string; type: string; attempts: number }>('MLP_JOB_RETRIES_EXHAUSTED', {
  message: (d) =>
    `job ${d.jobId} (${d.type}) was given up after ${d.attempts} attempt(s): each time its worker stopped or ran past the ` +
    'job expiry. Check the workers, or raise the expiry for long jobs.',
  httpStatus: 500,
  exitCode: ExitCode.internal,
});

export const JobQueueClosedError = defineError<{ backend: string }>('MLP_JOB_QUEUE_CLOSED', {
  message: (d) => `the ${d.backend} job queue is closed; open a new one to submit or cancel jobs.`,
  httpStatus: 503,
  exitCode: ExitCode.internal,
});
