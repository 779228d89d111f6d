/**
 * The problem an AutoML search solves, prepared once from the training frame: the checked target, the task and
 * metric, the columns kept (with a note for each one dropped) and the validation plan every trial shares.
 */
import { TrainingDataError, UnknownTargetError, UsageError, ValidationError } from '../core/index.js';
import type { Task } from '../core/index.js';
import { type Column, type Frame, missingCount } from '../data/index.js';
import { chooseSplit, inferTask, metricRegistry, planSplits, trainingTarget } from '../ml/index.js';
import type { RowSplit, TrainingTarget } from '../ml/index.js';
import { shuffledPrefix } from './sample.js';

/** Why a column was dropped or changed before the search, shown in the report and the JSON. */
export interface DataNote {
  readonly column?: string;
  readonly kind: 'id-like' | 'constant' | 'datetime' | 'time-column' | 'validation' | 'task' | 'metric';
  readonly message: string;
}

/** How trials are validated; every trial uses the same splits. */
export interface ValidationPlan {
  readonly strategy: 'stratified' | 'random' | 'temporal';
  /** `cv`: k folds whose validation parts cover every row; `holdout`: one split. */
  readonly kind: 'cv' | 'holdout';
  readonly folds: number;
  /** Random or stratified k-fold only: the folds are drawn this many times with different seeds (default 1). */
  readonly repeats?: number;
  /** Holdout only: the validation fraction. */
  readonly fraction?: number;
  /** Temporal only: the column that orders the rows. */
  readonly timeColumn?: string;
}

/** What a search is given about the problem: enough to rebuild the same {@link Problem} in any process. */
export interface ProblemSpec {
  readonly target: string;
  readonly task: Task;
  /** Metric id of the metric registry (`roc-auc`, `log-loss`, `rmse`, …). */
  readonly metric: string;
  /** Feature columns dropped before fitting (id-like, constant). */
  readonly drop: readonly string[];
  readonly validation: ValidationPlan;
  readonly seed: number;
}

/** A prepared problem: the frame the trials fit on, the target and the splits. */
export interface Problem {
  readonly spec: ProblemSpec;
  /** The training rows without the dropped columns (target included). */
  readonly frame: Frame;
  readonly target: TrainingTarget;
  readonly splits: readonly RowSplit[];
  /** The validation rows of every split, concatenated in split order: the rows of out-of-fold predictions. */
  readonly validationRows: Int32Array;
  /** Whether a higher metric value is better. */
  readonly higherIsBetter: boolean;
}

/** The primary metric of each task when none is given (binary ranks, multiclass is scored as probabilities). */
export const DEFAULT_METRICS: Readonly<Record<Task, string>> = { binary: 'roc-auc', multiclass: 'log-loss', regression: 'rmse' };

/**
 * Rows up to which trials are cross-validated (5 folds drawn {@link CV_REPEATS} times, 5 folds once, then 3); above
 * it a holdout. On small data one draw of the folds scores configurations with much noise, and choosing among
 * hundreds of them (and their ensemble weights) fits that noise; repeats average it out at a cost small data can pay.
 */
const REPEATED_CV_MAX_ROWS = 1_000;
const CV_REPEATS = 3;
/**
 * Budget (s) from which small data is cross-validated repeatedly: repeats triple a trial's cost, which a budget of a
 * few seconds cannot pay for more than a handful of trials (a quick start's 5 s fitted one gbdt on a loaded machine).
 */
export const REPEATED_CV_MIN_BUDGET_SECONDS = 30;
const CV5_MAX_ROWS = 5_000;
const CV3_MAX_ROWS = 20_000;
const HOLDOUT_FRACTION = 0.2;
/** Validation rows of a holdout at most. */
const MAX_VALIDATION_ROWS = 10_000;

/** A metric name as users write it (`roc_auc`, `ROC-AUC`) in the registry's spelling (`roc-auc`). */
export function metricId(name: string): string {
  return name.trim().toLowerCase().replace(/_/g, '-');
}

/** A metric id as the AutoML output spells it (`roc_auc`), like the issue tracker and the peers. */
export function metricLabel(id: string): string {
  return id.replace(/-/g, '_');
}

/** What {@link prepareProblem} needs besides the frame. */
export interface ProblemOptions {
  readonly target: string;
  readonly task?: Task;
  readonly metric?: string;
  readonly timeColumn?: string;
  readonly seed: number;
  /** Where the data came from, for messages (`train.csv`, `credit@2`). */
  readonly source?: string;
  /** The search's budget (s): below {@link REPEATED_CV_MIN_BUDGET_SECONDS} small data is not cross-validated repeatedly. */
  readonly budgetSeconds?: number;
}

/**
 * Checks the data and decides everything trials share.
 * @throws MLP_ML_UNKNOWN_TARGET; MLP_ML_BAD_TRAINING_DATA (a target with missing values or one class, an all-missing
 *   feature, a text target of a regression, no usable feature); MLP_CLI_USAGE (a metric that does not fit the task);
 *   MLP_CORE_VALIDATION (an unusable time column).
 */
export function prepareProblem(frame: Frame, options: ProblemOptions): { problem: Problem; notes: DataNote[] } {
  const { target: name, seed } = options;
  if (!frame.has(name))
    throw UnknownTargetError({ target: name, data: options.source ?? 'the training data', columns: [...frame.columnNames] });
  const notes: DataNote[] = [];
  const column = frame.column(name);
  let task = options.task;
  if (task === undefined) {
    const inference = inferTask(column);
    task = inference.task;
    notes.push({ column: name, kind: 'task', message: `task ${task}: ${inference.reason}` });
  }
  trainingTarget(column, task); // refuses missing labels, one class, a text regression target
  const metric = metricId(options.metric ?? DEFAULT_METRICS[task]);
  if (!metricRegistry.has(metric)) {
    throw UsageError({ problem: `unknown metric ${JSON.stringify(options.metric)}`, hint: `known: ${metricRegistry.ids().join(', ')}` });
  }
  const definition = metricRegistry.get(metric);
  if (!definition.task.includes(task)) {
    throw UsageError({ problem: `metric ${options.metric} does not apply to a ${task} task (it is for ${definition.task.join(', ')})` });
  }
  const timeColumn = options.timeColumn ?? chooseSplit(frame, [name]).timeColumn;
  if (options.timeColumn !== undefined && !frame.has(options.timeColumn)) {
    throw ValidationError({ field: 'timeColumn', problem: `no column ${JSON.stringify(options.timeColumn)} in the training data` });
  }
  const drop: string[] = [];
  for (const c of frame.columns) {
    if (c.name === name) continue;
    const missing = missingCount(c);
    if (missing === frame.rowCount) {
      throw TrainingDataError({
        field: c.name,
        problem: `feature ${JSON.stringify(c.name)} has no value in any of the ${frame.rowCount} rows; drop the column`,
      });
    }
    if (c.name === timeColumn) continue;
    const reason = uselessColumn(c, frame.rowCount);
    if (reason !== undefined) {
      drop.push(c.name);
      notes.push({ column: c.name, kind: reason.kind, message: reason.message });
    } else if (c.type === 'datetime') {
      notes.push({
        column: c.name,
        kind: 'datetime',
        message: 'expanded into calendar parts (year, month, day, weekday, day of year, hour)',
      });
    }
  }
  const kept = frame.columnNames.filter((c) => !drop.includes(c));
  if (kept.length < 2) {
    throw TrainingDataError({ problem: 'no feature is left to learn from after dropping id-like and constant columns', field: name });
  }
  const validation = chooseValidation(frame.rowCount, task, timeColumn, options.budgetSeconds);
  if (timeColumn !== undefined) {
    notes.push({
      column: timeColumn,
      kind: 'time-column',
      message: `${options.timeColumn === undefined ? 'the only date/time column' : 'the time column'}: trials train on the past and validate on the latest rows`,
    });
  }
  notes.push({ kind: 'validation', message: describeValidation(validation, frame.rowCount) });
  const spec: ProblemSpec = { target: name, task, metric, drop, validation, seed };
  return { problem: buildProblem(frame.select(kept), spec), notes };
}

/**
 * Rebuilds the problem of `spec` from the training frame: the same columns, target and splits in every process
 * (splits depend only on the rows and the seed).
 */
export function buildProblem(frame: Frame, spec: ProblemSpec): Problem {
  const kept = frame.columnNames.filter((c) => !spec.drop.includes(c));
  const data = kept.length === frame.columnNames.length ? frame : frame.select(kept);
  const target = trainingTarget(data.column(spec.target), spec.task);
  const v = spec.validation;
  const plan = (seed: number) =>
    planSplits(
      data,
      target,
      v.kind === 'cv'
        ? { kind: 'cv', folds: v.folds, ...(v.timeColumn === undefined ? {} : { timeColumn: v.timeColumn }) }
        : {
            kind: 'holdout',
            fraction: v.fraction ?? HOLDOUT_FRACTION,
            ...(v.timeColumn === undefined ? {} : { timeColumn: v.timeColumn }),
          },
      seed,
    );
  const repeats = v.kind === 'cv' && v.timeColumn === undefined ? (v.repeats ?? 1) : 1;
  const drawn = Array.from({ length: repeats }, (_, r) => plan(spec.seed + r).splits).flat();
  const splits = v.kind === 'holdout' ? drawn.map((split) => capValidation(split, v.strategy === 'temporal', spec.seed)) : drawn;
  const total = splits.reduce((n, s) => n + s.test.length, 0);
  const validationRows = new Int32Array(total);
  let at = 0;
  for (const split of splits) {
    validationRows.set(split.test, at);
    at += split.test.length;
  }
  return {
    spec,
    frame: data,
    target,
    splits,
    validationRows,
    higherIsBetter: metricRegistry.get(spec.metric).greaterIsBetter,
  };
}

/**
 * A holdout's validation rows capped at {@link MAX_VALIDATION_ROWS} by a seeded sample, which scores trials as
 * surely and predicts far faster (k-NN scales with them); the rows left out train, unless the split is temporal
 * (they are the future of the rows kept).
 */
function capValidation(split: RowSplit, temporal: boolean, seed: number): RowSplit {
  if (split.test.length <= MAX_VALIDATION_ROWS) return split;
  const pool = shuffledPrefix(split.test, MAX_VALIDATION_ROWS, seed + 7);
  const test = pool.slice(0, MAX_VALIDATION_ROWS).sort();
  if (temporal) return { train: split.train, test };
  const train = Int32Array.from([...split.train, ...pool.slice(MAX_VALIDATION_ROWS)]).sort();
  return { train, test };
}

/**
 * Validation from the data's size, order and the budget: ≤ 1,000 rows 5-fold drawn 3 times (with a budget of at least
 * {@link REPEATED_CV_MIN_BUDGET_SECONDS} s), ≤ 5,000 rows 5-fold, ≤ 20,000 rows 3-fold, more a 20 % holdout
 * (stratified for classes, random for regression); temporal with a time column (an expanding window of 3 folds up
 * to 20,000 rows, else the latest 20 % of the rows), so no trial ever trains on the future it is scored on.
 */
export function chooseValidation(rows: number, task: Task, timeColumn: string | undefined, budgetSeconds = Infinity): ValidationPlan {
  const strategy = timeColumn !== undefined ? 'temporal' : task === 'regression' ? 'random' : 'stratified';
  const where = timeColumn === undefined ? {} : { timeColumn };
  if (timeColumn !== undefined) {
    return rows <= CV3_MAX_ROWS
      ? { strategy, kind: 'cv', folds: 3, ...where }
      : { strategy, kind: 'holdout', folds: 1, fraction: HOLDOUT_FRACTION, ...where };
  }
  if (rows <= REPEATED_CV_MAX_ROWS && budgetSeconds >= REPEATED_CV_MIN_BUDGET_SECONDS)
    return { strategy, kind: 'cv', folds: 5, repeats: CV_REPEATS };
  if (rows <= CV5_MAX_ROWS) return { strategy, kind: 'cv', folds: 5 };
  if (rows <= CV3_MAX_ROWS) return { strategy, kind: 'cv', folds: 3 };
  return { strategy, kind: 'holdout', folds: 1, fraction: HOLDOUT_FRACTION };
}

function describeValidation(v: ValidationPlan, rows: number): string {
  const how =
    v.kind === 'cv'
      ? `${v.folds}-fold${(v.repeats ?? 1) > 1 ? ` (drawn ${v.repeats} times)` : ''}`
      : `${Math.round((v.fraction ?? HOLDOUT_FRACTION) * 100)} % holdout`;
  const order =
    v.strategy === 'temporal' ? `temporal (by ${v.timeColumn ?? 'time'}${v.kind === 'cv' ? ', expanding window' : ''})` : v.strategy;
  return `${rows} rows: ${order} ${how} validation`;
}

/**
 * Why a feature cannot help: one value in every row (constant), or a distinct value in (nearly) every row of a
 * categorical or text column, or the row number itself in a numeric one (an identifier, which a model can only
 * memorise).
 */
function uselessColumn(c: Column, rows: number): { kind: 'id-like' | 'constant'; message: string } | undefined {
  const distinct = distinctValues(c);
  if (distinct <= 1) return { kind: 'constant', message: 'one value in every row: dropped' };
  if (rows < 20) return undefined;
  if ((c.type === 'categorical' || c.type === 'text') && distinct >= 0.95 * (rows - missingCount(c))) {
    return { kind: 'id-like', message: `${distinct} distinct values in ${rows} rows, an identifier: dropped` };
  }
  if (c.type === 'numeric' && distinct === rows && isIdSequence(c.values)) {
    return { kind: 'id-like', message: 'distinct integers with a constant step, a row identifier: dropped' };
  }
  return undefined;
}

function distinctValues(c: Column): number {
  switch (c.type) {
    case 'categorical': {
      const seen = new Set<number>();
      for (const code of c.codes) if (code >= 0) seen.add(code);
      return seen.size;
    }
    case 'text':
      return new Set(c.values.filter((v) => v !== null)).size;
    case 'boolean':
      return new Set(Array.from(c.values).filter((v) => v !== 255)).size;
    default:
      return new Set(Array.from(c.values).filter((v) => v === v)).size;
  }
}

/** Integers that, sorted, step by one constant (1, 2, 3, … or 1000, 1010, …). */
function isIdSequence(values: Float64Array): boolean {
  if (!values.every((v) => Number.isInteger(v))) return false;
  const sorted = Float64Array.from(values).sort();
  const step = (sorted[1] as number) - (sorted[0] as number);
  if (step <= 0) return false;
  for (let i = 2; i < sorted.length; i++) if ((sorted[i] as number) - (sorted[i - 1] as number) !== step) return false;
  return true;
}
