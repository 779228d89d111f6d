/** Input checks shared by the repositories. All run before any transaction starts, so bad input writes nothing. */
import { ValidationError, assertKey, assertName } from '../core/index.js';
import type { JsonValue } from '../core/index.js';
import { MAX_VERSION_NUMBER, type WriteContext } from './domain/write-context.js';

const MAX_VALUE_LENGTH = 8000;

/** Checks the actor of a write. */
export function checkContext(ctx: WriteContext): void {
  if (typeof ctx?.actor !== 'string' || ctx.actor.length === 0 || ctx.actor.length > 256 || ctx.actor.includes('\0'))
    throw ValidationError({ field: 'actor', problem: 'must be a non-empty string of at most 256 characters without NUL' });
}

/**
 * Checks the parts of an event the catalog does not: a subject id and a JSON-object payload. Type and subject
 * kind are checked against the catalog at append time.
 */
export function checkEventShape(event: { subjectId: unknown; payload: unknown }): void {
  if (typeof event.subjectId !== 'string' || event.subjectId.length === 0 || event.subjectId.length > 256)
    throw ValidationError({ field: 'subjectId', problem: 'must be a non-empty string of at most 256 characters' });
  if (typeof event.payload !== 'object' || event.payload === null || Array.isArray(event.payload))
    throw ValidationError({ field: 'payload', problem: 'must be a JSON object' });
}

/** Checks a string value (param, tag, description). */
export function checkValue(value: unknown, field: string, maxLength = MAX_VALUE_LENGTH): string {
  if (typeof value !== 'string') throw ValidationError({ field, problem: 'must be a string' });
  if (value.length > maxLength) throw ValidationError({ field, problem: `is longer than ${maxLength} characters` });
  if (value.includes('\0')) throw ValidationError({ field, problem: 'contains a NUL byte' });
  return value;
}

/** Checks a `{ key: value }` map of params or tags and returns its entries. */
export function checkKeyValues(map: Record<string, string> | undefined, field: string): Array<[string, string]> {
  if (map === undefined) return [];
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    throw ValidationError({ field, problem: 'must be an object of strings' });
  return Object.entries(map).map(([key, value]) => {
    assertKey(key, `${field} key`);
    return [key, checkValue(value, `${field}.${key}`)];
  });
}

/** Checks an id-shaped string (ids are looked up, so only their shape matters for safety). */
export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 128 || value.includes('\0') || /[/\\]/.test(value))
    throw ValidationError({ field, problem: 'must be an id (1-128 characters, no path separators or NUL)' });
  return value;
}

/** Checks a non-negative safe integer. */
export function checkCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw ValidationError({ field, problem: 'must be a non-negative integer' });
  return value;
}

/** Checks a version number: an integer from 1 to {@link MAX_VERSION_NUMBER} (the columns are 32-bit). */
export function checkVersionNumber(value: number, field = 'version'): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_VERSION_NUMBER)
    throw ValidationError({ field, problem: `must be a version number from 1 to ${MAX_VERSION_NUMBER}` });
  return value;
}

/** Checks a millisecond timestamp: 0 to 2^53 − 1 (stored in 64-bit integer columns, rounded to whole ms). */
export function checkTime(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > Number.MAX_SAFE_INTEGER)
    throw ValidationError({ field, problem: `must be milliseconds since the epoch, from 0 to ${Number.MAX_SAFE_INTEGER}` });
  return Math.round(value);
}

/** Checks a sha256 hex digest. */
export function checkDigest(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value))
    throw ValidationError({ field, problem: 'must be a sha256 hex digest (64 lower-case hex characters)' });
  return value;
}

/** Serialises a JSON value; refuses values JSON cannot represent. */
export function toJson(value: JsonValue | undefined, field: string): string {
  const text = JSON.stringify(value ?? null);
  if (text === undefined) throw ValidationError({ field, problem: 'is not JSON-serialisable' });
  return text;
}

/** Checks a `{ name: number }` map whose numbers must be finite (stored as JSON). */
export function checkNumberMap(map: Record<string, number> | undefined, field: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    assertKey(key, `${field} key`);
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw ValidationError({ field: `${field}.${key}`, problem: 'must be a finite number' });
    out[key] = value;
  }
  return out;
}

export { assertKey, assertName };
