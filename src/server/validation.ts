import { z } from 'zod';

import {
  assertKey,
  assertName,
  assertRelativePath,
  InvalidNameError,
  InvalidPathError,
  isMlpError,
  ValidationError,
  type MlpError,
} from '../core/index.js';

/**
 * Zod types for names, keys and artifact paths that run the core validators (`assertName`, `assertKey`,
 * `assertRelativePath`) and remember which catalog error they raise, so a bad value in any body, query or
 * path parameter comes back as MLP_CORE_INVALID_NAME / MLP_CORE_INVALID_PATH naming the dotted field.
 */
function checkedString(check: (value: string, field: string) => unknown, description: string): z.ZodString {
  return z
    .string()
    .check((ctx) => {
      try {
        check(ctx.value, 'value');
      } catch (error) {
        if (!isMlpError(error)) throw error;
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: String(error.details['reason'] ?? error.message),
          params: { mlpCode: error.code, value: ctx.value },
        });
      }
    })
    .meta({ description });
}

/** A user-chosen name (dataset, model, experiment, alias, token). */
export const zName = (): z.ZodString =>
  checkedString(assertName, 'A name: 1-128 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit.');
/** A param, metric or tag key. */
export const zKey = (): z.ZodString => checkedString(assertKey, 'A param, metric or tag key (letters, digits, _ . - / : and space).');
/**
 * The API's artifact path rule: `assertRelativePath` plus what only matters at an HTTP edge — no control
 * characters, no `%` (a path arrives decoded once, so a `%` means double encoding), no `;`, `?` or `#`
 * (URL delimiters smuggled encoded: MLflow CVE-2024-1593, CVE-2023-6909) and no URI scheme
 * (`file:…`, `s3:…`: MLflow CVE-2024-3573).
 * @throws MLP_CORE_INVALID_PATH naming `field`.
 */
export function assertApiArtifactPath(value: unknown, field: string): string {
  const path = assertRelativePath(value, field);
  for (const char of path) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || '%;?#'.includes(char)) {
      throw InvalidPathError({
        field,
        value: path,
        reason: `it contains the character ${JSON.stringify(char)}, which artifact paths may not use`,
      });
    }
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) throw InvalidPathError({ field, value: path, reason: 'it starts with a URI scheme' });
  return path;
}

/** A logical artifact path inside a run: relative, forward slashes, no `.`/`..` segments, no encodings. */
export const zRelPath = (): z.ZodString =>
  checkedString(
    assertApiArtifactPath,
    'A relative artifact path: forward-slash segments, no ".", "..", leading "/", "\\", NUL, "%", ";", "?", "#" or URI scheme.',
  );

/** An id made by `newId` (26 lower-case Crockford base32 characters) — or anything safe-looking; stores answer 404. */
export const zId = (): z.ZodString =>
  z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._-]+$/, 'must contain only letters, digits, ".", "_" and "-"')
    .meta({ description: 'An id.' });

/** Renders a zod issue path as `body.tags.x`, `query.limit`, `params.id`. */
export function dottedField(location: string, path: ReadonlyArray<PropertyKey>): string {
  const parts = [location];
  for (const key of path) parts.push(typeof key === 'number' ? `[${key}]` : String(key));
  return parts.join('.').replace(/\.\[/g, '[');
}

/**
 * Maps the first zod issue to the catalog error it stands for, naming the dotted field:
 * a failed name/path check keeps its own code (MLP_CORE_INVALID_NAME / _PATH), everything else is
 * MLP_CORE_VALIDATION with zod's explanation. Unknown keys name the unknown key itself.
 */
export function issueToError(location: string, error: z.ZodError): MlpError {
  const issue = error.issues[0];
  if (issue === undefined) return ValidationError({ field: location, problem: 'invalid value' });
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return ValidationError({
      field: dottedField(location, [...issue.path, key]),
      problem: `unknown field ${JSON.stringify(key)}; remove it (see /api/v1/openapi.json for the accepted fields)`,
    });
  }
  if (issue.code === 'invalid_key') {
    // A bad key of a record (tags, params): report the map's field and the key's own problem.
    const field = `${dottedField(location, issue.path.slice(0, -1))} key`;
    const key = String(issue.path[issue.path.length - 1] ?? '');
    const inner = issue.issues[0];
    const innerCode = inner?.code === 'custom' ? (inner.params as { mlpCode?: string } | undefined)?.mlpCode : undefined;
    if (innerCode === InvalidNameError.code) return InvalidNameError({ field, value: key, reason: inner?.message ?? 'invalid key' });
    return ValidationError({ field, problem: `key ${JSON.stringify(key)}: ${inner?.message ?? issue.message}` });
  }
  const field = dottedField(location, issue.path);
  const custom = issue.code === 'custom' ? (issue.params as { mlpCode?: string; value?: string } | undefined) : undefined;
  const mlpCode = custom?.mlpCode;
  const value = custom?.value ?? '';
  if (mlpCode === InvalidNameError.code) return InvalidNameError({ field, value, reason: issue.message });
  if (mlpCode === InvalidPathError.code) return InvalidPathError({ field, value, reason: issue.message });
  return ValidationError({ field, problem: issue.message });
}

/**
 * Parses `value` with `schema`; on failure throws the catalog error of the first issue.
 * @throws MLP_CORE_VALIDATION, MLP_CORE_INVALID_NAME or MLP_CORE_INVALID_PATH naming `location.field`.
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, location: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw issueToError(location, result.error);
  return result.data;
}
