/**
 * The schema inference rules shared by every reader (CSV, TSV, JSON-lines, Parquet). A column's type is the
 * narrowest one that every non-missing value fits, in this order of preference:
 *
 * 1. `numeric` — every value is a finite decimal number (`12`, `-0.5`, `1e-3`; see `parseNumberBytes`).
 *    `0`/`1` columns stay numeric.
 * 2. `boolean` — every value is `true` or `false` in any letter case.
 * 3. `datetime` — every value is an ISO 8601 date or date-time (see `parseDatetimeBytes`; no zone = UTC).
 * 4. `categorical` — anything else, while the column has at most {@link categoricalLimit} distinct values and
 *    none longer than {@link MAX_LEVEL_BYTES} bytes;
 * 5. `text` — otherwise.
 *
 * A column whose values are all missing is `numeric` (all `NaN`). A mix of numbers and dates (or booleans) is
 * categorical/text. Only an empty field is missing in CSV/TSV (no `NA`/`null` sentinels); JSON `null` or an
 * absent key is missing in JSON-lines; a null is missing in Parquet. `nullable` is true when the column has at
 * least one missing value. Callers may force a type per column (`types: { col: 'categorical' }`); a value that
 * does not fit a forced numeric/boolean/datetime type is an `MLP_DATA_PARSE` error naming its line.
 */

/** Minimum number of distinct values a categorical column may always have. */
export const MIN_CATEGORICAL_LEVELS = 20;
/** Share of the rows that bounds the number of distinct values of a categorical column. */
export const CATEGORICAL_SHARE = 0.05;
/** A value longer than this (UTF-8 bytes) makes an inferred string column `text`. */
export const MAX_LEVEL_BYTES = 100;

/** Largest number of distinct values an inferred categorical column may have: max(20, ceil(5% of rows)). */
export function categoricalLimit(rowCount: number): number {
  return Math.max(MIN_CATEGORICAL_LEVELS, Math.ceil(CATEGORICAL_SHARE * rowCount));
}
