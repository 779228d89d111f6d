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
