/**
 * Performance monitoring on the platform (docs/monitoring.md, "On the platform"): a model version's windows of stored
 * predictions (from the {@link IngestionService}) scored against its reference — realised metrics with intervals,
 * CBPE/DLE estimates, baseline bands and flags. The reference is built by monitor-reference.ts and cached per version
 * in the `monitor` store extension; the scoring is monitor-performance.ts.
 */
import type { ArtifactStore } from '../artifacts/index.js';
import { PerformanceInputError, type Registry, ValidationError } from '../core/index.js';
import type { Learner } from '../ml/index.js';
import {
  CBPE_METRICS,
  monitorStore,
  PERFORMANCE_METRICS,
  type PerformanceBaseline,
  type PerformanceMetric,
  type PredictionWindow,
  type WindowSpec,
  windowRows,
} from '../monitor/index.js';
import type { ModelVersion, Store } from '../store/index.js';
import type { IngestionService } from './ingestion-service.js';
import type { ModelService } from './model-service.js';
import type { ParsedPrediction } from './monitor-encode.js';
import type { FittedReference, PerformanceWindow } from './monitor-performance.js';
import type { ReferenceData, ReferenceSource } from './monitor-reference.js';
import type { PredictionService } from './prediction-service.js';
import { parseRef } from './refs.js';

/** What a {@link PerformanceService} is built from. */
export interface PerformanceServiceDeps {
  /** A store opened with the `monitor` extension (the workspace always opens it so). */
  readonly store: Store;
  /** Where cached references are stored. */
  readonly artifacts: ArtifactStore;
  readonly models: ModelService;
  /** Scores a reference dataset with the registered bundle. */
  readonly predictions: PredictionService;
  /** The learners the split's model is refitted with. */
  readonly learners: () => Promise<Registry<Learner>>;
  /** The windows of stored predictions. */
  readonly ingestion: IngestionService;
}

/** What {@link PerformanceService.performance} is asked. */
export interface PerformanceQuery {
  /** The model version (a number or an alias such as `champion`); default the latest registered version. */
  readonly version?: number | string;
  /** The windows (kind, size, from, to) as {@link PerformanceService.windows} lists them. */
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
  /**
   * Only the window of this `index` among those `window` lists (a time window's bucket number since the epoch, a row
   * window's number): what a monitor judging one window asks for. Default: every listed window.
   */
  readonly index?: number;
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

/**
 * Continuous monitoring over what ingestion stored: a model version's performance per window. One per workspace
 * (`ws.performance`); CBPE/DLE fitted on a reference are kept for the process.
 */
export class PerformanceService {
  readonly #deps: PerformanceServiceDeps;
  /** Fitted references by artifact digest: CBPE/DLE are fitted once per process and reference. */
  readonly #fitted = new Map<string, Promise<FittedReference>>();

  constructor(deps: PerformanceServiceDeps) {
    this.#deps = deps;
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
  async report(model: string, query: PerformanceQuery): Promise<PerformanceReport> {
    // Checked before anything costly (a first call may refit the split's model).
    query.metrics?.forEach((metric, j) => {
      if (!(PERFORMANCE_METRICS as readonly string[]).includes(metric))
        throw PerformanceInputError({
          field: `metrics[${j}]`,
          problem: `is ${JSON.stringify(metric)}; known: ${PERFORMANCE_METRICS.join(', ')}`,
        });
    });
    const version = await this.#deps.models.getVersion(query.version === undefined ? model : `${model}@${query.version}`);
    const listed = await this.#deps.ingestion.windows(model, query.window);
    const windows = query.index === undefined ? listed : listed.filter((w) => w.index === query.index);
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
}
