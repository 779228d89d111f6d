import type { Column, ColumnType } from './column.js';
import { MISSING_BOOLEAN, MISSING_CODE } from './column.js';
import { parseDatetimeString } from './datetime-parse.js';
import { categoricalLimit, MAX_LEVEL_BYTES } from './inference-rules.js';
import { parseNumberString } from './number-parse.js';

/** Options of {@link buildColumnFromValues}. */
export interface ValueColumnOptions {
  /** Forced type; inferred when absent. */
  forced?: ColumnType;
  /** Whether ISO 8601 strings make a datetime column (JSON has no date type; Parquet has one, so no). */
  datetimeFromStrings: boolean;
  /** Throws MLP_DATA_PARSE for row `row` (readers know its line). */
  fail(row: number, problem: string): never;
}

/** Bit flags of the kinds of value seen in a column. */
const Seen = { Number: 1, Boolean: 2, Date: 4, String: 8, Structured: 16 } as const;

/**
 * Builds a column from already-decoded JS values (JSON-lines and Parquet readers), following the rules of
 * `inference-rules.ts`: `null`, `undefined`, `NaN`, an invalid `Date` and the empty string are missing;
 * numbers and bigints (converted with `Number`, so beyond 2^53 precision is lost) are numeric; booleans are
 * boolean; `Date`s (and ISO 8601 strings when `datetimeFromStrings`) are datetime; other strings are
 * categorical or text; objects and arrays make the column text (their JSON). Mixed kinds become strings.
 */
export function buildColumnFromValues(name: string, values: ArrayLike<unknown>, options: ValueColumnOptions): Column {
  const n = values.length;
  let type = options.forced;
  if (type === undefined) {
    let seen = 0;
    for (let i = 0; i < n; i++) seen |= classify(values[i], options.datetimeFromStrings);
    if (seen === 0 || seen === Seen.Number) type = 'numeric';
    else if (seen === Seen.Boolean) type = 'boolean';
    else if (seen === Seen.Date) type = 'datetime';
    else if (seen & Seen.Structured) type = 'text';
    else type = 'categorical';
  }
  switch (type) {
    case 'numeric': {
      const out = new Float64Array(n).fill(NaN);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (isMissing(v)) continue;
        const x = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? parseNumberString(v) : NaN;
        if (Number.isNaN(x)) options.fail(i, `${describe(v)} is not a number, but the column type is numeric`);
        out[i] = x;
      }
      return Object.freeze({ name, type, values: out });
    }
    case 'boolean': {
      const out = new Uint8Array(n).fill(MISSING_BOOLEAN);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (isMissing(v)) continue;
        const text = typeof v === 'string' ? v.toLowerCase() : undefined;
        if (v === true || text === 'true') out[i] = 1;
        else if (v === false || text === 'false') out[i] = 0;
        else options.fail(i, `${describe(v)} is not true or false, but the column type is boolean`);
      }
      return Object.freeze({ name, type, values: out });
    }
    case 'datetime': {
      const out = new Float64Array(n).fill(NaN);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (isMissing(v)) continue;
        const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? parseDatetimeString(v) : NaN;
        if (Number.isNaN(ms)) options.fail(i, `${describe(v)} is not an ISO 8601 date or date-time, but the column type is datetime`);
        out[i] = ms;
      }
      return Object.freeze({ name, type, values: out });
    }
    default:
      return stringColumn(name, values, type, options.forced !== undefined);
  }
}

function stringColumn(name: string, values: ArrayLike<unknown>, type: 'categorical' | 'text', forced: boolean): Column {
  const n = values.length;
  if (type === 'categorical') {
    const limit = forced ? Number.POSITIVE_INFINITY : categoricalLimit(n);
    const codes = new Int32Array(n).fill(MISSING_CODE);
    const index = new Map<string, number>();
    const levels: string[] = [];
    let fits = true;
    for (let i = 0; i < n && fits; i++) {
      const v = values[i];
      if (isMissing(v)) continue;
      const text = stringify(v);
      let code = index.get(text);
      if (code === undefined) {
        code = levels.length;
        levels.push(text);
        index.set(text, code);
        if (!forced && (levels.length > limit || Buffer.byteLength(text) > MAX_LEVEL_BYTES)) fits = false;
      }
      codes[i] = code;
    }
    if (fits) return Object.freeze({ name, type, codes, levels: Object.freeze(levels) });
  }
  const out = new Array<string | null>(n).fill(null);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!isMissing(v)) out[i] = stringify(v);
  }
  return Object.freeze({ name, type: 'text', values: Object.freeze(out) });
}

function isMissing(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    v === '' ||
    (typeof v === 'number' && Number.isNaN(v)) ||
    (v instanceof Date && Number.isNaN(v.getTime()))
  );
}

function classify(v: unknown, datetimeFromStrings: boolean): number {
  if (isMissing(v)) return 0;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return Seen.Number;
    case 'boolean':
      return Seen.Boolean;
    case 'string':
      return datetimeFromStrings && !Number.isNaN(parseDatetimeString(v)) ? Seen.Date : Seen.String;
    default:
      return v instanceof Date ? Seen.Date : Seen.Structured;
  }
}

/** The string form of a value in a categorical or text column. */
function stringify(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && v !== null)
    return JSON.stringify(v, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)) ?? '';
  return String(v);
}

function describe(v: unknown): string {
  const text = stringify(v);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
