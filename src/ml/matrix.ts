import { TrainingDataError } from '../core/index.js';

/**
 * The numeric training matrix every learner takes: column-major, one `Float64Array` per feature, `NaN` marks a
 * missing value. Float64 (not Float32) because the frame's numeric columns are Float64 and learners compare raw
 * values against float64 split thresholds, so train and predict see the very same numbers (no rounding step).
 * A categorical column holds integer category codes `0..k-1` (NaN = missing).
 */
export interface FeatureMatrix {
  /** Number of rows (every column has this length). */
  readonly rows: number;
  /** Number of feature columns. */
  readonly cols: number;
  /** Column-major data, `columns[j][i]` = row i of feature j; NaN = missing. */
  readonly columns: readonly Float64Array[];
  /** Feature names, one per column. */
  readonly names: readonly string[];
  /** `categorical[j]` is true when column j holds integer category codes 0..k-1. */
  readonly categorical: readonly boolean[];
}

/**
 * Builds a matrix from column arrays, checking shapes and category codes.
 * @throws MLP_ML_BAD_TRAINING_DATA when column lengths differ, names/flags do not match the column count, or a
 *   categorical column holds a value that is not a non-negative integer.
 */
export function featureMatrix(
  columns: readonly Float64Array[],
  options: { names?: readonly string[]; categorical?: readonly boolean[] } = {},
): FeatureMatrix {
  const cols = columns.length;
  const rows = cols === 0 ? 0 : (columns[0] as Float64Array).length;
  const names = options.names ?? columns.map((_, j) => `f${j}`);
  const categorical = options.categorical ?? columns.map(() => false);
  if (names.length !== cols)
    throw TrainingDataError({ problem: `${names.length} names given for ${cols} columns; give one name per column` });
  if (categorical.length !== cols) {
    throw TrainingDataError({ problem: `${categorical.length} categorical flags given for ${cols} columns; give one flag per column` });
  }
  const matrix: FeatureMatrix = { rows, cols, columns, names, categorical };
  validateMatrix(matrix);
  return matrix;
}

/**
 * Checks a matrix: column count and lengths, and that categorical columns hold non-negative integer codes.
 * @throws MLP_ML_BAD_TRAINING_DATA naming the first offending column and row.
 */
export function validateMatrix(m: FeatureMatrix): void {
  if (m.columns.length !== m.cols) throw TrainingDataError({ problem: `matrix says ${m.cols} columns but holds ${m.columns.length}` });
  for (let j = 0; j < m.cols; j++) {
    const col = m.columns[j] as Float64Array;
    const name = m.names[j] ?? `f${j}`;
    if (col.length !== m.rows)
      throw TrainingDataError({ field: name, problem: `has ${col.length} values, expected ${m.rows} (one per row)` });
    if (m.categorical[j] === true) {
      for (let i = 0; i < col.length; i++) {
        const v = col[i] as number;
        if (v !== v) continue;
        if (v < 0 || v !== Math.floor(v) || !Number.isFinite(v)) {
          throw TrainingDataError({
            field: name,
            problem: `row ${i}: ${v} is not a category code (a non-negative integer); encode categories as 0..k-1`,
          });
        }
      }
    }
  }
}

/** Builds a column-major matrix from row-major data (a list of rows); handy for tests and small inputs. */
export function matrixFromRows(
  rowsData: ReadonlyArray<ArrayLike<number>>,
  options: { names?: readonly string[]; categorical?: readonly boolean[] } = {},
): FeatureMatrix {
  const n = rowsData.length;
  const cols = n === 0 ? (options.names?.length ?? 0) : (rowsData[0] as ArrayLike<number>).length;
  const columns: Float64Array[] = [];
  for (let j = 0; j < cols; j++) columns.push(new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const row = rowsData[i] as ArrayLike<number>;
    if (row.length !== cols) throw TrainingDataError({ problem: `row ${i} has ${row.length} values, expected ${cols}` });
    for (let j = 0; j < cols; j++) (columns[j] as Float64Array)[i] = row[j] as number;
  }
  return featureMatrix(columns, options);
}
