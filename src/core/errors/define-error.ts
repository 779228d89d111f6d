/**
 * The one error factory. Every error mlpilot raises has a stable code `MLP_<AREA>_<CONDITION>`, an HTTP status
 * and a CLI exit code, all fixed here so the server and the CLI map errors the same way (DESIGN.md §6).
 */

/** Exit codes, one table for the whole CLI (DESIGN.md §6). */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  invalidInput: 3,
  notFound: 4,
  conflict: 5,
  checkFailed: 10,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Free-form, JSON-serialisable facts about one failure (field, file, line, known ids, …). */
export type ErrorDetails = Record<string, unknown>;

/** What the catalog knows about one code. */
export interface ErrorSpec<D extends ErrorDetails> {
  /** Builds the message from the details: say what was wrong, where, and what to do. */
  readonly message: (details: D) => string;
  readonly httpStatus: number;
  readonly exitCode: ExitCodeValue;
}

/** An error raised from the catalog. `details` is safe to send to clients. */
export class MlpError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly exitCode: ExitCodeValue;
  readonly details: ErrorDetails;

  constructor(
    code: string,
    message: string,
    spec: { httpStatus: number; exitCode: ExitCodeValue },
    details: ErrorDetails,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'MlpError';
    this.code = code;
    this.httpStatus = spec.httpStatus;
    this.exitCode = spec.exitCode;
    this.details = details;
  }

  /** The wire form used by the REST API: `{ error: { code, message, details } }`. */
  toJSON(): { error: { code: string; message: string; details: ErrorDetails } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** A callable that creates the error for one code; `.code` and `.is()` help callers match it. */
export interface ErrorFactory<D extends ErrorDetails> {
  (details: D, cause?: unknown): MlpError;
  readonly code: string;
  readonly httpStatus: number;
  readonly exitCode: ExitCodeValue;
  is(error: unknown): error is MlpError;
}

const CODE_PATTERN = /^MLP_[A-Z0-9]+_[A-Z0-9_]+$/;
const catalog = new Map<string, { httpStatus: number; exitCode: ExitCodeValue }>();

/**
 * Defines one catalog entry. Throws at import time when a code is malformed or defined twice, so a
 * duplicate can never ship.
 */
export function defineError<D extends ErrorDetails = ErrorDetails>(code: string, spec: ErrorSpec<D>): ErrorFactory<D> {
  if (!CODE_PATTERN.test(code)) throw new Error(`error code ${code} does not match MLP_<AREA>_<CONDITION>`);
  if (catalog.has(code)) throw new Error(`error code ${code} is defined twice`);
  catalog.set(code, { httpStatus: spec.httpStatus, exitCode: spec.exitCode });
  const factory = (details: D, cause?: unknown): MlpError => new MlpError(code, spec.message(details), spec, details, cause);
  return Object.assign(factory, {
    code,
    httpStatus: spec.httpStatus,
    exitCode: spec.exitCode,
    is: (error: unknown): error is MlpError => error instanceof MlpError && error.code === code,
  });
}

/** Every defined code with its HTTP status and exit code, for docs and tests. */
export function listErrorCodes(): ReadonlyArray<{ code: string; httpStatus: number; exitCode: ExitCodeValue }> {
  return [...catalog.entries()].map(([code, spec]) => ({ code, ...spec })).sort((a, b) => a.code.localeCompare(b.code));
}

/** True for errors raised from the catalog. */
export function isMlpError(error: unknown): error is MlpError {
  return error instanceof MlpError;
}
