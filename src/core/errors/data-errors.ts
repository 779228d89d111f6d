import { defineError, ExitCode } from './define-error.js';

/** Errors of data reading and dataset versions (src/data). */

export const DataParseError = defineError<{ file: string; line?: number; column?: number; field?: string; problem: string }>(
  'MLP_DATA_PARSE',
  {
    message: (d) => {
      const where = [d.file, d.line, d.column].filter((part) => part !== undefined).join(':');
      return `${where}: ${d.field === undefined ? '' : `field ${JSON.stringify(d.field)}: `}${d.problem}.`;
    },
    httpStatus: 400,
    exitCode: ExitCode.invalidInput,
  },
);

export const UnsupportedFormatError = defineError<{ file: string; known: string[] }>('MLP_DATA_UNSUPPORTED_FORMAT', {
  message: (d) => `cannot tell the format of ${d.file}; use one of ${d.known.join(', ')} (or pass --format).`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const FileNotFoundError = defineError<{ file: string }>('MLP_DATA_FILE_NOT_FOUND', {
  message: (d) => `file ${d.file} does not exist.`,
  httpStatus: 404,
  exitCode: ExitCode.notFound,
});

export const FileUnreadableError = defineError<{ file: string; errno: string; reason: string }>('MLP_DATA_FILE_UNREADABLE', {
  message: (d) => `file ${d.file} cannot be read: ${d.errno} (${d.reason}). Pass a readable regular file.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const UnknownColumnError = defineError<{ column: string; known: string[] }>('MLP_DATA_UNKNOWN_COLUMN', {
  message: (d) =>
    `no column ${JSON.stringify(d.column)}; known columns: ${d.known.length > 0 ? d.known.map((k) => JSON.stringify(k)).join(', ') : '(none)'}.`,
  httpStatus: 404,
  exitCode: ExitCode.notFound,
});

export const DocumentInvalidError = defineError<{ document: string; field: string; problem: string }>('MLP_DATA_DOCUMENT_INVALID', {
  message: (d) =>
    `the stored ${d.document} is malformed at ${d.field}: ${d.problem}. It was not written by mlpilot or was altered; register the dataset version again.`,
  httpStatus: 500,
  exitCode: ExitCode.internal,
});

export const DocumentTooNewError = defineError<{ document: string; found: number; supported: number }>('MLP_DATA_DOCUMENT_TOO_NEW', {
  message: (d) =>
    `the stored ${d.document} has format version ${d.found} but this mlpilot reads only up to ${d.supported}; upgrade mlpilot.`,
  httpStatus: 500,
  exitCode: ExitCode.conflict,
});

export const SketchInvalidError = defineError<{ field: string; problem: string }>('MLP_DATA_SKETCH_INVALID', {
  message: (d) => `profile sketch field ${d.field}: ${d.problem}. Profile the data again with this mlpilot.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const ProfileMismatchError = defineError<{ column: string; problem: string }>('MLP_DATA_PROFILE_MISMATCH', {
  message: (d) =>
    `cannot merge the profiles of column ${JSON.stringify(d.column)}: ${d.problem}. Profile both windows against the same reference (same columns, types and histogram edges).`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const HistogramEdgesError = defineError<{ column: string; problem: string }>('MLP_DATA_HISTOGRAM_EDGES_INVALID', {
  message: (d) =>
    `histogram edges of column ${JSON.stringify(d.column)}: ${d.problem}. Pass at least 2 finite, strictly increasing edges (at most 1001).`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});
