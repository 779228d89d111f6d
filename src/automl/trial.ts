/**
 * One trial: a configuration fitted on the training rows of every split and scored on their validation rows, with
 * every preprocessing step fitted inside the fold. Pure: nothing is written, so a trial runs the same in this
 * thread, a pool thread or a `mlpilot worker` on another machine.
 */
import { type MonotonicClock, type Registry, systemMonotonicClock } from '../core/index.js';
import { schemaOf } from '../data/index.js';
import type { Frame } from '../data/index.js';
import { autoPreprocess, fitPipeline, metricRegistry } from '../ml/index.js';
import type { FitReport, FittedPipeline, Learner, StepSpec, TrainingTarget } from '../ml/index.js';
import type { Problem } from './problem.js';
import { shuffledPrefix } from './sample.js';
import { type Configuration, ENCODING_PARAM, type LearnerPlan, learnerParams } from './space.js';

/** What to run: a configuration, and the resources it gets. */
export interface TrialRequest {
  readonly config: Configuration;
  /** Training rows per split at most (successive halving on rows); default every training row. */
  readonly rows?: number;
  /** Milliseconds one fit may take; a fit that runs out is a failed trial (it overran its share). */
  readonly timeMs?: number;
  readonly threads: number;
}

/** A finished trial. */
export type TrialOutcome =
  | {
      readonly status: 'ok';
      /** The metric on the pooled validation predictions. */
      readonly score: number;
      /**
       * Validation predictions, row-major `validationRows × width` in the order of `Problem.validationRows`:
       * regression values, P(positive class) for binary, class probabilities for multiclass.
       */
      readonly predictions: Float64Array;
      /** Early-stopped learners: the mean best iteration over the splits. */
      readonly iterations?: number;
      readonly fitSeconds: number;
      /** Training rows of the largest split. */
      readonly rows: number;
    }
  | { readonly status: 'failed'; readonly error: string; readonly fitSeconds: number; readonly rows: number };

/** Values per validation row of a task's predictions. */
export function predictionWidth(target: TrainingTarget): number {
  return target.task === 'multiclass' ? target.classes.length : 1;
}

/** A loss to minimise from a metric value. */
export function lossOf(problem: Problem, score: number): number {
  return problem.higherIsBetter ? -score : score;
}

/**
 * The metric of predictions of the validation rows (`width` per row, see {@link TrialOutcome}) against the truth.
 * Label metrics take the most probable class (binary: P ≥ 0.5).
 */
export function scorePredictions(problem: Problem, predictions: Float64Array): number {
  const { target, validationRows } = problem;
  const metric = metricRegistry.get(problem.spec.metric);
  const n = validationRows.length;
  const truth = new Float64Array(n);
  for (let i = 0; i < n; i++) truth[i] = target.y[validationRows[i] as number] as number;
  if (target.task === 'regression') return metric.compute({ yTrue: truth, yPred: predictions });
  const k = target.classes.length;
  if (target.task === 'binary') {
    const yPred = predictions.map((p) => (p >= 0.5 ? 1 : 0));
    return metric.compute({ yTrue: truth, yPred, proba: predictions });
  }
  const yPred = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if ((predictions[i * k + c] as number) > (predictions[i * k + best] as number)) best = c;
    yPred[i] = best;
  }
  return metric.compute({ yTrue: truth, yPred, proba: predictions, nClasses: k });
}

/** The preprocessing recipe of a configuration: the learner's default, with the chosen categorical encoding. */
export function recipeFor(frame: Frame, target: string, learner: Learner, config: Configuration): StepSpec[] {
  const features = schemaOf(frame.select(frame.columnNames.filter((c) => c !== target)));
  const steps = autoPreprocess(features, learner.capabilities);
  if (config.params[ENCODING_PARAM] !== 'target-encode') return steps;
  const at = steps.findIndex((s) => s.step === 'one-hot');
  if (at < 0) return steps;
  // Target encoding (out-of-fold on the training rows) then scaling, as one-hot columns are on a 0/1 scale.
  return [
    ...steps.slice(0, at),
    { step: 'target-encode', options: { types: ['categorical'] } },
    { step: 'scale', options: { method: 'standard' } },
    ...steps.slice(at + 1),
  ];
}

/** What a trial needs from its process. */
export interface TrialDeps {
  readonly learners: Registry<Learner>;
  readonly plans: ReadonlyMap<string, LearnerPlan>;
  readonly clock?: MonotonicClock;
  readonly signal?: AbortSignal;
}

/**
 * Runs a trial. A configuration that throws, or a fit that runs out of its time share, is a failed trial; only an
 * abort of `signal` rejects.
 */
export async function evaluateTrial(problem: Problem, request: TrialRequest, deps: TrialDeps): Promise<TrialOutcome> {
  const clock = deps.clock ?? systemMonotonicClock;
  const started = clock.now();
  const { config } = request;
  const plan = deps.plans.get(config.learner);
  const width = predictionWidth(problem.target);
  const predictions = new Float64Array(problem.validationRows.length * width);
  const iterations: number[] = [];
  let offset = 0;
  let rows = 0;
  const failed = (error: string): TrialOutcome => ({ status: 'failed', error, fitSeconds: (clock.now() - started) / 1000, rows });
  if (plan === undefined) return failed(`learner ${config.learner} is not part of this search`);
  try {
    const steps = recipeFor(problem.frame, problem.spec.target, plan.learner, config);
    for (const [index, split] of problem.splits.entries()) {
      deps.signal?.throwIfAborted();
      const trainRows = subsample(split.train, request.rows, problem, problem.spec.seed + index);
      rows = Math.max(rows, trainRows.length);
      const validation = problem.frame.take(split.test);
      const fit = await fitConfiguration(problem, plan, config, problem.frame.take(trainRows), {
        steps,
        threads: request.threads,
        clock,
        ...(request.timeMs === undefined ? {} : { timeMs: request.timeMs }),
        ...(plan.earlyStopping === undefined ? {} : { validation }),
        ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      });
      if (fit.pipeline.model.training?.stoppedBy === 'time-budget') {
        return failed(`overran its share of ${((request.timeMs ?? 0) / 1000).toFixed(1)} s`);
      }
      if (fit.bestIteration !== undefined) iterations.push(fit.bestIteration);
      predictions.set(validationPredictions(fit.pipeline, validation, problem.target), offset);
      offset += split.test.length * width;
    }
    const score = scorePredictions(problem, predictions);
    if (!Number.isFinite(score)) return failed(`the ${problem.spec.metric} of its predictions is ${score}`);
    const fitSeconds = (clock.now() - started) / 1000;
    return {
      status: 'ok',
      score,
      predictions,
      ...(iterations.length === 0 ? {} : { iterations: iterations.reduce((a, b) => a + b, 0) / iterations.length }),
      fitSeconds,
      rows,
    };
  } catch (error) {
    if (deps.signal?.aborted === true) throw error;
    return {
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      fitSeconds: (clock.now() - started) / 1000,
      rows,
    };
  }
}

/** Options of {@link fitConfiguration}. */
export interface FitConfigurationOptions {
  readonly steps?: readonly StepSpec[];
  readonly threads: number;
  readonly clock?: MonotonicClock;
  readonly signal?: AbortSignal;
  readonly timeMs?: number;
  /** Rows to early-stop on (early-stopped learners only). */
  readonly validation?: Frame;
  /** Iterations to fit without early stopping (the refit of an early-stopped learner). */
  readonly iterations?: number;
}

/** Fits a configuration on `rows` and returns the pipeline with the best iteration seen on the validation rows. */
export async function fitConfiguration(
  problem: Problem,
  plan: LearnerPlan,
  config: Configuration,
  rows: Frame,
  options: FitConfigurationOptions,
): Promise<{ pipeline: FittedPipeline; bestIteration?: number }> {
  const params: Record<string, unknown> = learnerParams(config);
  const stop = plan.earlyStopping;
  if (stop !== undefined) {
    if (options.validation !== undefined) {
      params[stop.param] = stop.cap;
      params.earlyStoppingRounds = stop.patience;
    } else {
      params[stop.param] = Math.max(1, Math.round(options.iterations ?? stop.cap));
      params.earlyStoppingRounds = 0;
    }
  }
  let best: { iteration: number; value: number } | undefined;
  const report = (r: FitReport): void => {
    if (r.validation !== undefined && (best === undefined || r.validation < best.value))
      best = { iteration: r.iteration, value: r.validation };
  };
  const pipeline = await fitPipeline({
    frame: rows,
    target: problem.spec.target,
    learner: plan.learner,
    params,
    steps: options.steps ?? recipeFor(rows, problem.spec.target, plan.learner, config),
    task: problem.spec.task,
    ...(stop !== undefined && options.validation !== undefined ? { validation: options.validation } : {}),
    context: {
      seed: problem.spec.seed,
      threads: options.threads,
      report,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.timeMs === undefined ? {} : { budget: { timeMs: options.timeMs }, clock: options.clock }),
    },
  });
  const found = best as { iteration: number } | undefined;
  return { pipeline, ...(found === undefined ? {} : { bestIteration: found.iteration }) };
}

/** A pipeline's predictions of validation rows in the trial layout (see {@link TrialOutcome}). */
function validationPredictions(pipeline: FittedPipeline, rows: Frame, target: TrainingTarget): Float64Array {
  if (target.task === 'regression') return pipeline.predict(rows);
  const proba = pipeline.predictProba(rows);
  if (target.task === 'multiclass') return proba;
  return Float64Array.from({ length: rows.rowCount }, (_, i) => proba[i * 2 + 1] as number);
}

/**
 * At most `count` of a split's training rows: the latest ones of a temporal split (the most recent past), a seeded
 * random subset otherwise; all of them without a count.
 */
function subsample(train: Int32Array, count: number | undefined, problem: Problem, seed: number): Int32Array {
  if (count === undefined || count >= train.length) return train;
  if (problem.spec.validation.strategy === 'temporal') {
    const times = problem.frame.column(problem.spec.validation.timeColumn as string);
    const order = Int32Array.from(train).sort((a, b) => timeAt(times, a) - timeAt(times, b));
    return order.slice(order.length - count).sort();
  }
  return shuffledPrefix(train, count, seed).slice(0, count).sort();
}

function timeAt(column: ReturnType<Frame['column']>, row: number): number {
  return column.type === 'numeric' || column.type === 'datetime' ? (column.values[row] as number) : row;
}
