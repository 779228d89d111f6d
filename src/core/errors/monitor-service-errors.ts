import { defineError, ExitCode } from './define-error.js';

/** Errors of performance monitoring on the platform (src/workspace/monitor-performance.ts): reference and windows. */

export const NoReferenceError = defineError<{ model: string; problem: string }>('MLP_MONITOR_NO_REFERENCE', {
  message: (d) =>
    `${d.model}: the rows this model version was validated on cannot be rebuilt: ${d.problem}. ` +
    'Give a labelled dataset version the model has not been trained on as the reference (--reference NAME@VER, or ?reference=NAME@VER).',
  httpStatus: 409,
  exitCode: ExitCode.conflict,
});

export const ReferenceMismatchError = defineError<{ model: string; metric: string; recorded: number; rebuilt: number }>(
  'MLP_MONITOR_REFERENCE_MISMATCH',
  {
    message: (d) =>
      `${d.model}: the validation rows were rebuilt from the run's data, split and seed, but ${d.metric} on them is ${d.rebuilt}, ` +
      `not the ${d.recorded} the run recorded, so they are not the rows the version was validated on ` +
      '(the dataset version, learner or engine changed). Give a labelled reference dataset version instead (--reference NAME@VER).',
    httpStatus: 409,
    exitCode: ExitCode.conflict,
  },
);

export const WindowOutputsError = defineError<{ model: string; predictionId: string; field: string; problem: string }>(
  'MLP_MONITOR_WINDOW_OUTPUTS',
  {
    message: (d) =>
      `${d.model}: stored prediction ${JSON.stringify(d.predictionId)} cannot be scored for performance: ${d.field}: ${d.problem}. ` +
      "Log predictions with the model's outputs (`prediction` and, for classifiers, `proba_<class>` for every class) and labels of its classes.",
    httpStatus: 422,
    exitCode: ExitCode.invalidInput,
  },
);
