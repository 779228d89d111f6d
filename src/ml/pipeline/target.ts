import { TrainingDataError } from '../../core/index.js';
import { MISSING_BOOLEAN } from '../../data/index.js';
import type { Column } from '../../data/index.js';
import type { Task, TrainingTarget } from '../learner.js';

/** Sorts strings by UTF-16 code units. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The label of every row as a string (numbers through `String`), null when missing; text/datetime refused. */
function labels(column: Column): Array<string | null> {
  const out: Array<string | null> = [];
  switch (column.type) {
    case 'categorical':
      for (let i = 0; i < column.codes.length; i++) {
        const code = column.codes[i] as number;
        out.push(code < 0 ? null : (column.levels[code] as string));
      }
      return out;
    case 'boolean':
      for (let i = 0; i < column.values.length; i++)
        out.push(column.values[i] === MISSING_BOOLEAN ? null : column.values[i] === 1 ? 'true' : 'false');
      return out;
    case 'numeric':
      for (let i = 0; i < column.values.length; i++) {
        const v = column.values[i] as number;
        out.push(v !== v ? null : String(v));
      }
      return out;
    default:
      throw TrainingDataError({
        field: column.name,
        problem: `a ${column.type} column cannot be a target; use a numeric, categorical or boolean column`,
      });
  }
}

function firstMissing(values: ArrayLike<string | null>): number {
  for (let i = 0; i < values.length; i++) if (values[i] === null) return i;
  return -1;
}

/**
 * The training target from a frame column. Task, when not given: numeric → regression; boolean → binary;
 * categorical → binary with 2 levels, multiclass with more. Classes are the labels seen in training, sorted
 * (booleans: `false`, `true`; numeric classes as `String(value)`).
 * @throws MLP_ML_BAD_TRAINING_DATA for missing target values, fewer than 2 classes, a binary task with more than
 *   two, or a regression task on a non-numeric column.
 */
export function trainingTarget(column: Column, task?: Task): TrainingTarget {
  const inferred: Task = task ?? (column.type === 'numeric' ? 'regression' : column.type === 'boolean' ? 'binary' : 'multiclass');
  if (inferred === 'regression') {
    if (column.type !== 'numeric')
      throw TrainingDataError({ field: column.name, problem: `a regression target must be numeric, this column is ${column.type}` });
    const missing = column.values.findIndex((v) => v !== v);
    if (missing >= 0)
      throw TrainingDataError({ field: column.name, problem: `target is missing at row ${missing}; drop unlabeled rows before training` });
    return { task: 'regression', y: Float64Array.from(column.values) };
  }
  const rows = labels(column);
  const missing = firstMissing(rows);
  if (missing >= 0)
    throw TrainingDataError({ field: column.name, problem: `target is missing at row ${missing}; drop unlabeled rows before training` });
  const seen = [...new Set(rows as string[])];
  const classes =
    column.type === 'numeric'
      ? seen.sort((a, b) => Number(a) - Number(b))
      : column.type === 'boolean'
        ? ['false', 'true']
        : seen.sort(compare);
  if (new Set(rows).size < 2)
    throw TrainingDataError({ field: column.name, problem: 'target has a single class; a classifier needs at least two' });
  const resolved: Task = task ?? (classes.length === 2 ? 'binary' : 'multiclass');
  if (resolved === 'binary' && classes.length !== 2) {
    throw TrainingDataError({
      field: column.name,
      problem: `binary task but the target has ${classes.length} classes (${classes.slice(0, 5).join(', ')}…); use task multiclass`,
    });
  }
  return { task: resolved as 'binary' | 'multiclass', y: encodeLabels(rows, classes, column.name), classes };
}

function encodeLabels(rows: ReadonlyArray<string | null>, classes: readonly string[], name: string): Int32Array {
  const index = new Map<string, number>();
  classes.forEach((c, i) => index.set(c, i));
  const y = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const label = rows[i];
    const k = label === null || label === undefined ? undefined : index.get(label);
    if (k === undefined) {
      throw TrainingDataError({
        field: name,
        problem:
          label === null
            ? `target is missing at row ${i}`
            : `row ${i}: class ${JSON.stringify(label)} was not in the training target (${classes.join(', ')})`,
      });
    }
    y[i] = k;
  }
  return y;
}

/**
 * The target of other rows (validation) encoded like a training target.
 * @throws MLP_ML_BAD_TRAINING_DATA for missing values or classes the training target did not have.
 */
export function targetLike(column: Column, train: TrainingTarget): TrainingTarget {
  if (train.task === 'regression') return trainingTarget(column, 'regression');
  return { task: train.task, y: encodeLabels(labels(column), train.classes, column.name), classes: train.classes };
}
