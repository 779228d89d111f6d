/**
 * Validation of ingested predictions and labels. Every row of a batch is checked before anything is queued; the
 * first bad row refuses the whole batch with MLP_MONITOR_INVALID_RECORD naming its index and field, so a batch is
 * stored whole or not at all (rows already acknowledged are idempotent, so the client resends the fixed batch).
 */
import { assertName, IngestRecordError, ValidationError } from '../../core/index.js';
import type { LabelRecord, PredictionRecord } from './store.js';

/** Longest prediction id, in UTF-16 code units. */
export const MAX_PREDICTION_ID_LENGTH = 128;
/** Largest JSON text of one row's inputs plus outputs (or one label), in characters. */
export const MAX_RECORD_CHARS = 64 * 1024;
/** Most fields of an inputs or outputs object, and most items of an outputs array. */
export const MAX_FIELDS = 1000;
/** Most rows in one call. */
export const MAX_BATCH_ROWS = 10_000;

/** The latest time a timestamp may name: 2^53 − 1 ms, what the store's BIGINT columns hold exactly. */
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;
// YYYY-MM-DDTHH:MM[:SS[.fraction]] with Z or ±HH[:]MM: a zone is required so every timestamp names one instant.
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Parses an ISO 8601 date-time with a zone (`2026-01-05T10:00:00Z`, `2026-01-05T11:00:00.250+01:00`) to ms since the
 * epoch, or returns undefined when the text is not one (an impossible date such as 02-30 included).
 */
export function parseIsoTimestamp(text: string): number | undefined {
  const m = ISO_PATTERN.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3)); // truncated to whole ms
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 02-30 over to March; a date that does not survive the round trip does not exist.
  const check = new Date(local);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const zone = m[8] as string;
  if (zone === 'Z' || zone === 'z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = Number(digits.slice(2, 4));
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  return local - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/** A row problem: which field and what is wrong with it. */
class RowProblem {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {}
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function checkId(value: unknown): string {
  if (typeof value !== 'string') throw new RowProblem('id', `must be a string (got ${describe(value)})`);
  if (value.length === 0 || value.length > MAX_PREDICTION_ID_LENGTH)
    throw new RowProblem('id', `must be 1 to ${MAX_PREDICTION_ID_LENGTH} characters (got ${value.length})`);
  if (CONTROL.test(value)) throw new RowProblem('id', 'must not contain control characters');
  return value;
}

function checkTimestamp(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > MAX_TIMESTAMP)
      throw new RowProblem('timestamp', `an epoch timestamp must be whole milliseconds from 0 to ${MAX_TIMESTAMP} (got ${value})`);
    return value;
  }
  if (typeof value === 'string') {
    const parsed = parseIsoTimestamp(value);
    if (parsed === undefined || parsed < 0 || parsed > MAX_TIMESTAMP)
      throw new RowProblem(
        'timestamp',
        `${JSON.stringify(value.slice(0, 64))} is not an ISO 8601 date-time with a zone (e.g. 2026-01-05T10:00:00Z) after 1970`,
      );
    return parsed;
  }
  throw new RowProblem('timestamp', `must be an ISO 8601 string or epoch milliseconds (got ${describe(value)})`);
}

function checkScalar(value: unknown, field: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RowProblem(field, 'must be a finite number');
    return;
  }
  throw new RowProblem(field, `must be a number, string, boolean or null (got ${describe(value)})`);
}

function checkFlatObject(value: Record<string, unknown>, field: string): void {
  const keys = Object.keys(value);
  if (keys.length > MAX_FIELDS) throw new RowProblem(field, `has ${keys.length} fields; at most ${MAX_FIELDS}`);
  for (const key of keys) {
    if (key.length === 0 || key.length > 256 || CONTROL.test(key))
      throw new RowProblem(field, `field name ${JSON.stringify(key.slice(0, 64))} must be 1 to 256 characters without control characters`);
    checkScalar(value[key], `${field}.${key}`);
  }
}

function checkInputs(value: unknown): string {
  if (!isPlainObject(value)) throw new RowProblem('inputs', `must be an object of feature → value (got ${describe(value)})`);
  checkFlatObject(value, 'inputs');
  return JSON.stringify(value);
}

function checkOutputs(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') checkScalar(value, 'outputs');
  else if (Array.isArray(value)) {
    if (value.length === 0 || value.length > MAX_FIELDS) throw new RowProblem('outputs', `an array must have 1 to ${MAX_FIELDS} items`);
    value.forEach((item, i) => {
      if (typeof item !== 'number' || !Number.isFinite(item)) throw new RowProblem(`outputs[${i}]`, 'must be a finite number');
    });
  } else if (isPlainObject(value)) {
    if (Object.keys(value).length === 0) throw new RowProblem('outputs', 'must have at least one field');
    checkFlatObject(value, 'outputs');
  } else throw new RowProblem('outputs', `must be an object, a number, a string or an array of numbers (got ${describe(value)})`);
  return JSON.stringify(value);
}

function checkVersion(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2_147_483_647)
    throw new RowProblem('version', `must be a model version number from 1 to 2147483647 (got ${describe(value)})`);
  return value;
}

function checkKeys(row: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(row)) if (!known.includes(key)) throw new RowProblem(key, `unknown field; a row has ${known.join(', ')}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 32))}` : typeof value;
}

function checkBatch(model: unknown, rows: unknown, list: string): { model: string; rows: readonly unknown[] } {
  const name = assertName(model, 'model');
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_BATCH_ROWS)
    throw ValidationError({
      field: list,
      problem: `must be an array of 1 to ${MAX_BATCH_ROWS} rows (got ${Array.isArray(rows) ? rows.length : describe(rows)}); split larger uploads`,
    });
  return { model: name, rows };
}

function eachRow<T>(rows: readonly unknown[], list: string, check: (row: Record<string, unknown>) => T): T[] {
  return rows.map((row, i) => {
    try {
      if (!isPlainObject(row)) throw new RowProblem('', `must be an object (got ${describe(row)})`);
      return check(row);
    } catch (error) {
      if (error instanceof RowProblem) throw IngestRecordError({ list, row: i, field: error.field, problem: error.problem });
      throw error;
    }
  });
}

/**
 * Checks a batch of predictions for `model`: `[{ id, timestamp, inputs, outputs, version? }]`.
 * @throws MLP_CORE_INVALID_NAME for the model name; MLP_CORE_VALIDATION for an empty or too long batch;
 *   MLP_MONITOR_INVALID_RECORD naming the first bad row's index and field.
 */
export function validatePredictions(model: unknown, rows: unknown): PredictionRecord[] {
  const batch = checkBatch(model, rows, 'predictions');
  return eachRow(batch.rows, 'predictions', (row) => {
    checkKeys(row, ['id', 'timestamp', 'inputs', 'outputs', 'version']);
    const predictionId = checkId(row['id']);
    const timestamp = checkTimestamp(row['timestamp']);
    const inputs = checkInputs(row['inputs']);
    const outputs = checkOutputs(row['outputs']);
    const modelVersion = checkVersion(row['version']);
    if (inputs.length + outputs.length > MAX_RECORD_CHARS)
      throw new RowProblem(
        'inputs',
        `inputs and outputs take ${inputs.length + outputs.length} characters as JSON; at most ${MAX_RECORD_CHARS}`,
      );
    return { model: batch.model, modelVersion, predictionId, timestamp, inputs, outputs };
  });
}

/**
 * Checks a batch of labels for `model`: `[{ id, label, timestamp? }]`; a missing timestamp is `now`.
 * @throws like {@link validatePredictions}.
 */
export function validateLabels(model: unknown, rows: unknown, now: number): LabelRecord[] {
  const batch = checkBatch(model, rows, 'labels');
  return eachRow(batch.rows, 'labels', (row) => {
    checkKeys(row, ['id', 'label', 'timestamp']);
    const predictionId = checkId(row['id']);
    const value = row['label'];
    if (value === null || value === undefined) throw new RowProblem('label', 'is required (a number, string or boolean)');
    checkScalar(value, 'label');
    const timestamp = row['timestamp'] === undefined ? now : checkTimestamp(row['timestamp']);
    const label = JSON.stringify(value);
    if (label.length > MAX_RECORD_CHARS)
      throw new RowProblem('label', `takes ${label.length} characters as JSON; at most ${MAX_RECORD_CHARS}`);
    return { model: batch.model, predictionId, label, timestamp };
  });
}
