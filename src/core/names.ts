import { InvalidNameError, InvalidPathError } from './errors/index.js';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Validates a user-chosen name (dataset, model, experiment, alias, token…). Names never become file paths,
 * but they are validated as if they could, so `../x`, `/etc/passwd` or NUL bytes are refused everywhere.
 * @throws MLP_CORE_INVALID_NAME naming `field`.
 */
export function assertName(value: unknown, field: string): string {
  if (typeof value !== 'string') throw InvalidNameError({ field, value: String(value), reason: 'it is not a string' });
  if (value.includes('\0')) throw InvalidNameError({ field, value, reason: 'it contains a NUL byte' });
  if (value.includes('/') || value.includes('\\')) throw InvalidNameError({ field, value, reason: 'it contains a path separator' });
  if (value.includes('..')) throw InvalidNameError({ field, value, reason: 'it contains ".."' });
  if (!NAME_PATTERN.test(value))
    throw InvalidNameError({ field, value, reason: 'it has characters outside the allowed set or is too long' });
  return value;
}

const KEY_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.\-/: ]{0,249}$/;

/**
 * Validates a param, metric or tag key: like a name, but `/`, `:` and spaces are allowed because keys are
 * only ever stored as data (MLflow lets `loss/train` through too). NUL and `..` segments are still refused.
 * @throws MLP_CORE_INVALID_NAME naming `field`.
 */
export function assertKey(value: unknown, field: string): string {
  if (typeof value !== 'string') throw InvalidNameError({ field, value: String(value), reason: 'it is not a string' });
  if (value.includes('\0')) throw InvalidNameError({ field, value, reason: 'it contains a NUL byte' });
  if (value.split('/').some((segment) => segment === '..' || segment === '.'))
    throw InvalidNameError({ field, value, reason: 'it contains a "." or ".." segment' });
  if (!KEY_PATTERN.test(value))
    throw InvalidNameError({ field, value, reason: 'it has characters outside the allowed set or is too long' });
  return value;
}

/**
 * Validates a logical artifact path inside a run or bundle (`model/manifest.json`). Such paths are only keys
 * that map to content hashes; they are still checked so no client can smuggle a traversal into any later use.
 * @throws MLP_CORE_INVALID_PATH naming `field`.
 */
export function assertRelativePath(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw InvalidPathError({ field, value: String(value), reason: 'it is empty or not a string' });
  if (value.length > 1024) throw InvalidPathError({ field, value: value.slice(0, 64), reason: 'it is longer than 1024 characters' });
  if (value.includes('\0')) throw InvalidPathError({ field, value, reason: 'it contains a NUL byte' });
  if (value.includes('\\')) throw InvalidPathError({ field, value, reason: 'it contains a backslash' });
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) throw InvalidPathError({ field, value, reason: 'it is absolute' });
  if (/%2e|%2f|%5c|%00/i.test(value)) throw InvalidPathError({ field, value, reason: 'it contains a percent-encoded separator or dot' });
  for (const segment of value.split('/')) {
    if (segment === '' || segment === '.' || segment === '..')
      throw InvalidPathError({ field, value, reason: `it contains an empty, "." or ".." segment` });
  }
  return value;
}
