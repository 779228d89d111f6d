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

export const MissingInputColumnsError = defineError<{ missing: string[]; expected: string[] }>('MLP_ML_MISSING_INPUT', {
  message: (d) =>
    `the input lacks ${d.missing.length === 1 ? 'a column' : 'columns'} the model needs: ${d.missing.map((c) => JSON.stringify(c)).join(', ')}; ` +
    `the model's input schema is ${d.expected.map((c) => JSON.stringify(c)).join(', ')}. Add the missing columns (extra columns are ignored).`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const InputTypeError = defineError<{ column: string; expected: string; actual: string; problem: string }>('MLP_ML_INPUT_TYPE', {
  message: (d) => `column ${JSON.stringify(d.column)} is ${d.actual} but the model expects ${d.expected}: ${d.problem}.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const UnknownTargetError = defineError<{ target: string; data: string; columns: string[] }>('MLP_ML_UNKNOWN_TARGET', {
  message: (d) => `target column ${JSON.stringify(d.target)} is not in ${d.data}; columns: ${d.columns.join(', ')}.`,
  httpStatus: 400,
  exitCode: ExitCode.usage,
});

export const ExportUnsupportedError = defineError<{ model: string; format: string; problem: string }>('MLP_ML_EXPORT_UNSUPPORTED', {
  message: (d) => `cannot export the ${d.model} model to ${d.format}: ${d.problem}.`,
  httpStatus: 422,
  exitCode: ExitCode.invalidInput,
});
