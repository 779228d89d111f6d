import type { ArtifactStore } from '../artifacts/index.js';
import { type Clock, type Config, type Logger, PerformanceInputError, type Registry, ValidationError } from '../core/index.js';
import type { Frame } from '../data/index.js';
import type { Learner } from '../ml/index.js';
import {
  createIngestor,
  type IngestCounters,
  type Ingestor,
  type IngestResult,
  type LabelIngestResult,
  CBPE_METRICS,
  MAX_BATCH_ROWS,
  monitorStore,
  PERFORMANCE_METRICS,
  type PerformanceBaseline,
  type PerformanceMetric,
  type PredictionWindow,
  type WindowData,
  type WindowSpec,
  windowRows,
} from '../monitor/index.js';
import type { ModelVersion, Store } from '../store/index.js';
import type { ModelService } from './model-service.js';
import type { ParsedPrediction } from './monitor-encode.js';
import type { FittedReference, PerformanceWindow } from './monitor-performance.js';
import type { ReferenceData, ReferenceSource } from './monitor-reference.js';
import type { PredictionService, Predictions } from './prediction-service.js';
import { parseRef } from './refs.js';

/** What a {@link MonitorService} is built from. */
export interface MonitorServiceDeps {
  /** A store opened with the `monitor` extension (the workspace always opens it so). */
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The `monitor` section of the configuration. */
  readonly settings: Readonly<Config['monitor']>;
  /** Performance monitoring: where references are cached, model versions, scoring, and the learners to refit with. */
  readonly artifacts: ArtifactStore;
  readonly models: ModelService;
  readonly predictions: PredictionService;
  readonly learners: () => Promise<Registry<Learner>>;
}

/** What {@link MonitorService.performance} is asked. */
export interface PerformanceQuery {
  /** The model version (a number or an alias such as `champion`); default the latest registered version. */
  readonly version?: number | string;
  /** The windows (kind, size, from, to) as {@link MonitorService.windows} lists them. */
  readonly window: WindowSpec;
  /** Default: accuracy, roc-auc, f1 (classifiers: what CBPE estimates) or mae, rmse (regressors: DLE's). */
  readonly metrics?: readonly PerformanceMetric[];
  /**
   * A labelled dataset version `NAME@VER` the version was not trained on, scored by the registered bundle, as the
   * reference; default the version's own validation rows, rebuilt from its run.
   */
  readonly reference?: string;
  /** The label column of `reference`; default the model's target (an imported model's output is named `prediction`). */
  readonly referenceTarget?: string;
  /** Two-sided confidence level of the realised intervals; default 0.95. */
  readonly confidence?: number;
}

/** A model version's performance per window (see docs/monitoring.md, "On the platform"). */
export interface PerformanceReport {
  readonly model: string;
  readonly version: number;
  readonly task: 'binary' | 'multiclass' | 'regression';
  readonly classes?: readonly string[];
  readonly metrics: readonly PerformanceMetric[];
  readonly reference: {
    readonly source: ReferenceSource;
    /** Labelled reference rows. */
    readonly rows: number;
    /** True when the reference was read from the cache (not rebuilt by this call). */
    readonly cached: boolean;
  };
  /** `cbpe` (with how its probabilities were calibrated) or `dle`. */
  readonly estimator: { readonly method: 'cbpe' | 'dle'; readonly calibration?: string };
  /** The metric on the reference and its spread over simulated windows of `nominalWindowRows` rows. */
  readonly baselines: readonly PerformanceBaseline[];
  readonly nominalWindowRows: number;
  readonly windows: readonly PerformanceWindow[];
}

/** What logging a scored batch did. */
export interface LoggedBatch extends IngestResult {
  /** The first prediction id (the rest follow the same rule). */
  readonly firstId?: string;
  /** How the ids were made: the id column's values, or generated from model version, data hash and row. */
  readonly ids: 'column' | 'generated';
}

/** A model's monitoring state: stored counts, ingestion counters and the in-memory queue. */
export interface MonitorStatus {
  readonly model: string;
  readonly predictions: number;
  readonly labels: number;
  /** Labels whose prediction has not arrived (they join when it does; retention prunes them otherwise). */
  readonly orphanLabels: number;
  readonly counters: IngestCounters;
  readonly queue: { readonly queued: number; readonly limit: number };
}

/**
 * Continuous monitoring for the edges: one ingestor per workspace process (its queue bounds what this process holds
 * in memory), windows over the stored predictions, retention, and logging the batches `mlpilot predict` scores.
 */
export class MonitorService {
  readonly #deps: MonitorServiceDeps;
  #ingestor: Ingestor | undefined;
  /** Fitted references by artifact digest: CBPE/DLE are fitted once per process and reference. */
  readonly #fitted = new Map<string, Promise<FittedReference>>();

  constructor(deps: MonitorServiceDeps) {
    this.#deps = deps;
  }

  /** The workspace's ingestor (created on first use). */
  get ingestor(): Ingestor {
    this.#ingestor ??= createIngestor({
      repo: this.#deps.store.extension(monitorStore),
      clock: this.#deps.clock,
      settings: this.#deps.settings,
      logger: this.#deps.logger,
    });
    return this.#ingestor;
  }

  /** See {@link Ingestor.ingest}. */
  ingest(model: string, predictions: unknown): Promise<IngestResult> {
    return this.ingestor.ingest(model, predictions);
  }

  /** See {@link Ingestor.ingestLabels}. */
  ingestLabels(model: string, labels: unknown): Promise<LabelIngestResult> {
    return this.ingestor.ingestLabels(model, labels);
  }

  /** See {@link Ingestor.windows}. */
  windows(model: string, spec: WindowSpec): Promise<PredictionWindow[]> {
    return this.ingestor.windows(model, spec);
  }

  /** See {@link Ingestor.readWindow}. */
  readWindow(model: string, window: PredictionWindow): Promise<Frame> {
    return this.ingestor.readWindow(model, window);
  }

  /** See {@link Ingestor.readWindowData}. */
  readWindowData(model: string, window: PredictionWindow): Promise<WindowData> {
    return this.ingestor.readWindowData(model, window);
  }

  /** Deletes predictions and labels older than `monitor.retentionDays` before `now` (default: the clock's now). */
  prune(now?: number): Promise<{ before: number; predictions: number; labels: number }> {
    return this.ingestor.prune(now);
  }

  /** Every model with monitoring data, and its status. */
  async status(model?: string): Promise<MonitorStatus[]> {
    await this.ingestor.flush();
    const repo = this.#deps.store.extension(monitorStore);
    const models = (await repo.models()).filter((m) => model === undefined || m.model === model);
    if (model !== undefined && models.length === 0) models.push({ model, predictions: 0, labels: 0, orphanLabels: 0 });
    return Promise.all(models.map(async (m) => ({ ...m, counters: await repo.counters(m.model), queue: this.ingestor.queue() })));
  }

  /**
   * Logs a batch scored by `mlpilot predict`: one prediction per row, timestamped now, its inputs the frame's
   * columns (but the id column), its outputs `prediction` and the `proba_<class>` columns of the predictions file.
   * Prediction ids are the `idColumn` values, or `v<version>-<24 hex of the data's sha256>-<row>`, so scoring the
   * same file with the same version again logs nothing new (resends are idempotent).
   * @throws MLP_CORE_VALIDATION for a missing id column or id value; the ingestion errors (see {@link Ingestor.ingest}).
   */
  async logScored(input: { frame: Frame; scored: Predictions; contentHash: string; idColumn?: string }): Promise<LoggedBatch> {
    const { frame, scored, idColumn } = input;
    if (idColumn !== undefined && !frame.has(idColumn))
      throw ValidationError({
        field: 'idColumn',
        problem: `no column ${JSON.stringify(idColumn)} in the data; columns: ${frame.columnNames.join(', ')}`,
      });
    const model = scored.model.modelName;
    const version = scored.model.version;
    const timestamp = this.#deps.clock.now();
    const rows = frame.toRows();
    const classes = scored.classes;
    const width = classes?.length ?? 0;
    const prefix = `v${version}-${input.contentHash.slice(0, 24)}-`;
    const chunk = Math.min(MAX_BATCH_ROWS, this.#deps.settings.queueLimit);
    const total = { received: 0, accepted: 0, duplicates: 0, sampledOut: 0 };
    let firstId: string | undefined;
    for (let start = 0; start < rows.length; start += chunk) {
      const batch = rows.slice(start, start + chunk).map((row, j) => {
        const i = start + j;
        const inputs: Record<string, unknown> = { ...row };
        let id = `${prefix}${i}`;
        if (idColumn !== undefined) {
          const value = row[idColumn];
          if (value === null || value === undefined)
            throw ValidationError({
              field: `${idColumn}[row ${i + 1}]`,
              problem: 'the id column is missing a value; every row needs a prediction id',
            });
          id = String(value);
          delete inputs[idColumn];
        }
        firstId ??= id;
        const value = scored.values[i] as number;
        const outputs: Record<string, unknown> = { prediction: classes === undefined ? value : (classes[value] ?? value) };
        if (scored.proba !== undefined && classes !== undefined)
          for (let c = 0; c < width; c++) outputs[`proba_${classes[c]}`] = scored.proba[i * width + c];
        return { id, timestamp, inputs, outputs, version };
      });
      const result = await this.ingest(model, batch);
      total.received += result.received;
      total.accepted += result.accepted;
      total.duplicates += result.duplicates;
      total.sampledOut += result.sampledOut;
    }
    return { model, ...total, ...(firstId === undefined ? {} : { firstId }), ids: idColumn === undefined ? 'generated' : 'column' };
  }

  /**
   * A model version's performance per window of its stored predictions: realised metrics with confidence
   * intervals where labels have arrived, the CBPE (classifiers) or DLE (regressors) estimate with its sampling error,
   * the baseline band from the reference, and flags when a value leaves it. The reference is the version's own
   * validation rows (rebuilt from its run and checked against the recorded metric) or `query.reference`; it is
   * cached as an artifact per version and source, so only the first call refits the split's model.
   * Predictions that name another version of the model are left out (counted per window); those naming none are
   * taken to be of this version.
   * @throws MLP_STORE_NOT_FOUND (model, version, reference dataset), MLP_MONITOR_INVALID_WINDOW,
   *   MLP_MONITOR_NO_REFERENCE, MLP_MONITOR_REFERENCE_MISMATCH, MLP_MONITOR_WINDOW_OUTPUTS,
   *   MLP_MONITOR_PERF_INPUT (a metric that does not fit the task), MLP_MONITOR_PERF_REFERENCE.
   */
  async performance(model: string, query: PerformanceQuery): Promise<PerformanceReport> {
    // Checked before anything costly (a first call may refit the split's model).
    query.metrics?.forEach((metric, j) => {
      if (!(PERFORMANCE_METRICS as readonly string[]).includes(metric))
        throw PerformanceInputError({
          field: `metrics[${j}]`,
          problem: `is ${JSON.stringify(metric)}; known: ${PERFORMANCE_METRICS.join(', ')}`,
        });
    });
    const version = await this.#deps.models.getVersion(query.version === undefined ? model : `${model}@${query.version}`);
    const windows = await this.windows(model, query.window);
    const { reference, cached } = await this.#reference(version, query.reference, query.referenceTarget);
    const data = reference.data;
    const metrics: readonly PerformanceMetric[] = query.metrics ?? (data.task === 'regression' ? ['mae', 'rmse'] : CBPE_METRICS);
    const repo = this.#deps.store.extension(monitorStore);
    const parsed: Array<{ window: PredictionWindow; rows: ParsedPrediction[]; otherVersions: number }> = [];
    for (const window of windows) {
      const stored = await windowRows(repo, model, window);
      const rows = stored
        .filter((r) => r.modelVersion === null || r.modelVersion === version.version)
        .map((r) => ({
          predictionId: r.predictionId,
          inputs: JSON.parse(r.inputs) as Record<string, unknown>,
          outputs: JSON.parse(r.outputs) as unknown,
          label: r.label === null ? undefined : (JSON.parse(r.label) as unknown),
        }));
      parsed.push({ window, rows, otherVersions: stored.length - rows.length });
    }
    const { scoreWindows } = await import('./monitor-performance.js');
    const scored = await scoreWindows({
      model,
      reference,
      metrics,
      windows: parsed,
      ...(query.confidence === undefined ? {} : { confidence: query.confidence }),
    });
    return {
      model,
      version: version.version,
      task: data.task,
      ...(data.classes === undefined ? {} : { classes: data.classes }),
      metrics,
      reference: { source: data.source, rows: data.yTrue.length, cached },
      estimator: reference.cbpe === undefined ? { method: 'dle' } : { method: 'cbpe', calibration: reference.cbpe.calibrationReason },
      baselines: scored.baselines,
      nominalWindowRows: scored.nominalWindowRows,
      windows: scored.windows,
    };
  }

  /** The reference of a version: from the cache, or built, stored and recorded; then fitted (once per process). */
  async #reference(
    version: ModelVersion,
    referenceData: string | undefined,
    referenceTarget: string | undefined,
  ): Promise<{ reference: FittedReference; cached: boolean }> {
    const repo = this.#deps.store.extension(monitorStore);
    const { datasetReference, validationReference, REFERENCE_FORMAT_VERSION } = await import('./monitor-reference.js');
    let source = 'validation';
    if (referenceData !== undefined) {
      // The cache key names the exact dataset version, so `NAME` (latest) is resolved first.
      const ref = parseRef(referenceData, 'reference');
      const dataset = await this.#deps.store.datasets.getVersion(ref.name, ref.version ?? 'latest');
      source = `dataset:${dataset.datasetName}@${dataset.version}${referenceTarget === undefined ? '' : `:${referenceTarget}`}`;
    } else if (referenceTarget !== undefined) {
      throw ValidationError({ field: 'referenceTarget', problem: 'names the label column of a reference dataset; give the reference too' });
    }
    let digest = await repo.reference(version.modelName, version.version, source);
    let data: ReferenceData | undefined;
    let cached = false;
    if (digest !== undefined) {
      const stored = JSON.parse((await this.#deps.artifacts.get(digest)).toString('utf8')) as ReferenceData;
      if (stored.formatVersion === REFERENCE_FORMAT_VERSION) {
        data = stored;
        cached = true;
      }
    }
    if (data === undefined) {
      const deps = {
        store: this.#deps.store,
        artifacts: this.#deps.artifacts,
        predictions: this.#deps.predictions,
        learners: this.#deps.learners,
      };
      data =
        source === 'validation'
          ? await validationReference(deps, version)
          : await datasetReference(deps, version, referenceData as string, referenceTarget);
      digest = (await this.#deps.artifacts.put(JSON.stringify(data))).digest;
      await repo.saveReference(version.modelName, version.version, source, digest);
    }
    const key = digest as string;
    let fitted = this.#fitted.get(key);
    if (fitted === undefined) {
      const { fitReference } = await import('./monitor-performance.js');
      fitted = fitReference(data);
      this.#fitted.set(key, fitted);
      // A failed fit is not kept: the next call tries again.
      fitted.catch(() => this.#fitted.delete(key));
    }
    return { reference: await fitted, cached };
  }

  /** Writes what is queued. */
  async close(): Promise<void> {
    if (this.#ingestor !== undefined) await this.#ingestor.close();
  }
}
