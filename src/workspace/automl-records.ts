/** How an AutoML search is written down: its parent run's params, the HTML report's input and the JSON summary. */
import { type JsonObject, toJsonObject } from '../core/index.js';
import type { AutomlReportInput, AutomlResult, DataNote, Problem } from '../automl/index.js';
import type { DatasetVersion, ModelVersion } from '../store/index.js';

/** A finished AutoML run: what was found and where it was recorded. */
export interface AutomlRun {
  readonly runId: string;
  readonly dataset: DatasetVersion;
  readonly testDataset?: DatasetVersion;
  readonly modelVersion?: ModelVersion;
  readonly result: AutomlResult;
  /** The self-contained HTML report (also the parent run's artifact `report.html`). */
  readonly report: string;
}

/** A dataset version as `NAME@VERSION`. */
export function ref(version: DatasetVersion): string {
  return `${version.datasetName}@${version.version}`;
}

/** The parent run's params: what was asked and how trials are validated. */
export function parentParams(
  request: { readonly budgetSeconds?: number; readonly maxTrials?: number },
  problem: Problem,
  workers: number,
  dataset: DatasetVersion,
): Record<string, string | number | boolean> {
  const v = problem.spec.validation;
  return {
    target: problem.spec.target,
    task: problem.spec.task,
    metric: problem.spec.metric,
    data: ref(dataset),
    budget_s: request.budgetSeconds ?? 60,
    seed: problem.spec.seed,
    workers,
    validation: `${v.strategy}:${v.kind === 'cv' ? `cv-${v.folds}${(v.repeats ?? 1) > 1 ? `x${v.repeats}` : ''}` : `holdout-${v.fraction}`}${v.timeColumn === undefined ? '' : `:${v.timeColumn}`}`,
    ...(request.maxTrials === undefined ? {} : { max_trials: request.maxTrials }),
    ...(problem.spec.drop.length === 0 ? {} : { dropped: problem.spec.drop.join(',').slice(0, 500) }),
  };
}

/** The report's input from a result. */
export function reportInput(result: AutomlResult, dataset: DatasetVersion, now: number): AutomlReportInput {
  const v = result.spec.validation;
  const importance = importanceOf(result);
  return {
    title: `AutoML: ${dataset.datasetName}@${dataset.version} → ${result.spec.target}`,
    generatedAt: new Date(now).toISOString(),
    task: result.task,
    metric: result.metric.replace(/-/g, '_'),
    higherIsBetter: result.higherIsBetter,
    budgetSeconds: result.budgetSeconds,
    elapsedSeconds: result.elapsedSeconds,
    data: { rows: result.metaFeatures.rows, columns: result.metaFeatures.features, target: result.spec.target, source: ref(dataset) },
    validation: { strategy: v.strategy, folds: v.folds, score: result.ensemble.score },
    notes: result.notes.map((n: DataNote) => ({
      ...(n.column === undefined ? {} : { column: n.column }),
      kind: n.kind,
      message: n.message,
    })),
    trials: result.trials.map((t) => ({
      id: t.id,
      learner: t.config.learner,
      params: t.config.params,
      status: t.status,
      ...(t.score === undefined ? {} : { score: t.score }),
      ...(t.error === undefined ? {} : { error: t.error }),
      fitSeconds: t.fitSeconds,
      endedAtSeconds: t.endedAt,
      rows: t.rows,
      source: t.source,
      ...(typeof t.config.params['@encoding'] === 'string' ? { preprocessing: t.config.params['@encoding'] } : {}),
    })),
    ensemble: result.ensemble.members.map((m) => ({ trial: m.trial, learner: m.learner, weight: m.weight })),
    ensembleScore: result.ensemble.score,
    ...(importance === undefined ? {} : { importance }),
    ...(result.testMetrics === undefined ? {} : { testMetrics: result.testMetrics }),
  };
}

/** The default feature importance of the final model's heaviest member, when its learner has one. */
function importanceOf(result: AutomlResult): { kind: string; features: { feature: string; value: number }[] } | undefined {
  const model = result.lead.pipeline.model;
  const kind = model.importanceKinds?.[0];
  if (kind === undefined || model.featureImportance === undefined) return undefined;
  const values = model.featureImportance(kind);
  return {
    kind: `${kind} of ${result.lead.learner} (trial ${result.lead.trial}, the heaviest member)`,
    features: result.lead.pipeline.featureNames
      .map((feature, i) => ({ feature, value: values[i] as number }))
      .sort((a, b) => b.value - a.value),
  };
}

/** The JSON summary of an AutoML run (`mlpilot automl --json`, the job's result). */
export function automlSummary(run: AutomlRun): JsonObject {
  const r = run.result;
  const label = (id: string): string => id.replace(/-/g, '_');
  const v = r.spec.validation;
  return toJsonObject({
    run_id: run.runId,
    data: ref(run.dataset),
    ...(run.testDataset === undefined ? {} : { test_data: ref(run.testDataset) }),
    task: r.task,
    metric: label(r.metric),
    budget_s: r.budgetSeconds,
    elapsed_s: Math.round(r.elapsedSeconds * 100) / 100,
    stopped_by: r.stoppedBy,
    trials: { count: r.trials.length, failed: r.trials.filter((t) => t.status === 'failed').length },
    best: { trial: r.best.trial, learner: r.best.learner, params: r.best.params, validation_score: r.best.score },
    ensemble: {
      members: r.ensemble.members.map((m) => ({ trial: m.trial, learner: m.learner, params: m.params })),
      weights: r.ensemble.members.map((m) => m.weight),
      validation_score: r.ensemble.score,
    },
    validation: {
      strategy: v.strategy,
      folds: v.folds,
      ...((v.repeats ?? 1) > 1 ? { repeats: v.repeats } : {}),
      ...(v.kind === 'holdout' ? { holdout_fraction: v.fraction } : {}),
      ...(v.timeColumn === undefined ? {} : { time_column: v.timeColumn }),
      score: r.ensemble.score,
    },
    dropped_columns: r.spec.drop,
    notes: r.notes.map((n) => ({ ...(n.column === undefined ? {} : { column: n.column }), kind: n.kind, message: n.message })),
    ...(r.testMetrics === undefined ? {} : { test_metrics: r.testMetrics }),
    ...(run.modelVersion === undefined ? {} : { model: { name: run.modelVersion.modelName, version: run.modelVersion.version } }),
  });
}
