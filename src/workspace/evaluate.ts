import type { Frame } from '../data/index.js';
import type { FittedPipeline, Task, TrainingTarget } from '../ml/index.js';

/** The metrics reported for each task; the first one is the primary metric. */
export const TASK_METRICS: Readonly<Record<Task, readonly string[]>> = {
  regression: ['rmse', 'mae', 'r2'],
  binary: ['roc-auc', 'log-loss', 'accuracy', 'f1'],
  multiclass: ['log-loss', 'accuracy', 'f1-macro', 'balanced-accuracy'],
};

/**
 * Scores a fitted pipeline on labelled rows with the task's metrics (ids of the metric registry). Asynchronous
 * because the engine is imported on first use, so that opening a workspace does not load it (issue 13 §7).
 */
export async function evaluatePipeline(pipeline: FittedPipeline, frame: Frame, train: TrainingTarget): Promise<Record<string, number>> {
  const { metricRegistry, targetLike } = await import('../ml/index.js');
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
  for (const id of TASK_METRICS[pipeline.task]) {
    const metric = metricRegistry.get(id);
    if (metric.input === 'proba' && proba === undefined) continue;
    try {
      out[id] = metric.compute({
        yTrue: truth.y,
        yPred,
        ...(proba === undefined ? {} : { proba }),
        ...(pipeline.task === 'multiclass' ? { nClasses: k } : {}),
      });
    } catch {
      // A metric undefined on this holdout (e.g. ROC AUC when it holds one class) is left out, not faked.
    }
  }
  return out;
}
