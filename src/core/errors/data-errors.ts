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
