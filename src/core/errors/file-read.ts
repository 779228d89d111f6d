import type { MlpError } from './define-error.js';
import { FileNotFoundError, FileUnreadableError } from './data-errors.js';

/** Plain words for the errno codes a read most often fails with (the rest fall back to the system's message). */
const ERRNO_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a component of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  EBUSY: 'resource busy',
};

/** The errno code of a failed file-system call (`ENOENT`, `EACCES`, …), or `EUNKNOWN` when it has none. */
export function errnoOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : 'EUNKNOWN';
}

/** What an errno code means, in words. */
export function errnoReason(errno: string, error?: unknown): string {
  return ERRNO_REASONS[errno] ?? (error instanceof Error ? error.message : 'unknown file-system error');
}

/** `EACCES (permission denied)`: a failed file-system call's errno and its meaning, for messages. */
export function describeErrno(error: unknown): string {
  const errno = errnoOf(error);
  return `${errno} (${errnoReason(errno, error)})`;
}

/** Whether a failed file-system call means the file is not there (ENOENT); any other errno means it may be. */
export function isMissingFile(error: unknown): boolean {
  return errnoOf(error) === 'ENOENT';
}

/**
 * The catalog error for a failed read of a file the user named: MLP_DATA_FILE_NOT_FOUND for ENOENT, otherwise
 * MLP_DATA_FILE_UNREADABLE with the errno (EACCES, EISDIR, ENOTDIR, EMFILE, …). `cause` is kept as its cause.
 */
export function fileReadError(file: string, cause: unknown): MlpError {
  if (isMissingFile(cause)) return FileNotFoundError({ file }, cause);
  const errno = errnoOf(cause);
  return FileUnreadableError({ file, errno, reason: errnoReason(errno, cause) }, cause);
}
