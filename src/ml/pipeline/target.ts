import { TrainingDataError, ValidationError } from '../../core/index.js';
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
      throw unusableTarget(column);
  }
}

function unusableTarget(column: Column): Error {
  return TrainingDataError({
    field: column.name,
    problem: `a ${column.type} column cannot be a target; use a numeric, categorical or boolean column`,
  });
}

function firstMissing(values: ArrayLike<string | null>): number {
  for (let i = 0; i < values.length; i++) if (values[i] === null) return i;
  return -1;
}

/** A task and why it was chosen for a target column. */
export interface TaskInference {
  readonly task: Task;
  /** Why, in words (e.g. "7 distinct whole numbers in 581 rows"). */
  readonly reason: string;
}

/**
 * Most distinct whole numbers a numeric target may have to be read as class labels. AutoGluon allows 1,000, which
 * makes an arrival delay in minutes (468 values in 200,000 rows) a 468-class problem; label sets beyond a few
 * dozen are codes of text labels far more often than numbers.
 */
export const MAX_INFERRED_CLASSES = 30;

/**
 * The task a target column asks for, with the reason, by AutoGluon's rules (`infer_problem_type`) with a lower cap
 * on classes ({@link MAX_INFERRED_CLASSES}); missing values are not counted:
 * - exactly two distinct values (any type) → binary; a boolean column → binary;
 * - a categorical (text) column → multiclass;
 * - a numeric column whose values are all whole numbers, with at most {@link MAX_INFERRED_CLASSES} distinct values
 *   that are at most 10 % of the rows → multiclass (class labels such as 1–7). 10 % is AutoGluon's ratio up to
 *   1,000 rows; its 5 % above that never binds under the cap (30 values are 3 % of 1,000 rows);
 * - any other numeric column → regression (fractional values, or too many distinct values to be labels).
 * @throws MLP_ML_BAD_TRAINING_DATA for a text or datetime column, or a target without any value.
 */
export function inferTask(column: Column): TaskInference {
  if (column.type === 'boolean') return { task: 'binary', reason: 'a true/false column' };
  if (column.type === 'categorical') {
    const seen = new Set<number>();
    for (const code of column.codes) if (code >= 0) seen.add(code);
    if (seen.size === 0) throw TrainingDataError({ field: column.name, problem: 'the target has no values' });
    return seen.size === 2
      ? { task: 'binary', reason: 'two distinct labels' }
      : { task: 'multiclass', reason: `${seen.size} distinct text labels` };
  }
  if (column.type !== 'numeric') throw unusableTarget(column);
  const distinct = new Set<number>();
  let rows = 0;
  let fractional: number | undefined;
  for (const v of column.values) {
    if (v !== v) continue;
    rows++;
    if (fractional === undefined && !Number.isInteger(v)) fractional = v;
    // Past the class cap the task is regression whatever follows; only the two-value case needs the full count.
    if (distinct.size <= MAX_INFERRED_CLASSES) distinct.add(v);
  }
  if (rows === 0) throw TrainingDataError({ field: column.name, problem: 'the target has no values' });
  const count = distinct.size;
  if (count === 2) return { task: 'binary', reason: 'two distinct values' };
  if (fractional !== undefined) return { task: 'regression', reason: `numbers with a fractional part (e.g. ${fractional})` };
  if (count === 1) return { task: 'regression', reason: 'a single distinct value' };
  if (count > MAX_INFERRED_CLASSES) {
    return { task: 'regression', reason: `more than ${MAX_INFERRED_CLASSES} distinct whole numbers (too many to be class labels)` };
  }
  const within = `${count} distinct whole numbers in ${rows} rows`;
  if (count * 10 > rows) return { task: 'regression', reason: `${within} (more than 10 % of the rows: a quantity, not labels)` };
  return { task: 'multiclass', reason: `${within}: class labels` };
}

/**
 * The training target from a frame column. Task, when not given: {@link inferTask}. Classes are the labels seen in
 * training, sorted (booleans: `false`, `true`; numeric classes as `String(value)`, in numeric order); a binary
 * target's second class is its positive class (P(positive) is what ROC AUC ranks and F1 counts), which
 * `positiveClass` may choose (the classes are then `[other, positiveClass]`).
 * @throws MLP_ML_BAD_TRAINING_DATA for missing target values, fewer than 2 classes, a binary task with more than
 *   two, or a regression task on a non-numeric column; MLP_CORE_VALIDATION for a positive class that is not one of
 *   the two classes, or one given for a target that is not binary.
 */
export function trainingTarget(column: Column, task?: Task, positiveClass?: string): TrainingTarget {
  const inferred: Task = task ?? inferTask(column).task;
  if (inferred === 'regression') {
    if (positiveClass !== undefined) throw notBinary(positiveClass, 'a regression target');
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
  if (positiveClass !== undefined) {
    if (resolved !== 'binary') throw notBinary(positiveClass, `a multiclass target (${classes.length} classes)`);
    if (!classes.includes(positiveClass)) {
      throw ValidationError({
        field: 'positiveClass',
        problem: `${JSON.stringify(positiveClass)} is not a class of target ${JSON.stringify(column.name)}; its classes are ${classes.map((c) => JSON.stringify(c)).join(' and ')}`,
      });
    }
    if (classes[0] === positiveClass) classes.reverse();
  }
  return { task: resolved as 'binary' | 'multiclass', y: encodeLabels(rows, classes, column.name), classes };
}

function notBinary(positiveClass: string, what: string): Error {
  return ValidationError({
    field: 'positiveClass',
    problem: `a positive class (${JSON.stringify(positiveClass)}) only applies to a binary target; this is ${what}`,
  });
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
