import { defineError, ExitCode } from './define-error.js';

/** Errors of the platform core: names, registries, config. */

export const InternalError = defineError<{ reason: string }>('MLP_CORE_INTERNAL', {
  message: (d) => `internal error: ${d.reason}. This is a bug in mlpilot; please report it with the command you ran.`,
  httpStatus: 500,
  exitCode: ExitCode.internal,
});

export const InvalidNameError = defineError<{ field: string; value: string; reason: string }>('MLP_CORE_INVALID_NAME', {
  message: (d) =>
    `${d.field} ${JSON.stringify(d.value)} is not a valid name: ${d.reason}. ` +
    'Use 1-128 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit.',
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const InvalidPathError = defineError<{ field: string; value: string; reason: string }>('MLP_CORE_INVALID_PATH', {
  message: (d) =>
    `${d.field} ${JSON.stringify(d.value)} is not a valid relative path: ${d.reason}. ` +
    'Use forward-slash separated segments without "..", "." or a leading slash.',
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const DuplicateIdError = defineError<{ registry: string; id: string }>('MLP_CORE_DUPLICATE_ID', {
  message: (d) => `${d.registry} already has an entry with id "${d.id}"; ids are permanent and must be unique.`,
  httpStatus: 500,
  exitCode: ExitCode.internal,
});

export const InvalidIdError = defineError<{ registry: string; id: string }>('MLP_CORE_INVALID_ID', {
  message: (d) =>
    `${d.registry} id ${JSON.stringify(d.id)} is not kebab-case; ids are permanent and use lowercase letters and ` +
    'digits in words joined by single hyphens (e.g. "gbdt", "random-forest").',
  httpStatus: 500,
  exitCode: ExitCode.internal,
});

export const UnknownIdError = defineError<{ registry: string; id: string; known: string[] }>('MLP_CORE_UNKNOWN_ID', {
  message: (d) => `unknown ${d.registry} "${d.id}"; known: ${d.known.length > 0 ? d.known.join(', ') : '(none)'}.`,
  httpStatus: 404,
  exitCode: ExitCode.usage,
});

export const ConfigError = defineError<{ source: string; path: string; problem: string }>('MLP_CONFIG_INVALID', {
  message: (d) => `invalid configuration in ${d.source}${d.path ? ` at ${d.path}` : ''}: ${d.problem}.`,
  httpStatus: 500,
  exitCode: ExitCode.usage,
});

export const UsageError = defineError<{ problem: string; hint?: string }>('MLP_CLI_USAGE', {
  message: (d) => `${d.problem}${d.hint ? `. ${d.hint}` : ''}`,
  httpStatus: 400,
  exitCode: ExitCode.usage,
});

export const ValidationError = defineError<{ field: string; problem: string }>('MLP_CORE_VALIDATION', {
  message: (d) => `invalid value at ${d.field || '(root)'}: ${d.problem}.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});
