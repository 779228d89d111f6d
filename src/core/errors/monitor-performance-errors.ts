import { defineError, ExitCode } from './define-error.js';

/** Errors of performance monitoring (src/monitor/performance): windowed metrics, baselines, CBPE and DLE. */

export const PerformanceInputError = defineError<{ field: string; problem: string }>('MLP_MONITOR_PERF_INPUT', {
  message: (d) => `performance monitoring: ${d.field}: ${d.problem}.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const PerformanceReferenceError = defineError<{ field: string; problem: string }>('MLP_MONITOR_PERF_REFERENCE', {
  message: (d) => `performance monitoring: the reference data cannot be used (${d.field}): ${d.problem}.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});
