import { defineError, ExitCode } from './define-error.js';

/** Errors of the metadata store (src/store) and of what lives in it. */

export const NotFoundError = defineError<{ entity: string; key: string; hint?: string }>('MLP_STORE_NOT_FOUND', {
  message: (d) => `${d.entity} ${JSON.stringify(d.key)} not found${d.hint ? `; ${d.hint}` : ''}.`,
  httpStatus: 404,
  exitCode: ExitCode.notFound,
});

export const ConflictError = defineError<{ entity: string; key: string; reason: string }>('MLP_STORE_CONFLICT', {
  message: (d) => `${d.entity} ${JSON.stringify(d.key)}: ${d.reason}.`,
  httpStatus: 409,
  exitCode: ExitCode.conflict,
});

export const RunDeletedError = defineError<{ runId: string; operation: string }>('MLP_STORE_RUN_DELETED', {
  message: (d) =>
    `run ${d.runId} is deleted, so ${d.operation} is refused; restore it first (mlpilot runs restore ${d.runId}, or ` +
    `POST /api/v1/runs/${d.runId}/restore).`,
  httpStatus: 409,
  exitCode: ExitCode.conflict,
});

export const StoreUnavailableError = defineError<{ url: string; reason: string }>('MLP_STORE_UNAVAILABLE', {
  message: (d) => `cannot open the metadata store at ${d.url}: ${d.reason}. Check MLPILOT_DATABASE_URL or database.url.`,
  httpStatus: 503,
  exitCode: ExitCode.internal,
});

export const UnsupportedDatabaseError = defineError<{ url: string }>('MLP_STORE_UNSUPPORTED_URL', {
  message: (d) => `unsupported database URL ${JSON.stringify(d.url)}; use sqlite:PATH (default) or postgres://…`,
  httpStatus: 500,
  exitCode: ExitCode.usage,
});

export const SearchSyntaxError = defineError<{ filter: string; position: number; problem: string }>('MLP_STORE_SEARCH_SYNTAX', {
  message: (d) =>
    `cannot parse filter at character ${d.position + 1}: ${d.problem}. ` +
    `Example: metrics.auc > 0.8 and params.lr = '0.1' and tags.team = 'x'`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const SchemaTooNewError = defineError<{ found: number; supported: number; extension?: string }>('MLP_STORE_SCHEMA_TOO_NEW', {
  message: (d) =>
    d.extension === undefined
      ? `the store's schema is at migration ${d.found} but this mlpilot knows only up to ${d.supported}; upgrade mlpilot.`
      : `the store's tables of extension "${d.extension}" are at its migration ${d.found} but this build of it knows only up to ${d.supported}; upgrade the capability that provides it.`,
  httpStatus: 500,
  exitCode: ExitCode.conflict,
});

export const InvalidPageTokenError = defineError<{ reason: string }>('MLP_STORE_INVALID_PAGE_TOKEN', {
  message: (d) =>
    `the page token is not valid for this search: ${d.reason}. Pass back the nextPageToken of the previous page unchanged, with the same filter and order.`,
  httpStatus: 400,
  exitCode: ExitCode.invalidInput,
});

export const StoreBusyError = defineError<{ operation: string; attempts: number }>('MLP_STORE_BUSY', {
  message: (d) =>
    `the metadata store stayed locked by other writers during ${d.operation} after ${d.attempts} attempts; nothing was written. Retry, or move many concurrent writers to PostgreSQL.`,
  httpStatus: 503,
  exitCode: ExitCode.internal,
});

export const InvalidStoreExtensionError = defineError<{ extension: string; problem: string }>('MLP_STORE_INVALID_EXTENSION', {
  message: (d) => `store extension "${d.extension}" is invalid: ${d.problem}. Fix its defineStoreExtension(...) definition.`,
  httpStatus: 500,
  exitCode: ExitCode.internal,
});
