/**
 * The pure fit-and-evaluate step: plan the splits, fit a pipeline per split and score it, then fit the model to
 * keep. Nothing is written anywhere, so a search can run it hundreds of times; the workspace records the result
 * (run, bundle, model version) only when asked.
 */
import type { Frame } from '../../data/index.js';
import type { FitContext, Learner, Task, TrainingTarget } from '../learner.js';
import { fitPipeline, trainingTarget } from '../pipeline/index.js';
import type { FittedPipeline } from '../pipeline/index.js';
import type { StepSpec } from '../preprocess/index.js';
import { evaluatePipeline, primaryMetric, TASK_METRICS } from './evaluate.js';
import type { EvaluationSpec, SplitStrategy } from './plan-splits.js';
import { DEFAULT_HOLDOUT, planSplits } from './plan-splits.js';

/** What {@link fitAndEvaluate} needs. */
export interface FitEvaluateOptions {
  /** Every labelled row (features, target, and any time/group column). */
  readonly frame: Frame;
  readonly target: string;
  readonly learner: Learner;
  /** Hyperparameters (checked by the learner's schema). */
  readonly params?: Record<string, unknown>;
  /** Task; default inferred from the target column. */
  readonly task?: Task;
  readonly evaluation: EvaluationSpec;
  /** Preprocessing recipe; default chosen from the learner's capabilities. */
  readonly steps?: readonly StepSpec[];
  /** Metric ids to report; default the task's {@link TASK_METRICS}. */
  readonly metrics?: readonly string[];
  /**
   * After cross-validation, fit the kept model on every row (default true). With false the model of the last fold
   * is kept (a search that only needs the score saves one fit).
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
    };

/** The fitted pipeline to keep and its evaluation. */
export interface FitEvaluateResult {
  readonly pipeline: FittedPipeline;
  readonly task: Task;
  /** Holdout values, or the means over the folds. */
  readonly metrics: Record<string, number>;
  /** Metrics undefined on (some of) the validation rows, with the reason. */
  readonly skipped: Record<string, string>;
  readonly primaryMetric: string;
  readonly evaluation: EvaluationSummary;
}

/**
 * Fits `learner` with preprocessing on the training rows of each split, scores it on the split's validation rows,
 * and returns the model to keep with the metrics. Holdout: the model fitted on the training rows. Cross-validation:
 * fold means, and the model refitted on all rows. A group column is not a feature (it only keeps groups together).
 * @throws MLP_ML_UNKNOWN_TARGET is the caller's to check; MLP_DATA_UNKNOWN_COLUMN, MLP_ML_BAD_TRAINING_DATA,
 *   MLP_ML_INVALID_PARAM, MLP_CORE_VALIDATION (splits), or the signal's reason when aborted.
 */
export async function fitAndEvaluate(options: FitEvaluateOptions): Promise<FitEvaluateResult> {
  const { evaluation: spec, context } = options;
  const frame =
    spec.groupColumn === undefined ? options.frame : options.frame.select(options.frame.columnNames.filter((c) => c !== spec.groupColumn));
  const target: TrainingTarget = trainingTarget(options.frame.column(options.target), options.task);
  const plan = planSplits(options.frame, target, spec, context.seed);
  const metricIds = options.metrics ?? TASK_METRICS[target.task];
  const refit = spec.kind === 'cv' && options.refit !== false;
  const fits = plan.splits.length + (refit ? 1 : 0);
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
      context: { ...context, progress: (f) => context.progress?.((base + Math.min(1, Math.max(0, f))) / fits) },
    });
    fitted++;
    context.progress?.(fitted / fits);
    return pipeline;
  };

  const perFold: Array<Record<string, number>> = [];
  const skipped: Record<string, string> = {};
  let pipeline: FittedPipeline | undefined;
  for (const split of plan.splits) {
    pipeline = await fit(frame.take(split.train));
    const scored = evaluatePipeline(pipeline, frame.take(split.test), target, metricIds);
    perFold.push(scored.metrics);
    Object.assign(skipped, scored.skipped);
  }
  const column = plan.column === undefined ? {} : { column: plan.column };
  if (spec.kind === 'holdout') {
    const split = plan.splits[0] as { train: Int32Array; test: Int32Array };
    return {
      pipeline: pipeline as FittedPipeline,
      task: target.task,
      metrics: perFold[0] as Record<string, number>,
      skipped,
      primaryMetric: primaryMetric(target.task),
      evaluation: {
        kind: 'holdout',
        strategy: plan.strategy,
        ...column,
        fraction: spec.fraction ?? DEFAULT_HOLDOUT,
        trainRows: split.train.length,
        testRows: split.test.length,
      },
    };
  }
  // A metric undefined on any fold is left out of the means rather than averaged over fewer folds.
  const foldMetrics: Record<string, number[]> = {};
  const metrics: Record<string, number> = {};
  for (const id of metricIds) {
    if (id in skipped) continue;
    const values = perFold.map((m) => m[id] as number);
    foldMetrics[id] = values;
    metrics[id] = values.reduce((a, b) => a + b, 0) / values.length;
  }
  if (refit) pipeline = await fit(frame);
  return {
    pipeline: pipeline as FittedPipeline,
    task: target.task,
    metrics,
    skipped,
    primaryMetric: primaryMetric(target.task),
    evaluation: { kind: 'cv', strategy: plan.strategy, ...column, folds: spec.folds, foldMetrics },
  };
}
