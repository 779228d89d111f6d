import type { ArtifactStore } from '../artifacts/index.js';
import {
  type Clock,
  FileNotFoundError,
  InvalidParamError,
  type Registry,
  type SplitMode,
  toJsonObject,
  UnknownTargetError,
  UsageError,
} from '../core/index.js';
import { type Frame, tableFileFormat } from '../data/index.js';
import type { EvaluationSpec, EvaluationSummary, FitEvaluateResult, Learner, NoEvaluation, Task } from '../ml/index.js';
import type { DatasetVersion, ModelVersion, Store, WriteContext } from '../store/index.js';
import type { DatasetService } from './dataset-service.js';
import { trainOptionConflict } from './job-payloads.js';
import type { ModelService } from './model-service.js';
import { type DataSource, loadDatasetFrame, readDataSource, type ReadSource } from './data-source.js';
import { optional } from './optional.js';
import type { Tracker } from './tracker.js';

/**
 * What `mlpilot train` and `POST /api/v1/train` ask for: the data is a registered dataset version, or (this
 * process only, never from a request) a local file registered as a dataset version once the request is valid.
 */
export type TrainRequest = TrainSpec & DataSource;

/** Everything of a {@link TrainRequest} but where the data comes from. */
export interface TrainSpec {
  target: string;
  learner: string;
  params?: Record<string, unknown>;
  /** Registered model name; default `<dataset>-<learner>`. */
  model?: string;
  experiment?: string;
  /**
   * Fraction of rows held out for evaluation (default 0.2); 0: no evaluation at all. Not with `cv`. The registered
   * model is fitted on every row either way, after the evaluation.
   */
  holdout?: number;
  /** k-fold cross-validation instead of a holdout: metrics are fold means (with their standard deviations). */
  cv?: number;
  /** Split by this date/time (or numeric) column: train on the past, validate on the future. */
  timeColumn?: string;
  /** Keep the rows of each value of this column on one side of every split (the column is not a feature). */
  groupColumn?: string;
  /**
   * Without a time or group column: `auto` (default) splits by time when the data has exactly one date/time column
   * (`chooseSplit`), `random` at random.
   */
  split?: SplitMode;
  /** Default inferred from the target (`inferTask`). */
  task?: Task;
  /** The positive class of a binary target (default the second of its sorted labels). */
  positiveClass?: string;
  seed?: number;
  threads?: number;
}

/** What a training did: the run, the registered version and the evaluation. */
export interface TrainResult {
  runId: string;
  modelVersion: ModelVersion;
  dataset: DatasetVersion;
  task: Task;
  /** Why the task was inferred; absent when the request gave it. */
  taskReason?: string;
  /** A binary model's positive class: the class ROC AUC and F1 treat as positive. */
  positiveClass?: string;
  /** Holdout values or fold means; empty without evaluation (`holdout: 0`). */
  metrics: Record<string, number>;
  /** Cross-validation: each metric's standard deviation over the folds. */
  metricsStd?: Record<string, number>;
  /** Metrics left out because they are undefined on the validation rows, with why. */
  skipped: Record<string, string>;
  primaryMetric: string;
  evaluation: EvaluationSummary;
  /** Why the split was chosen, when the request named no time or group column (`chooseSplit`). */
  splitReason?: string;
  /** The rows the registered model was fitted on. */
  fittedOn: { rows: number; allRows: boolean };
}

/** Cancellation and progress of one training. */
export interface TrainOptions {
  readonly signal?: AbortSignal;
  /** Fraction of the fits done (0..1). */
  readonly progress?: (fraction: number) => void;
}

/** A training request checked against its data, with nothing written yet. */
interface PreparedTraining {
  readonly request: TrainRequest;
  readonly learner: Learner;
  readonly params: Record<string, unknown>;
  readonly frame: Frame;
  readonly evaluation: EvaluationSpec | NoEvaluation;
  readonly splitReason: string | undefined;
  readonly seed: number;
  /** Records a data file as a dataset version (a registered version is returned as it is). */
  readonly register: (ctx: WriteContext) => Promise<DatasetVersion>;
}

/**
 * Training as the edges use it: validate the request against its data, fit and evaluate with the engine's pure
 * {@link fitAndEvaluate}, then record the result (a run with params, metrics, input dataset version and git commit,
 * the bundle as run artifacts, and the next model version). A search that fits many pipelines calls the engine
 * directly and records only what it keeps, through {@link TrainingService.record}.
 */
export class TrainingService {
  readonly #deps: TrainingServiceDeps;

  constructor(deps: TrainingServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Fits `learner` on the data (preprocessing chosen from the learner's capabilities), evaluates it on a holdout
   * or by cross-validation (random, stratified, grouped or temporal), and records and registers it.
   * @throws MLP_CORE_UNKNOWN_ID (learner), MLP_ML_INVALID_PARAM, MLP_ML_UNKNOWN_TARGET, MLP_ML_BAD_TRAINING_DATA,
   *   MLP_CORE_VALIDATION (split options) — all before anything is written; the signal's reason when aborted.
   */
  async train(request: TrainRequest, ctx: WriteContext, options: TrainOptions = {}): Promise<TrainResult> {
    const prepared = await this.#prepare(request);
    // Only now, with the request known to be valid, may a data file become a dataset version.
    const dataset = await prepared.register(ctx);
    const startTime = this.#deps.clock.now();
    const { fitAndEvaluate } = await import('../ml/index.js');
    const fit = await fitAndEvaluate({
      frame: prepared.frame,
      target: request.target,
      learner: prepared.learner,
      params: prepared.params,
      ...(request.task === undefined ? {} : { task: request.task }),
      ...(request.positiveClass === undefined ? {} : { positiveClass: request.positiveClass }),
      evaluation: prepared.evaluation,
      context: {
        seed: prepared.seed,
        threads: request.threads ?? 1,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.progress === undefined ? {} : { progress: options.progress }),
      },
    });
    const { learner, params, seed, splitReason } = prepared;
    return this.record(
      fit,
      { request, learner, params, dataset, seed, startTime, ...(splitReason === undefined ? {} : { splitReason }) },
      ctx,
    );
  }

  /**
   * Checks a request as {@link train} does and registers its data file, if any, without fitting: the payload of a
   * `train` job (its data a dataset version reference) for a runner to fit, record and register.
   * @throws what {@link train} throws before writing.
   */
  async jobPayload(request: TrainRequest, ctx: WriteContext): Promise<TrainSpec & { data: string }> {
    const prepared = await this.#prepare(request);
    const dataset = await prepared.register(ctx);
    // The registered version records the delimiter its file was read with; the job reads it from there.
    const { file: _file, data: _data, delimiter: _delimiter, ...spec } = request;
    return { ...spec, data: `${dataset.datasetName}@${dataset.version}` };
  }

  /**
   * Checks everything a training can check before it writes: option conflicts, learner, params, data, target,
   * positive class and split; chooses the split when the request names no time or group column.
   */
  async #prepare(request: TrainRequest): Promise<PreparedTraining> {
    const conflict = trainOptionConflict(request);
    if (conflict !== undefined) throw UsageError({ problem: conflict.problem });
    const { chooseSplit, parseLearnerParams, planSplits, trainingTarget } = await import('../ml/index.js');
    const learner = (await this.#deps.learners()).get(request.learner);
    const params = parseLearnerParams(learner.id, learner.params, request.params ?? {}, learner.paramAliases);
    const seed = request.seed ?? 0;
    const data = await this.#readData(request);
    if (!data.frame.has(request.target)) {
      throw UnknownTargetError({ target: request.target, data: data.label, columns: [...data.frame.columnNames] });
    }
    const target = trainingTarget(data.frame.column(request.target), request.task, request.positiveClass);
    let evaluation: EvaluationSpec | NoEvaluation = { kind: 'none' };
    let splitReason: string | undefined;
    if (request.holdout !== 0) {
      const { timeColumn, groupColumn } = request;
      const choice =
        timeColumn === undefined && groupColumn === undefined ? chooseSplit(data.frame, [request.target], request.split) : undefined;
      splitReason = choice?.reason;
      const columns = optional({ timeColumn: timeColumn ?? choice?.timeColumn, groupColumn });
      const spec: EvaluationSpec =
        request.cv === undefined
          ? { kind: 'holdout', ...optional({ fraction: request.holdout }), ...columns }
          : { kind: 'cv', folds: request.cv, ...columns };
      planSplits(data.frame, target, spec, seed);
      evaluation = spec;
    }
    return { request, learner, params, frame: data.frame, evaluation, splitReason, seed, register: data.register };
  }

  /** Reads the training data without writing anything; `register` records a file as a dataset version later. */
  #readData(request: TrainRequest): Promise<ReadSource> {
    return readDataSource(
      this.#deps,
      request.file === undefined ? { data: request.data } : { file: request.file, ...optional({ delimiter: request.delimiter }) },
    );
  }

  /** The rows of a stored dataset version, read back from the artifact store (hash-verified). */
  loadFrame(version: DatasetVersion): Promise<Frame> {
    return loadDatasetFrame(this.#deps, version);
  }

  /**
   * Records a fit: a run in `request.experiment` (params — among them `task`, `positive_class`, `evaluation`, `split`
   * and what the model was `fitted_on` —, tags with why the task and the split were chosen, the metrics with
   * `<metric>_std` after cross-validation, the input dataset version, the git commit, the bundle as artifacts under
   * `model/`) and the bundle as the next version of the model. The run ends `failed` when anything after its start
   * fails.
   */
  async record(
    fit: FitEvaluateResult,
    meta: {
      request: TrainRequest;
      learner: Learner;
      params: Record<string, unknown>;
      dataset: DatasetVersion;
      seed: number;
      startTime?: number;
      /** Why the split was chosen (`chooseSplit`), when the request named no time or group column. */
      splitReason?: string;
    },
    ctx: WriteContext,
  ): Promise<TrainResult> {
    const { request, learner, dataset } = meta;
    const { pipeline, metrics, evaluation } = fit;
    const dataRef = `${dataset.datasetName}@${dataset.version}`;
    const modelName = request.model ?? `${dataset.datasetName}-${learner.id}`.slice(0, 128);
    const runParams: Record<string, string | number | boolean> = {
      learner: learner.id,
      target: request.target,
      task: fit.task,
      ...(fit.positiveClass === undefined ? {} : { positive_class: fit.positiveClass }),
      data: dataRef,
      seed: meta.seed,
      evaluation:
        evaluation.kind === 'cv' ? `cv-${evaluation.folds}` : evaluation.kind === 'holdout' ? `holdout-${evaluation.fraction}` : 'none',
      ...(evaluation.kind === 'none'
        ? {}
        : { split: evaluation.column === undefined ? evaluation.strategy : `${evaluation.strategy}:${evaluation.column}` }),
      fitted_on: fit.fittedOn.allRows ? 'all-rows' : 'training-split',
      fit_rows: fit.fittedOn.rows,
    };
    for (const [key, value] of Object.entries(meta.params))
      runParams[`param.${key}`] = typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean);
    const tags: Record<string, string> = {
      'mlpilot.model': modelName,
      'mlpilot.task_reason': fit.taskReason === undefined ? 'given' : `inferred: ${fit.taskReason}`,
      ...(meta.splitReason === undefined ? {} : { 'mlpilot.split_reason': meta.splitReason }),
    };
    const tracker = this.#deps.tracker(ctx);
    const run = await tracker.startRun({
      experiment: request.experiment ?? 'train',
      name: `${learner.id}-${dataset.datasetName}`,
      params: runParams,
      tags,
      inputs: [{ dataset: dataRef, role: 'train' }],
      ...(meta.startTime === undefined ? {} : { startTime: meta.startTime }),
    });
    try {
      const std = Object.fromEntries(Object.entries(fit.metricsStd ?? {}).map(([id, value]) => [`${id}_std`, value]));
      await run.logMetrics({ ...metrics, ...std });
      const stored = await tracker.getRun(run.id);
      const { nativeBundle } = await import('../ml/index.js');
      const bundle = nativeBundle(pipeline, {
        metrics,
        lineage: { runId: run.id, datasetVersionIds: [dataset.id], ...(stored.gitCommit === null ? {} : { gitCommit: stored.gitCommit }) },
      });
      await run.logBundle('model', bundle);
      await run.end('finished');
      const modelVersion = await this.#deps.models.registerFromRun(
        { name: modelName, runId: run.id, artifactPath: 'model', signature: toJsonObject(bundle.signature) },
        ctx,
      );
      return {
        runId: run.id,
        modelVersion,
        dataset,
        task: fit.task,
        ...(fit.taskReason === undefined ? {} : { taskReason: fit.taskReason }),
        ...(fit.positiveClass === undefined ? {} : { positiveClass: fit.positiveClass }),
        metrics,
        ...(fit.metricsStd === undefined ? {} : { metricsStd: fit.metricsStd }),
        skipped: fit.skipped,
        primaryMetric: fit.primaryMetric,
        evaluation,
        ...(meta.splitReason === undefined ? {} : { splitReason: meta.splitReason }),
        fittedOn: fit.fittedOn,
      };
    } catch (error) {
      await run.end('failed').catch(() => undefined);
      throw error;
    }
  }
}

/** What a {@link TrainingService} is built from. */
export interface TrainingServiceDeps {
  store: Store;
  artifacts: ArtifactStore;
  clock: Clock;
  datasets: DatasetService;
  models: ModelService;
  tracker: (ctx: WriteContext) => Tracker;
  /** The learners `train` can use (the workspace's registry, made on first use). */
  learners: () => Promise<Registry<Learner>>;
}

/**
 * Parses `key=value` assignments from the command line: numbers, `true`/`false` and JSON arrays/objects become
 * typed values, anything else stays a string (the learner's schema has the final word).
 */
export function parseParamAssignments(assignments: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw InvalidParamError({ learner: '(any)', param: assignment, problem: 'expected key=value' });
    const key = assignment.slice(0, eq);
    const raw = assignment.slice(eq + 1);
    let value: unknown = raw;
    if (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw)) value = Number(raw);
    else if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (/^[[{]/.test(raw)) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    out[key] = value;
  }
  return out;
}

/**
 * How the CLI reads `--data`: a value that looks like a path — it has a path separator (which no dataset name
 * has) or ends in a table extension (`.csv`, `.parquet`, …; see `tableFileFormat`) — is a file to register, found
 * at `resolved` (the argument resolved against the project directory); anything else (`NAME`, `NAME@VERSION`) is
 * a dataset reference. A dataset whose name ends in a table extension is referenced with its version
 * (`iris.csv@1`).
 * @throws MLP_DATA_FILE_NOT_FOUND naming `resolved` when it looks like a path and nothing is there (a typo such
 *   as `./irs.csv` is a missing file, not an invalid dataset name).
 */
export function trainData(data: string, resolved: string, exists: (path: string) => boolean): { file: string } | { data: string } {
  const looksLikePath = data.includes('/') || data.includes('\\') || tableFileFormat(data) !== undefined;
  if (!looksLikePath) return { data };
  if (!exists(resolved)) throw FileNotFoundError({ file: resolved });
  return { file: resolved };
}
