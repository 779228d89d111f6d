import { existsSync } from 'node:fs';
import { basename } from 'node:path';

import type { ArtifactStore } from '../artifacts/index.js';
import { type Clock, InvalidParamError, type JsonObject, type Registry, TrainingDataError, UnknownTargetError } from '../core/index.js';
import { type Frame, readTable, readTableBytes } from '../data/index.js';
import type { FittedPipeline, LearnerDefinition, Signature, Task } from '../ml/index.js';
import type { DatasetVersion, ModelVersion, Store, WriteContext } from '../store/index.js';
import type { DatasetService } from './dataset-service.js';
import { evaluatePipeline, TASK_METRICS } from './evaluate.js';
import type { ModelService } from './model-service.js';
import { parseRef } from './refs.js';
import { assignFoldsStratified, holdoutSplit } from './split.js';
import type { Tracker } from './tracker.js';

/** What `mlpilot train` asks for. */
export interface TrainRequest {
  /** `NAME[@VERSION]` of a registered dataset, or a data file (registered first, named after the file). */
  data: string;
  target: string;
  learner: string;
  params?: Record<string, unknown>;
  /** Registered model name; default `<dataset>-<learner>`. */
  model?: string;
  experiment?: string;
  /** Fraction of rows held out for evaluation (default 0.2); ignored when `cv` is set. */
  holdout?: number;
  /** k-fold cross-validation instead of a holdout: metrics are fold means, the model is fitted on all rows. */
  cv?: number;
  task?: Task;
  seed?: number;
  threads?: number;
}

export interface TrainResult {
  runId: string;
  modelVersion: ModelVersion;
  dataset: DatasetVersion;
  task: Task;
  metrics: Record<string, number>;
  primaryMetric: string;
  evaluation: { kind: 'holdout'; fraction: number; trainRows: number; testRows: number } | { kind: 'cv'; folds: number };
}

const DATA_FILE = /\.(csv|tsv|tab|jsonl|ndjson|parquet|pq)(\.gz)?$/i;

/**
 * Trains, evaluates and registers models as tracked runs; everything is validated before anything is written.
 * The engine (`ml/`) is imported when a method needs it, so that opening a workspace does not load it.
 */
export class TrainingService {
  /** The learners `train` can use: the provider given to the constructor, else the built-in registry (made once). */
  readonly learners: () => Promise<Registry<LearnerDefinition>>;
  readonly #deps: TrainingServiceDeps;

  constructor(deps: TrainingServiceDeps, learners?: () => Promise<Registry<LearnerDefinition>>) {
    this.#deps = deps;
    let builtin: Promise<Registry<LearnerDefinition>> | undefined;
    this.learners = learners ?? (() => (builtin ??= import('../ml/index.js').then((ml) => ml.createLearnerRegistry())));
  }

  /**
   * Fits `learner` on the data (preprocessing chosen from the learner's capabilities), evaluates it on a holdout
   * or by cross-validation, records a run (params, metrics, input dataset version, git commit, the bundle as
   * artifacts under `model/`) and registers the bundle as the next version of the model.
   * @throws MLP_CORE_UNKNOWN_ID (learner), MLP_ML_INVALID_PARAM, MLP_ML_UNKNOWN_TARGET, MLP_ML_BAD_TRAINING_DATA —
   *   all before any run or model version is written.
   */
  async train(request: TrainRequest, ctx: WriteContext): Promise<TrainResult> {
    const { fitPipeline, trainingTarget } = await import('../ml/index.js');
    const learner = (await this.learners()).get(request.learner);
    const params = await parseParams(learner, request.params ?? {});
    const seed = request.seed ?? 0;
    const threads = request.threads ?? 1;
    const data = await this.#readData(request.data);
    if (!data.frame.has(request.target)) {
      throw UnknownTargetError({ target: request.target, data: data.label, columns: [...data.frame.columnNames] });
    }
    const frame = data.frame;
    const target = trainingTarget(frame.column(request.target), request.task);
    const strata = target.task === 'regression' ? undefined : target.y;
    const fit = (rows: Frame): Promise<FittedPipeline> =>
      fitPipeline({ frame: rows, target: request.target, learner, params, context: { seed, threads }, task: target.task });

    // Only now, with the request known to be valid, may a data file become a dataset version.
    const version = await data.register(ctx);
    const startTime = this.#deps.clock.now();
    let pipeline: FittedPipeline;
    let metrics: Record<string, number>;
    let evaluation: TrainResult['evaluation'];
    if (request.cv !== undefined) {
      const folds = assignFoldsStratified(frame.rowCount, request.cv, seed, strata);
      const sums: Record<string, number[]> = {};
      for (let k = 0; k < request.cv; k++) {
        const trainRows = indicesWhere(folds, (f) => f !== k);
        const testRows = indicesWhere(folds, (f) => f === k);
        const foldModel = await fit(frame.take(trainRows));
        for (const [id, value] of Object.entries(await evaluatePipeline(foldModel, frame.take(testRows), target))) (sums[id] ??= []).push(value);
      }
      metrics = Object.fromEntries(Object.entries(sums).map(([id, values]) => [id, values.reduce((a, b) => a + b, 0) / values.length]));
      pipeline = await fit(frame);
      evaluation = { kind: 'cv', folds: request.cv };
    } else {
      const fraction = request.holdout ?? 0.2;
      const split = holdoutSplit(frame.rowCount, fraction, seed, strata);
      if (split.test.length === 0 || split.train.length === 0) {
        throw TrainingDataError({ problem: `${frame.rowCount} rows are too few for a ${fraction} holdout; add rows or use --cv` });
      }
      pipeline = await fit(frame.take(split.train));
      metrics = await evaluatePipeline(pipeline, frame.take(split.test), target);
      evaluation = { kind: 'holdout', fraction, trainRows: split.train.length, testRows: split.test.length };
    }
    return this.#record({ request, learner, params, version, pipeline, metrics, evaluation, seed, startTime }, ctx);
  }

  /** Reads the training data without writing anything; `register` records a file as a dataset version later. */
  async #readData(data: string): Promise<{ frame: Frame; label: string; register: (ctx: WriteContext) => Promise<DatasetVersion> }> {
    if (DATA_FILE.test(data) && existsSync(data)) {
      const name = basename(data).replace(DATA_FILE, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'data';
      const table = await readTable(data);
      return {
        frame: table.frame,
        label: data,
        register: async (ctx) => (await this.#deps.datasets.addParsed({ file: data, name, table }, ctx)).version,
      };
    }
    const ref = parseRef(data, 'data');
    const version = await this.#deps.store.datasets.getVersion(ref.name, ref.version ?? 'latest');
    return { frame: await this.loadFrame(version), label: `${version.datasetName}@${version.version}`, register: async () => version };
  }

  /** The rows of a stored dataset version, read back from the artifact store (hash-verified). */
  async loadFrame(version: DatasetVersion): Promise<Frame> {
    if (version.artifactDigest === null) {
      throw TrainingDataError({ problem: `dataset ${version.datasetName}@${version.version} has no stored content to train on` });
    }
    const bytes = await this.#deps.artifacts.get(version.artifactDigest);
    const table = await readTableBytes(bytes, { format: version.format as 'csv', file: `${version.datasetName}@${version.version}` });
    return table.frame;
  }

  async #record(
    fit: {
      request: TrainRequest;
      learner: LearnerDefinition;
      params: Record<string, unknown>;
      version: DatasetVersion;
      pipeline: FittedPipeline;
      metrics: Record<string, number>;
      evaluation: TrainResult['evaluation'];
      seed: number;
      startTime: number;
    },
    ctx: WriteContext,
  ): Promise<TrainResult> {
    const { request, learner, params, version, pipeline, metrics, evaluation } = fit;
    const dataRef = `${version.datasetName}@${version.version}`;
    const modelName = request.model ?? `${version.datasetName}-${learner.id}`.slice(0, 128);
    const runParams: Record<string, string | number | boolean> = {
      learner: learner.id,
      target: request.target,
      task: pipeline.task,
      data: dataRef,
      seed: fit.seed,
      evaluation: evaluation.kind === 'cv' ? `cv-${evaluation.folds}` : `holdout-${evaluation.fraction}`,
    };
    for (const [key, value] of Object.entries(params)) runParams[`param.${key}`] = typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean);
    const tracker = this.#deps.tracker(ctx);
    const run = await tracker.startRun({
      experiment: request.experiment ?? 'train',
      name: `${learner.id}-${version.datasetName}`,
      params: runParams,
      tags: { 'mlpilot.model': modelName },
      inputs: [{ dataset: dataRef, role: 'train' }],
      startTime: fit.startTime,
    });
    try {
      await run.logMetrics(metrics);
      const stored = await tracker.getRun(run.id);
      const signature: Signature = {
        inputs: pipeline.inputSchema.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
        output: { name: pipeline.target, task: pipeline.task, ...(pipeline.classes === undefined ? {} : { classes: [...pipeline.classes] }) },
      };
      const state = pipeline.toState();
      const { encodeBundle } = await import('../ml/index.js');
      const files = encodeBundle({
        flavor: 'native',
        signature,
        model: { pipelineFormatVersion: state.formatVersion, pipeline: state.meta },
        metrics,
        lineage: { runId: run.id, datasetVersionIds: [version.id], ...(stored.gitCommit === null ? {} : { gitCommit: stored.gitCommit }) },
        arrays: state.arrays,
      });
      for (const [path, bytes] of files) await run.logArtifact(`model/${path}`, bytes);
      await run.end('finished');
      const modelVersion = await this.#deps.models.registerFromRun(
        { name: modelName, runId: run.id, artifactPath: 'model', signature: signature as unknown as JsonObject },
        ctx,
      );
      return { runId: run.id, modelVersion, dataset: version, task: pipeline.task, metrics, primaryMetric: TASK_METRICS[pipeline.task][0] as string, evaluation };
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
}

function indicesWhere(values: Int32Array, keep: (v: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (keep(values[i] as number)) out.push(i);
  return Int32Array.from(out);
}

/** Validates hyperparameters against the learner's schema, listing valid names and choices on error. */
export async function parseParams(learner: LearnerDefinition, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { parseLearnerParams } = await import('../ml/index.js');
  return parseLearnerParams(learner.id, learner.params, params);
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
