import { defineError, ExitCode } from './define-error.js';

/** Errors of the learning engine (src/ml): training input, parameters, model bundles. */

export const InvalidParamError = defineError<{ learner: string; param: string; problem: string }>('MLP_ML_INVALID_PARAM', {
  message: (d) => `${d.learner}: parameter ${d.param}: ${d.problem}.`,
  httpStatus: 400,
  exitCode: ExitCode.usage,
});

export const TrainingDataError = defineError<{ problem: string; field?: string }>('MLP_ML_BAD_TRAINING_DATA', {
  message: (d) => `cannot train: ${d.field === undefined ? '' : `column ${JSON.stringify(d.field)}: `}${d.problem}.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const BundleInvalidError = defineError<{ location: string; problem: string }>('MLP_ML_BUNDLE_INVALID', {
  message: (d) => `model bundle ${d.location} is invalid: ${d.problem}.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const MetricInputError = defineError<{ metric: string; argument: string; problem: string }>('MLP_ML_METRIC_INPUT', {
  message: (d) => `${d.metric}: argument ${d.argument}: ${d.problem}.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});
