/** The test rows of a search: checked before it starts, scored with the final model after it. */
import type { Task } from '../core/index.js';
import { ValidationError } from '../core/index.js';
import type { Frame } from '../data/index.js';
import { conformInput, type FittedEnsemble, type FittedPipeline, metricRegistry, targetLike } from '../ml/index.js';
import { metricLabel, type Problem } from './problem.js';

/** Metrics reported on test rows, by task (the primary metric is added when it is another one). */
export const TEST_METRICS: Readonly<Record<Task, readonly string[]>> = {
  binary: ['roc-auc', 'accuracy'],
  multiclass: ['log-loss', 'balanced-accuracy'],
  regression: ['rmse', 'r2'],
};

/** Checks test rows against the training columns and target before the search spends the budget. */
export function checkTest(test: Frame, problem: Problem): Frame {
  const { spec } = problem;
  if (!test.has(spec.target)) {
    throw ValidationError({ field: 'test', problem: `the test data has no target column ${JSON.stringify(spec.target)}` });
  }
  const features = problem.frame.columns.filter((c) => c.name !== spec.target).map((c) => ({ name: c.name, type: c.type, nullable: true }));
  conformInput(test, features);
  targetLike(test.column(spec.target), problem.target);
  return test;
}

/** The test metrics of the final model, by output label. */
export function scoreTest(model: FittedPipeline | FittedEnsemble, test: Frame, problem: Problem): Record<string, number> {
  const { spec } = problem;
  const truth = targetLike(test.column(spec.target), problem.target).y;
  const ids = [...new Set([spec.metric, ...TEST_METRICS[spec.task]])];
  const out: Record<string, number> = {};
  const values = model.predict(test);
  let proba: Float64Array | undefined;
  if (spec.task !== 'regression') {
    const all = model.predictProba(test);
    proba = spec.task === 'binary' ? Float64Array.from({ length: test.rowCount }, (_, i) => all[i * 2 + 1] as number) : all;
  }
  const k = problem.target.task === 'regression' ? 0 : problem.target.classes.length;
  for (const id of ids) {
    const metric = metricRegistry.get(id);
    try {
      out[metricLabel(id)] = metric.compute({
        yTrue: truth,
        yPred: values,
        ...(proba === undefined ? {} : { proba }),
        ...(spec.task === 'multiclass' ? { nClasses: k } : {}),
      });
    } catch {
      // A metric undefined on these rows (one class only) is left out rather than faked.
    }
  }
  return out;
}
