/**
 * Column kinds of the columnar frame. Each kind stores its values in one typed array (or one string array for
 * free text) with a sentinel for missing values, so the learning engine can read a column without any per-row
 * object. Columns are immutable by contract: nothing in mlpilot writes into `values`/`codes` after a column is
 * built, and consumers must treat them as read-only (typed arrays cannot be frozen).
 */

/** The five logical column types. */
export type ColumnType = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text';

/** Every column type, in the order the schema documentation lists them. */
export const COLUMN_TYPES: readonly ColumnType[] = Object.freeze(['numeric', 'categorical', 'boolean', 'datetime', 'text']);

/** Missing code of a categorical column. */
export const MISSING_CODE = -1;
/** Missing value of a boolean column (0 = false, 1 = true). */
export const MISSING_BOOLEAN = 255;

/** Real numbers: `Float64Array`, `NaN` = missing. */
export interface NumericColumn {
  readonly name: string;
  readonly type: 'numeric';
  readonly values: Float64Array;
}

/**
 * A small set of string values: `codes[i]` indexes `levels`, `-1` = missing. Levels are in order of first
 * appearance in the source (not sorted), so reading the same file twice gives the same codes.
 */
export interface CategoricalColumn {
  readonly name: string;
  readonly type: 'categorical';
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

/** `Uint8Array`: 0 = false, 1 = true, 255 = missing. */
export interface BooleanColumn {
  readonly name: string;
  readonly type: 'boolean';
  readonly values: Uint8Array;
}

/** Instants: `Float64Array` of milliseconds since 1970-01-01T00:00:00Z (UTC), `NaN` = missing. */
export interface DatetimeColumn {
  readonly name: string;
  readonly type: 'datetime';
  readonly values: Float64Array;
}

/** Free text (many distinct or long values): one string per row, `null` = missing. */
export interface TextColumn {
  readonly name: string;
  readonly type: 'text';
  readonly values: ReadonlyArray<string | null>;
}

/** One column of a {@link Frame}. Switch on `type` to reach the storage. */
export type Column = NumericColumn | CategoricalColumn | BooleanColumn | DatetimeColumn | TextColumn;

/** Number of rows stored in a column. */
export function columnLength(column: Column): number {
  return column.type === 'categorical' ? column.codes.length : column.values.length;
}

/** True when row `i` of `column` is missing. */
export function isMissingAt(column: Column, i: number): boolean {
  switch (column.type) {
    case 'numeric':
    case 'datetime':
      return Number.isNaN(column.values[i]);
    case 'categorical':
      return column.codes[i] === MISSING_CODE;
    case 'boolean':
      return column.values[i] === MISSING_BOOLEAN;
    case 'text':
      return column.values[i] === null;
  }
}

/**
 * Row `i` as a plain JS value for display and JSON: number, string, boolean, ISO 8601 string (datetime), or
 * `null` when missing. Not for hot loops.
 */
export function valueAt(column: Column, i: number): number | string | boolean | null {
  switch (column.type) {
    case 'numeric': {
      const v = column.values[i] as number;
      return Number.isNaN(v) ? null : v;
    }
    case 'datetime': {
      const v = column.values[i] as number;
      return Number.isNaN(v) ? null : new Date(v).toISOString();
    }
    case 'categorical': {
      const code = column.codes[i] as number;
      return code === MISSING_CODE ? null : (column.levels[code] ?? null);
    }
    case 'boolean': {
      const v = column.values[i];
      return v === MISSING_BOOLEAN ? null : v === 1;
    }
    case 'text':
      return column.values[i] ?? null;
  }
}

/** Count of missing rows. */
export function missingCount(column: Column): number {
  let missing = 0;
  const n = columnLength(column);
  switch (column.type) {
    case 'numeric':
    case 'datetime':
      for (let i = 0; i < n; i++) if (Number.isNaN(column.values[i])) missing++;
      break;
    case 'categorical':
      for (let i = 0; i < n; i++) if (column.codes[i] === MISSING_CODE) missing++;
      break;
    case 'boolean':
      for (let i = 0; i < n; i++) if (column.values[i] === MISSING_BOOLEAN) missing++;
      break;
    case 'text':
      for (let i = 0; i < n; i++) if (column.values[i] === null) missing++;
      break;
  }
  return missing;
}

/** A new column holding rows `indices` of `column`, in that order (levels are shared). */
export function takeColumn(column: Column, indices: Int32Array): Column {
  const n = indices.length;
  switch (column.type) {
    case 'numeric':
    case 'datetime': {
      const out = new Float64Array(n);
      const src = column.values;
      for (let i = 0; i < n; i++) out[i] = src[indices[i] as number] as number;
      return Object.freeze({ ...column, values: out });
    }
    case 'categorical': {
      const out = new Int32Array(n);
      const src = column.codes;
      for (let i = 0; i < n; i++) out[i] = src[indices[i] as number] as number;
      return Object.freeze({ ...column, codes: out });
    }
    case 'boolean': {
      const out = new Uint8Array(n);
      const src = column.values;
      for (let i = 0; i < n; i++) out[i] = src[indices[i] as number] as number;
      return Object.freeze({ ...column, values: out });
    }
    case 'text': {
      const out = new Array<string | null>(n);
      const src = column.values;
      for (let i = 0; i < n; i++) out[i] = src[indices[i] as number] ?? null;
      return Object.freeze({ ...column, values: Object.freeze(out) });
    }
  }
}

/** Rows `[start, end)` of `column`. Typed arrays are views (no copy); safe because columns are immutable. */
export function sliceColumn(column: Column, start: number, end: number): Column {
  switch (column.type) {
    case 'numeric':
    case 'datetime':
      return Object.freeze({ ...column, values: column.values.subarray(start, end) });
    case 'categorical':
      return Object.freeze({ ...column, codes: column.codes.subarray(start, end) });
    case 'boolean':
      return Object.freeze({ ...column, values: column.values.subarray(start, end) });
    case 'text':
      return Object.freeze({ ...column, values: Object.freeze(column.values.slice(start, end)) });
  }
}
