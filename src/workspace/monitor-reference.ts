/**
 * The reference of a model version for performance monitoring: the rows it was validated on, scored by the model
 * that was validated on them, with their labels. Training (training-service.ts) records on the version's run
 * everything the evaluation depended on — the dataset version (`data`), target, task, positive class, learner and
 * its parameters, `evaluation` (holdout fraction or folds), `split` (strategy and time/group column) and `seed` —
 * and the engine's splits are deterministic in them, so the validation rows are rebuilt exactly. The registered
 * bundle was fitted on every row afterwards (validation rows included), so its outputs on those rows are in-sample;
 * the reference outputs are those of the split's model, refitted here from the same inputs, as the evaluation
 * scored them. The rebuild is checked: the run's recorded primary metric must come out again (to 1e-9), or the
 * reference is refused (`MLP_MONITOR_REFERENCE_MISMATCH`).
 *
 * The fallback for a version whose split cannot be rebuilt (imported, AutoML ensembles, trained without
 * evaluation) is a labelled dataset version named by the user, scored by the registered bundle.
 */
import type { ArtifactStore } from '../artifacts/index.js';
import { NoReferenceError, PerformanceReferenceError, ReferenceMismatchError, type Registry } from '../core/index.js';
import type { Frame } from '../data/index.js';
import type { EvaluationSpec, Learner, Task, TrainingTarget } from '../ml/index.js';
import type { ModelVersion, Store } from '../store/index.js';
import { loadDatasetFrame } from './data-source.js';
import type { PredictionService } from './prediction-service.js';
import { parseRef } from './refs.js';

/** Format of a stored reference document; a newer one is rebuilt, never misread. */
export const REFERENCE_FORMAT_VERSION = 1;

/** Where the reference rows came from. */
export type ReferenceSource =
  | {
      readonly kind: 'validation';
      /** The run's dataset version `NAME@VER`. */
      readonly dataset: string;
      /** `holdout-<fraction>` or `cv-<folds>` (out-of-fold rows of every fold). */
      readonly evaluation: string;
      /** `stratified`, `random`, `grouped:<col>` or `temporal:<col>`. */
      readonly split: string;
      readonly seed: number;
      /** The run's recorded primary metric and the same metric on the rebuilt rows (equal to 1e-9). */
      readonly check: { readonly metric: string; readonly recorded: number; readonly rebuilt: number };
    }
  | {
      readonly kind: 'dataset';
      readonly dataset: string;
      /** Its label column. */
      readonly target: string;
    };

/** A model version's scored reference rows. */
export interface ReferenceData {
  readonly formatVersion: number;
  readonly model: string;
  readonly version: number;
  readonly task: Task;
  /** Class labels (index = class code) for classifiers. */
  readonly classes?: readonly string[];
  readonly target: string;
  readonly source: ReferenceSource;
  /** Predicted values (regression) or class codes. */
  readonly yPred: number[];
  /** Labels (regression values or class codes). */
  readonly yTrue: number[];
  /** Row-major rows × classes probabilities (classifiers). */
  readonly proba?: number[];
  /** The model's input columns. */
  readonly inputNames: readonly string[];
  /** Input values per row, as `predict --log` stores them (the frame's row objects). */
  readonly inputs: ReadonlyArray<Record<string, number | string | boolean | null>>;
}

/** What building a reference needs. */
export interface ReferenceDeps {
  readonly store: Store;
  readonly artifacts: ArtifactStore;
  readonly predictions: PredictionService;
  readonly learners: () => Promise<Registry<Learner>>;
}

/** Turns a recorded `param.<key>` string back into the value the learner's schema parsed (JSON when it is JSON). */
function paramValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Appends without spreading into arguments (a large fold would overflow the call stack). */
function append(out: number[], values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) out.push(values[i] as number);
}

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function inputRows(frame: Frame, names: readonly string[]): Array<Record<string, number | string | boolean | null>> {
  return frame.select(names.filter((name) => frame.has(name))).toRows();
}

/** A target description for {@link targetLike}: the task and classes labels are encoded with. */
function likeTarget(task: Task, classes: readonly string[] | undefined): TrainingTarget {
  return task === 'regression' ? { task, y: new Float64Array(0) } : { task, y: new Int32Array(0), classes: classes ?? [] };
}

/** The class labels of a version's signature (undefined for a regressor or an unreadable signature). */
export function signatureClasses(version: ModelVersion): readonly string[] | undefined {
  const output = (version.signature as { output?: { classes?: unknown } } | null)?.output;
  return Array.isArray(output?.classes) ? output.classes.map(String) : undefined;
}

/**
 * Rebuilds the validation rows of `version` from its run and scores them with the split's model.
 * @throws MLP_MONITOR_NO_REFERENCE when the version has no run, or its run lacks what a rebuild needs;
 *   MLP_MONITOR_REFERENCE_MISMATCH when the rebuilt rows do not give the recorded metric back.
 */
export async function validationReference(deps: ReferenceDeps, version: ModelVersion): Promise<ReferenceData> {
  const model = `${version.modelName}@${version.version}`;
  const refuse = (problem: string): Error => NoReferenceError({ model, problem });
  if (version.runId === null) throw refuse('it was imported or registered without a training run');
  const run = await deps.store.runs.get(version.runId);
  const p = run.params;
  if (p['evaluation'] === 'none') throw refuse(`its run ${run.id} held no rows out (holdout 0): every row trained the model`);
  const needed = ['data', 'target', 'task', 'learner', 'evaluation', 'split', 'seed'];
  const absent = needed.filter((key) => p[key] === undefined);
  if (absent.length > 0) throw refuse(`its run ${run.id} records no ${absent.join(', ')} (not a single-learner training)`);
  const evaluation = p['evaluation'] as string;
  const match = /^(holdout|cv)-([0-9.]+)$/.exec(evaluation);
  if (match === null) throw refuse(`its run ${run.id} was not evaluated on held-out rows (evaluation ${JSON.stringify(evaluation)})`);
  const [strategy, column] = (p['split'] as string).split(':', 2) as [string, string | undefined];
  const seed = Number(p['seed']);
  const task = p['task'] as Task;
  const target = p['target'] as string;
  const positiveClass = p['positive_class'];
  const ml = await import('../ml/index.js');
  const learner = (await deps.learners()).get(p['learner'] as string);
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(p)) if (key.startsWith('param.')) raw[key.slice(6)] = paramValue(value);
  const params = ml.parseLearnerParams(learner.id, learner.params, raw, learner.paramAliases) as Record<string, unknown>;
  const ref = parseRef(p['data'] as string, 'data');
  const dataset = await deps.store.datasets.getVersion(ref.name, ref.version ?? 'latest');
  const frame = await loadDatasetFrame(deps, dataset);
  const where = {
    ...(strategy === 'temporal' && column !== undefined ? { timeColumn: column } : {}),
    ...(strategy === 'grouped' && column !== undefined ? { groupColumn: column } : {}),
  };
  const spec: EvaluationSpec =
    match[1] === 'cv' ? { kind: 'cv', folds: Number(match[2]), ...where } : { kind: 'holdout', fraction: Number(match[2]), ...where };
  // As fitAndEvaluate: strata by the classes in their default order; the group column is not a feature.
  const strata = ml.trainingTarget(frame.column(target), task);
  const plan = ml.planSplits(frame, strata, spec, seed);
  const features = where.groupColumn === undefined ? frame : frame.select(frame.columnNames.filter((c) => c !== where.groupColumn));
  const primary = ml.primaryMetric(task);
  const yPred: number[] = [];
  const yTrue: number[] = [];
  const proba: number[] = [];
  const inputs: Array<Record<string, number | string | boolean | null>> = [];
  const foldValues: number[] = [];
  let classes: readonly string[] | undefined;
  let inputNames: readonly string[] = [];
  for (const split of plan.splits) {
    const pipeline = await ml.fitPipeline({
      frame: features.take(split.train),
      target,
      learner,
      params,
      task,
      ...(positiveClass === undefined ? {} : { positiveClass }),
      context: { seed, threads: 1 },
    });
    const test = features.take(split.test);
    // Labels encoded with the pipeline's classes (its positive class second), as fitAndEvaluate scores them.
    const like = likeTarget(pipeline.task, pipeline.classes);
    const scored = ml.evaluatePipeline(pipeline, test, like, [primary]);
    const value = scored.metrics[primary];
    if (value === undefined)
      throw refuse(`${primary} is undefined on the rebuilt validation rows (${Object.values(scored.skipped).join('; ')})`);
    foldValues.push(value);
    classes = pipeline.classes;
    inputNames = pipeline.inputSchema.map((c) => c.name);
    append(yTrue, ml.targetLike(test.column(target), like).y);
    append(yPred, pipeline.predict(test));
    if (task !== 'regression') {
      if (pipeline.model.predictProba === undefined) throw refuse(`learner ${learner.id} gives no class probabilities; CBPE needs them`);
      append(proba, pipeline.predictProba(test));
    }
    for (const row of inputRows(test, inputNames)) inputs.push(row);
  }
  const rebuilt = foldValues.reduce((a, v) => a + v, 0) / foldValues.length;
  const recorded = run.metrics[primary] ?? version.metrics[primary];
  if (recorded === undefined) throw refuse(`its run ${run.id} recorded no ${primary} to check the rebuilt rows against`);
  if (!sameValue(recorded, rebuilt)) throw ReferenceMismatchError({ model, metric: primary, recorded, rebuilt });
  const registered = signatureClasses(version);
  if (classes !== undefined && registered !== undefined && registered.join('\u0000') !== classes.join('\u0000')) {
    throw refuse(`the split's model has classes ${classes.join(', ')} but the registered one ${registered.join(', ')}`);
  }
  return {
    formatVersion: REFERENCE_FORMAT_VERSION,
    model: version.modelName,
    version: version.version,
    task,
    ...(classes === undefined ? {} : { classes }),
    target,
    source: {
      kind: 'validation',
      dataset: `${dataset.datasetName}@${dataset.version}`,
      evaluation,
      split: p['split'] as string,
      seed,
      check: { metric: primary, recorded, rebuilt },
    },
    yPred,
    yTrue,
    ...(task === 'regression' ? {} : { proba }),
    inputNames,
    inputs,
  };
}

/**
 * A labelled dataset version scored by the registered bundle of `version`: the fallback reference. The rows must
 * not have been used to train the version (they would look better than production); the caller's word is taken.
 * @throws MLP_STORE_NOT_FOUND; MLP_MONITOR_PERF_REFERENCE when the data lacks the target column or the model gives
 *   no probabilities; MLP_ML_BAD_TRAINING_DATA for a label the model does not know.
 */
export async function datasetReference(
  deps: ReferenceDeps,
  version: ModelVersion,
  data: string,
  labelColumn?: string,
): Promise<ReferenceData> {
  const ref = parseRef(data, 'reference');
  const dataset = await deps.store.datasets.getVersion(ref.name, ref.version ?? 'latest');
  const frame = await loadDatasetFrame(deps, dataset);
  const loaded = await deps.predictions.load(`${version.modelName}@${version.version}`);
  const signature = loaded.manifest.signature;
  await loaded.scorer.close();
  const target = labelColumn ?? signature.output.name;
  if (!frame.has(target)) {
    throw PerformanceReferenceError({
      field: labelColumn === undefined ? 'reference' : 'referenceTarget',
      problem:
        `${dataset.datasetName}@${dataset.version} has no column ${JSON.stringify(target)} ` +
        `(${labelColumn === undefined ? "the model's target; name the label column with --reference-target" : 'the label column given'}); ` +
        `columns: ${frame.columnNames.join(', ')}`,
    });
  }
  const scored = await deps.predictions.predictFrame(`${version.modelName}@${version.version}`, frame);
  const ml = await import('../ml/index.js');
  const classes = scored.classes;
  const task = scored.task;
  if (task !== 'regression' && (scored.proba === undefined || classes === undefined)) {
    throw PerformanceReferenceError({
      field: 'model',
      problem: `${version.modelName}@${version.version} gives no class probabilities; CBPE needs them`,
    });
  }
  const truth = ml.targetLike(frame.column(target), likeTarget(task, classes));
  const inputNames = signature.inputs.map((c) => c.name);
  return {
    formatVersion: REFERENCE_FORMAT_VERSION,
    model: version.modelName,
    version: version.version,
    task,
    ...(classes === undefined ? {} : { classes }),
    target,
    source: { kind: 'dataset', dataset: `${dataset.datasetName}@${dataset.version}`, target },
    yPred: [...scored.values],
    yTrue: [...truth.y],
    ...(scored.proba === undefined ? {} : { proba: [...scored.proba] }),
    inputNames,
    inputs: inputRows(frame, inputNames),
  };
}
