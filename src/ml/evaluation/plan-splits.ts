/** Turning an evaluation request and a frame into row splits: random (stratified), grouped or temporal. */
import { type SplitMode, TrainingDataError, ValidationError } from '../../core/index.js';
import { type Column, type Frame, MISSING_BOOLEAN } from '../../data/index.js';
import type { TrainingTarget } from '../learner.js';
import type { RowSplit } from './splits.js';
import {
  assignFoldsStratified,
  assignGroupFolds,
  foldSplit,
  groupHoldoutSplit,
  holdoutSplit,
  temporalFolds,
  temporalHoldoutSplit,
} from './splits.js';

/** How a model is evaluated: one holdout, or k folds (metrics are fold means). */
export type EvaluationSpec =
  | {
      readonly kind: 'holdout';
      /** Fraction of the rows that validate (default 0.2). */
      readonly fraction?: number;
      readonly timeColumn?: string;
      readonly groupColumn?: string;
    }
  | { readonly kind: 'cv'; readonly folds: number; readonly timeColumn?: string; readonly groupColumn?: string };

/**
 * How rows were assigned: `stratified` (seeded, per class), `random` (seeded, regression), `grouped` (whole groups
 * of `groupColumn` per side), `temporal` (train on the past of `timeColumn`, validate on its future).
 */
export type SplitStrategy = 'stratified' | 'random' | 'grouped' | 'temporal';

/** The splits of an evaluation and how they were made. */
export interface SplitPlan {
  readonly strategy: SplitStrategy;
  /** The time or group column, for the temporal and grouped strategies. */
  readonly column?: string;
  readonly splits: readonly RowSplit[];
}

/** Default holdout fraction. */
export const DEFAULT_HOLDOUT = 0.2;

/** Time values of a datetime or numeric column (ms since the epoch for datetimes). */
function timeValues(column: Column): Float64Array {
  if (column.type === 'datetime' || column.type === 'numeric') return column.values;
  throw ValidationError({
    field: 'timeColumn',
    problem: `column ${JSON.stringify(column.name)} is ${column.type}; a time column must be a date/time or a number`,
  });
}

/** A group code per row from any column type; a missing group is refused. */
function groupCodes(column: Column): Int32Array {
  const missing = (row: number): Error =>
    ValidationError({
      field: 'groupColumn',
      problem: `column ${JSON.stringify(column.name)} has no group at row ${row}; every row needs one`,
    });
  if (column.type === 'categorical') {
    const bad = column.codes.indexOf(-1);
    if (bad >= 0) throw missing(bad);
    return column.codes;
  }
  const seen = new Map<string | number, number>();
  const codes = new Int32Array(column.values.length);
  for (let i = 0; i < codes.length; i++) {
    const v = column.values[i];
    if (v === null || v === undefined || (column.type === 'boolean' && v === MISSING_BOOLEAN) || (typeof v === 'number' && v !== v))
      throw missing(i);
    let c = seen.get(v);
    if (c === undefined) seen.set(v, (c = seen.size));
    codes[i] = c;
  }
  return codes;
}

/** How the rows of an evaluation are split when the request names no time or group column, and why. */
export interface SplitChoice {
  /** The date/time column to split by; absent for a random (stratified) split. */
  readonly timeColumn?: string;
  readonly reason: string;
}

/**
 * Chooses the split of an evaluation whose request names no time or group column. With exactly one date/time
 * column (not in `exclude`) that has a time in every row and at least two distinct times, the rows are split by
 * it: trained on the past, validated on the future, as the model will be used (a random split of time-ordered
 * rows lets the model learn from the future it is scored on). Otherwise, or when `mode` is `random`, at random.
 * Numeric columns are never taken for time: name them.
 * @throws MLP_CORE_VALIDATION when several date/time columns could order the rows (naming them): splitting by the
 *   wrong one would mislead, so the caller must name one or ask for a random split.
 */
export function chooseSplit(frame: Frame, exclude: readonly string[], mode: SplitMode = 'auto'): SplitChoice {
  if (mode === 'random') return { reason: 'a random split was asked for' };
  const candidates = frame.columnNames.filter((name) => !exclude.includes(name) && frame.column(name).type === 'datetime');
  if (candidates.length > 1) {
    throw ValidationError({
      field: 'timeColumn',
      problem:
        `the data has ${candidates.length} date/time columns (${candidates.join(', ')}) and a split by time needs one; ` +
        'name the one that orders the rows as the time column, or ask for a random split',
    });
  }
  const name = candidates[0];
  if (name === undefined) return { reason: 'the data has no date/time column' };
  const times = timeValues(frame.column(name));
  const missing = times.findIndex((t) => !Number.isFinite(t));
  if (missing >= 0)
    return { reason: `date/time column ${JSON.stringify(name)} has no time at row ${missing}, so it cannot order every row` };
  if (times.every((t) => t === times[0])) return { reason: `date/time column ${JSON.stringify(name)} has one time for every row` };
  return { timeColumn: name, reason: `${JSON.stringify(name)} is the only date/time column` };
}

/**
 * The row splits of an evaluation. Classification targets stratify random splits; `timeColumn` makes them
 * temporal, `groupColumn` grouped (not both).
 * @throws MLP_CORE_VALIDATION for a bad fraction or fold count, an unknown or unusable time/group column, both
 *   given; MLP_ML_BAD_TRAINING_DATA for a split that would leave one side empty.
 */
export function planSplits(frame: Frame, target: TrainingTarget, spec: EvaluationSpec, seed: number): SplitPlan {
  if (spec.timeColumn !== undefined && spec.groupColumn !== undefined) {
    throw ValidationError({ field: 'groupColumn', problem: 'give a time column or a group column, not both' });
  }
  const rows = frame.rowCount;
  let plan: SplitPlan;
  if (spec.timeColumn !== undefined) {
    const times = timeValues(frame.column(spec.timeColumn));
    const splits = spec.kind === 'cv' ? temporalFolds(times, spec.folds) : [temporalHoldoutSplit(times, spec.fraction ?? DEFAULT_HOLDOUT)];
    plan = { strategy: 'temporal', column: spec.timeColumn, splits };
  } else if (spec.groupColumn !== undefined) {
    const groups = groupCodes(frame.column(spec.groupColumn));
    let splits: RowSplit[];
    if (spec.kind === 'cv') {
      const fold = assignGroupFolds(groups, spec.folds, seed);
      splits = Array.from({ length: spec.folds }, (_, k) => foldSplit(fold, k));
    } else {
      splits = [groupHoldoutSplit(groups, spec.fraction ?? DEFAULT_HOLDOUT, seed)];
    }
    plan = { strategy: 'grouped', column: spec.groupColumn, splits };
  } else {
    const strata = target.task === 'regression' ? undefined : target.y;
    const strategy = strata === undefined ? 'random' : 'stratified';
    if (spec.kind === 'cv') {
      const fold = assignFoldsStratified(rows, spec.folds, seed, strata);
      plan = { strategy, splits: Array.from({ length: spec.folds }, (_, k) => foldSplit(fold, k)) };
    } else {
      plan = { strategy, splits: [holdoutSplit(rows, spec.fraction ?? DEFAULT_HOLDOUT, seed, strata)] };
    }
  }
  for (const split of plan.splits) {
    if (split.train.length === 0 || split.test.length === 0) {
      throw TrainingDataError({
        problem: `${rows} rows are too few for this ${spec.kind === 'cv' ? `${spec.folds}-fold` : 'holdout'} ${plan.strategy} split (one side would be empty); add rows or change the split`,
      });
    }
  }
  return plan;
}
