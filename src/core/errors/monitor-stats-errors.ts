import { defineError, ExitCode } from './define-error.js';

/** Errors of the drift statistics (src/monitor/stats): inputs on which a test has no defined value. */

export const StatsEmptySampleError = defineError<{ statistic: string; argument: string; size: number; minimum: number }>(
  'MLP_MONITOR_STATS_EMPTY_SAMPLE',
  {
    message: (d) =>
      `${d.statistic}: ${d.argument} has ${d.size} value(s) but needs at least ${d.minimum}. ` +
      'Use a longer window or drop the column from the comparison.',
    httpStatus: 400,
    exitCode: ExitCode.invalidInput,
  },
);

export const StatsNotFiniteError = defineError<{ statistic: string; argument: string; index: number; value: string }>(
  'MLP_MONITOR_STATS_NOT_FINITE',
  {
    message: (d) => `${d.statistic}: ${d.argument}[${d.index}] is ${d.value}; drop missing values (NaN) before computing the statistic.`,
    httpStatus: 400,
    exitCode: ExitCode.invalidInput,
  },
);

export const StatsInvalidArgumentError = defineError<{ statistic: string; argument: string; problem: string }>(
  'MLP_MONITOR_STATS_INVALID_ARGUMENT',
  {
    message: (d) => `${d.statistic}: ${d.argument}: ${d.problem}.`,
    httpStatus: 400,
    exitCode: ExitCode.invalidInput,
  },
);
