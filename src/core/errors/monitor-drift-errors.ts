import { defineError, ExitCode } from './define-error.js';

/** Errors of drift detection (src/monitor/drift). */

export const DriftEmptyDataError = defineError<{ side: 'reference' | 'current'; label: string }>('MLP_DRIFT_EMPTY_DATA', {
  message: (d) =>
    `the ${d.side} data ${JSON.stringify(d.label)} has no rows; drift needs at least one row on each side. ` +
    `Pick a ${d.side} window or dataset version that holds data.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const DriftNoColumnsError = defineError<{ reference: string[]; current: string[] }>('MLP_DRIFT_NO_COLUMNS', {
  message: (d) =>
    `the reference and the current data share no column drift can compare (numeric, categorical or boolean); ` +
    `reference columns: ${d.reference.map((c) => JSON.stringify(c)).join(', ') || '(none)'}; ` +
    `current columns: ${d.current.map((c) => JSON.stringify(c)).join(', ') || '(none)'}.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const DriftMethodUnsuitableError = defineError<{ method: string; column: string; problem: string; supported: string[] }>(
  'MLP_DRIFT_METHOD_UNSUITABLE',
  {
    message: (d) =>
      `drift method ${JSON.stringify(d.method)} cannot test column ${JSON.stringify(d.column)}: ${d.problem}. ` +
      `It takes ${d.supported.join(', ')} columns; pick another method for this column (mlpilot monitor methods lists them).`,
    httpStatus: 400,
    exitCode: ExitCode.invalidInput,
  },
);

export const DriftMethodResultError = defineError<{ method: string; column: string; problem: string }>('MLP_DRIFT_METHOD_RESULT', {
  message: (d) =>
    `drift method ${JSON.stringify(d.method)} returned an unusable result for column ${JSON.stringify(d.column)}: ${d.problem}. ` +
    'This is a bug in the method.',
  httpStatus: 500,
  exitCode: ExitCode.internal,
});

export const DriftProfileMismatchError = defineError<{ column: string; problem: string }>('MLP_DRIFT_PROFILE_MISMATCH', {
  message: (d) =>
    `the profiles of column ${JSON.stringify(d.column)} cannot be compared: ${d.problem}. Profile the current data on the ` +
    "reference's edges: profileColumns(frame, { referenceEdges: histogramEdges(referenceProfile) }).",
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});
