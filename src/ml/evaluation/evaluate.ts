/** Scoring a fitted pipeline on labelled rows with the metrics of its task. */
import { MetricInputError } from '../../core/index.js';
import type { Frame } from '../../data/index.js';
import type { Task, TrainingTarget } from '../learner.js';
import { metricRegistry } from '../metrics/index.js';
import type { FittedPipeline } from '../pipeline/index.js';
import { targetLike } from '../pipeline/index.js';

/** The metrics reported for each task; the first one is the primary metric. */
export const TASK_METRICS: Readonly<Record<Task, readonly string[]>> = {
  regression: ['rmse', 'mae', 'r2'],
  binary: ['roc-auc', 'log-loss', 'accuracy', 'f1'],
  multiclass: ['log-loss', 'accuracy', 'f1-macro', 'balanced-accuracy'],
};

/** The primary metric of a task (the first of {@link TASK_METRICS}). */
export function primaryMetric(task: Task): string {
  return TASK_METRICS[task][0] as string;
}

/** Metric values by metric id, and the metrics left out with the reason. */
export interface Evaluation {
  readonly metrics: Record<string, number>;
  /**
   * Metrics that are undefined on these rows (e.g. ROC AUC on rows of one class, or a probability metric for a
   * model without probabilities), with why; they are left out rather than faked.
   */
  readonly skipped: Record<string, string>;
}

/**
 * Scores a fitted pipeline on labelled rows with the task's metrics (ids of the metric registry), or with
 * `metrics` when given.
 * @throws MLP_ML_BAD_TRAINING_DATA when the rows' target has missing values or classes unseen in training; any
 *   error other than a metric's MLP_ML_METRIC_INPUT (a metric undefined on these rows) propagates.
 */
export function evaluatePipeline(
  pipeline: FittedPipeline,
  frame: Frame,
  train: TrainingTarget,
  metrics: readonly string[] = TASK_METRICS[pipeline.task],
): Evaluation {
  const truth = targetLike(frame.column(pipeline.target), train);
  const yPred = pipeline.predict(frame);
  const k = pipeline.classes?.length ?? 0;
  let proba: Float64Array | undefined;
  if (pipeline.task !== 'regression' && pipeline.model.predictProba !== undefined) {
    const all = pipeline.predictProba(frame);
    // Binary metrics take P(class 1); multiclass ones the full row-major matrix.
    proba = pipeline.task === 'binary' ? Float64Array.from({ length: frame.rowCount }, (_, i) => all[i * 2 + 1] as number) : all;
  }
  const out: Record<string, number> = {};
  const skipped: Record<string, string> = {};
  for (const id of metrics) {
    const metric = metricRegistry.get(id);
    if (metric.input === 'proba' && proba === undefined) {
      skipped[id] = `the ${pipeline.model.learner} model gives no probabilities`;
      continue;
    }
    try {
      out[id] = metric.compute({
        yTrue: truth.y,
        yPred,
        ...(proba === undefined ? {} : { proba }),
        ...(pipeline.task === 'multiclass' ? { nClasses: k } : {}),
      });
    } catch (error) {
      if (!MetricInputError.is(error)) throw error;
      skipped[id] = error.message;
    }
  }
  return { metrics: out, skipped };
}
