/**
 * The pure fit-and-evaluate step: plan the splits, fit a pipeline per split and score it, then fit the model to
 * keep on every row. Nothing is written anywhere, so a search can run it hundreds of times; the workspace records
 * the result (run, bundle, model version) only when asked.
 */
import type { Frame } from '../../data/index.js';
import type { FitContext, Learner, Task, TrainingTarget } from '../learner.js';
import { fitPipeline, inferTask, trainingTarget } from '../pipeline/index.js';
import type { FittedPipeline } from '../pipeline/index.js';
import type { StepSpec } from '../preprocess/index.js';
import { evaluatePipeline, primaryMetric, TASK_METRICS } from './evaluate.js';
import type { EvaluationSpec, SplitStrategy } from './plan-splits.js';
import { DEFAULT_HOLDOUT, planSplits } from './plan-splits.js';
import type { RowSplit } from './splits.js';

/** No evaluation: the model is fitted once on every row and nothing is scored. */
export interface NoEvaluation {
  readonly kind: 'none';
}

/** What {@link fitAndEvaluate} needs. */
export interface FitEvaluateOptions {
  /** Every labelled row (features, target, and any time/group column). */
  readonly frame: Frame;
  readonly target: string;
  readonly learner: Learner;
  /** Hyperparameters (checked by the learner's schema). */
  readonly params?: Record<string, unknown>;
  /** Task; default inferred from the target column ({@link inferTask}). */
  readonly task?: Task;
  /** The positive class of a binary target; default the second of its sorted labels (see `trainingTarget`). */
  readonly positiveClass?: string;
  readonly evaluation: EvaluationSpec | NoEvaluation;
  /** Preprocessing recipe; default chosen from the learner's capabilities. */
  readonly steps?: readonly StepSpec[];
  /** Metric ids to report; default the task's {@link TASK_METRICS}. */
  readonly metrics?: readonly string[];
  /**
   * After evaluation, fit the kept model on every row (default true), as the evaluation only measures how well a
   * model fitted this way does. With false the model of the last split (fitted on its training rows) is kept: a
   * search that only needs the score saves one fit.
   */
  readonly refit?: boolean;
  /** Seed, threads, abort signal; `progress` gets the fraction of all fits done. */
  readonly context: Omit<FitContext, 'validation'>;
}

/** How the reported metrics were obtained. */
export type EvaluationSummary =
  | {
      readonly kind: 'holdout';
      readonly strategy: SplitStrategy;
      readonly column?: string;
      readonly fraction: number;
      readonly trainRows: number;
      readonly testRows: number;
    }
  | {
      readonly kind: 'cv';
      readonly strategy: SplitStrategy;
      readonly column?: string;
      readonly folds: number;
      /** Each metric's value on each fold, in fold order. */
      readonly foldMetrics: Readonly<Record<string, readonly number[]>>;
    }
  | NoEvaluation;

/** The fitted pipeline to keep and its evaluation. */
export interface FitEvaluateResult {
  readonly pipeline: FittedPipeline;
  readonly task: Task;
  /** Why the task was inferred from the target ({@link inferTask}); absent when the caller gave the task. */
  readonly taskReason?: string;
  /** A binary model's positive class (its `classes[1]`): the class ROC AUC ranks and F1 counts. */
  readonly positiveClass?: string;
  /** Holdout values, or the means over the folds; empty without evaluation. */
  readonly metrics: Record<string, number>;
  /** Cross-validation only: each metric's standard deviation over the folds (population, as numpy's `std`). */
  readonly metricsStd?: Record<string, number>;
  /** Metrics undefined on (some of) the validation rows, with the reason. */
  readonly skipped: Record<string, string>;
  readonly primaryMetric: string;
  readonly evaluation: EvaluationSummary;
  /** The rows the kept model was fitted on: every row, or (with `refit: false`) the last split's training rows. */
  readonly fittedOn: { readonly rows: number; readonly allRows: boolean };
}

/**
 * Fits `learner` with preprocessing on the training rows of each split, scores it on the split's validation rows,
 * then fits the model to keep on every row (unless `refit` is false) and returns it with the metrics: the holdout's,
 * or the fold means with their standard deviations. Without evaluation (`kind: 'none'`) it only fits on every row.
 * A group column is not a feature (it only keeps groups together).
 * @throws MLP_ML_UNKNOWN_TARGET is the caller's to check; MLP_DATA_UNKNOWN_COLUMN, MLP_ML_BAD_TRAINING_DATA,
 *   MLP_ML_INVALID_PARAM, MLP_CORE_VALIDATION (splits, positive class), or the signal's reason when aborted.
 */
export async function fitAndEvaluate(options: FitEvaluateOptions): Promise<FitEvaluateResult> {
  const { evaluation: spec, context } = options;
  const groupColumn = spec.kind === 'none' ? undefined : spec.groupColumn;
  const frame =
    groupColumn === undefined ? options.frame : options.frame.select(options.frame.columnNames.filter((c) => c !== groupColumn));
  const column = options.frame.column(options.target);
  const inference = options.task === undefined ? inferTask(column) : undefined;
  const target: TrainingTarget = trainingTarget(column, options.task ?? inference?.task, options.positiveClass);
  // Which class is positive must not move rows between splits: stratify by the classes in their default order.
  const strata = options.positiveClass === undefined ? target : trainingTarget(column, target.task);
  const plan = spec.kind === 'none' ? undefined : planSplits(options.frame, strata, spec, context.seed);
  const splits = plan?.splits ?? [];
  const metricIds = options.metrics ?? TASK_METRICS[target.task];
  const refit = splits.length === 0 || options.refit !== false;
  const fits = splits.length + (refit ? 1 : 0);
  let fitted = 0;
  const fit = async (rows: Frame): Promise<FittedPipeline> => {
    context.signal?.throwIfAborted();
    const base = fitted;
    const pipeline = await fitPipeline({
      frame: rows,
      target: options.target,
      learner: options.learner,
      ...(options.params === undefined ? {} : { params: options.params }),
      ...(options.steps === undefined ? {} : { steps: options.steps }),
      task: target.task,
      ...(options.positiveClass === undefined ? {} : { positiveClass: options.positiveClass }),
      context: { ...context, progress: (f) => context.progress?.((base + Math.min(1, Math.max(0, f))) / fits) },
    });
    fitted++;
    context.progress?.(fitted / fits);
    return pipeline;
  };

  const perFold: Array<Record<string, number>> = [];
  const skipped: Record<string, string> = {};
  let pipeline: FittedPipeline | undefined;
  for (const split of splits) {
    pipeline = await fit(frame.take(split.train));
    const scored = evaluatePipeline(pipeline, frame.take(split.test), target, metricIds);
    perFold.push(scored.metrics);
    Object.assign(skipped, scored.skipped);
  }
  if (refit) pipeline = await fit(frame);
  const common = {
    pipeline: pipeline as FittedPipeline,
    task: target.task,
    ...(inference === undefined ? {} : { taskReason: inference.reason }),
    ...(target.task === 'binary' ? { positiveClass: target.classes[1] as string } : {}),
    skipped,
    primaryMetric: primaryMetric(target.task),
    fittedOn: { rows: refit ? frame.rowCount : (splits.at(-1) as RowSplit).train.length, allRows: refit },
  };
  if (spec.kind === 'none' || plan === undefined) return { ...common, metrics: {}, evaluation: { kind: 'none' } };
  const where = plan.column === undefined ? {} : { column: plan.column };
  if (spec.kind === 'holdout') {
    const split = splits[0] as RowSplit;
    return {
      ...common,
      metrics: perFold[0] as Record<string, number>,
      evaluation: {
        kind: 'holdout',
        strategy: plan.strategy,
        ...where,
        fraction: spec.fraction ?? DEFAULT_HOLDOUT,
        trainRows: split.train.length,
        testRows: split.test.length,
      },
    };
  }
  // A metric undefined on any fold is left out of the means rather than averaged over fewer folds.
  const foldMetrics: Record<string, number[]> = {};
  const metrics: Record<string, number> = {};
  const metricsStd: Record<string, number> = {};
  for (const id of metricIds) {
    if (id in skipped) continue;
    const values = perFold.map((m) => m[id] as number);
    foldMetrics[id] = values;
    metrics[id] = mean(values);
    metricsStd[id] = Math.sqrt(mean(values.map((v) => (v - (metrics[id] as number)) ** 2)));
  }
  return {
    ...common,
    metrics,
    metricsStd,
    evaluation: { kind: 'cv', strategy: plan.strategy, ...where, folds: spec.folds, foldMetrics },
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
