/**
 * Performance monitoring on the platform: a model version's windows of stored predictions, joined with the labels
 * that have arrived, scored against its reference (monitor-reference.ts). Per window: realised metrics with
 * confidence intervals where labels exist, the label-free estimate (CBPE for classifiers, DLE for regressors) with
 * its sampling error, the baseline band and a flag when either leaves it.
 *
 * The band: the realised metric on the reference ± 3 σ, where σ is the metric's spread over simulated windows of
 * the nominal window size m₀ (the median row count of the non-empty windows asked for, at most the reference's
 * labelled rows; `performanceBaseline`), scaled by √(m₀ / n) for a window of n rows, as CBPE's standard error is.
 * The realised value is held to the band of its labelled rows (n = labelled), the estimate to that of all rows.
 */
import type { FeatureMatrix } from '../ml/index.js';
import type {
  CbpeModel,
  DleModel,
  ModelOutputs,
  PerformanceBaseline,
  PerformanceMetric,
  PredictionWindow,
  RowWindow,
  WindowMetric,
} from '../monitor/index.js';
import { encodeInputs, encodeOutputs, inputEncoder, type InputEncoder, type ParsedPrediction } from './monitor-encode.js';
import type { ReferenceData } from './monitor-reference.js';

/** Where a metric sits against its band. */
export type BandFlag = 'below' | 'above' | null;

/** A label-free estimate of one metric on one window. */
export interface EstimatedMetric {
  readonly method: 'cbpe' | 'dle';
  /** `ok`, or why there is no value: `no-rows` (empty window), `one-class` (ROC AUC with one expected class). */
  readonly status: 'ok' | 'no-rows' | 'one-class';
  readonly value: number | null;
  /** Sampling error of a window of this size: the reference's bootstrap SD × √(n_ref / n). */
  readonly standardError: number | null;
}

/** One metric on one window. */
export interface PerformanceWindowMetric {
  readonly metric: PerformanceMetric;
  /** From the labelled rows, with a confidence interval (`status` says why there is no value). */
  readonly realised: WindowMetric;
  /** Null when the metric has no label-free estimate (CBPE: accuracy, f1, roc-auc; DLE: mae, rmse). */
  readonly estimated: EstimatedMetric | null;
  /** The baseline band for a window of this many rows (what the estimate is held to); null for an empty window. */
  readonly band: { readonly lower: number; readonly upper: number } | null;
  /**
   * The band for the realised value, which comes from the labelled rows only: for a window of `labelled` rows (equal
   * to `band` when every row is labelled; null without labels).
   */
  readonly realisedBand: { readonly lower: number; readonly upper: number } | null;
  readonly flag: { readonly realised: BandFlag; readonly estimated: BandFlag };
}

/** One window's performance. */
export interface PerformanceWindow {
  readonly window: PredictionWindow;
  /** Predictions of the monitored version in the window (those naming another version are left out). */
  readonly rows: number;
  /** Of those, how many have a label. */
  readonly labelled: number;
  /** Predictions in the window that name another version of the model. */
  readonly otherVersions: number;
  readonly metrics: readonly PerformanceWindowMetric[];
  /** True when any realised or estimated value is outside its band. */
  readonly alert: boolean;
}

/** A reference fitted for estimation: its outputs, CBPE or DLE, and the input encoder DLE uses. */
export interface FittedReference {
  readonly data: ReferenceData;
  readonly outputs: ModelOutputs;
  readonly cbpe?: CbpeModel;
  readonly dle?: DleModel;
  readonly encoder: InputEncoder;
}

/** The seed of every resampling (CBPE/DLE sampling errors, baselines, bootstrap intervals). */
export const PERFORMANCE_SEED = 0;

/** The reference's outputs as `ModelOutputs` (labels known on every row). */
export function referenceOutputs(data: ReferenceData): ModelOutputs {
  return data.task === 'regression'
    ? { task: 'regression', yPred: data.yPred, yTrue: data.yTrue }
    : { task: 'classification', nClasses: (data.classes ?? []).length, proba: data.proba ?? [], yPred: data.yPred, yTrue: data.yTrue };
}

/** Fits CBPE (classifiers) or DLE (regressors) on a reference. */
export async function fitReference(data: ReferenceData): Promise<FittedReference> {
  const monitor = await import('../monitor/index.js');
  await monitor.loadPerformanceEngine();
  const outputs = referenceOutputs(data);
  const encoder = inputEncoder(data.inputNames, data.inputs);
  if (outputs.task === 'classification') return { data, outputs, encoder, cbpe: monitor.fitCbpe(outputs, { seed: PERFORMANCE_SEED }) };
  const X = await featureMatrixOf(encoder, data.inputs);
  const dle = await monitor.fitDle(X, { yPred: data.yPred, yTrue: data.yTrue }, { seed: PERFORMANCE_SEED });
  return { data, outputs, encoder, dle };
}

async function featureMatrixOf(encoder: InputEncoder, rows: ReadonlyArray<Readonly<Record<string, unknown>>>): Promise<FeatureMatrix> {
  const { featureMatrix } = await import('../ml/index.js');
  return featureMatrix(encodeInputs(encoder, rows), { names: encoder.names, categorical: encoder.categorical });
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : Math.round(((s[m - 1] as number) + (s[m] as number)) / 2);
}

function clip(metric: PerformanceMetric, lo: number, hi: number): [number, number] {
  if (metric === 'log-loss' || metric === 'rmse' || metric === 'mae') return [Math.max(0, lo), hi];
  if (metric === 'r2') return [lo, Math.min(1, hi)];
  return [Math.max(0, lo), Math.min(1, hi)];
}

function flagOf(value: number | null, band: { lower: number; upper: number } | null): BandFlag {
  if (value === null || band === null) return null;
  return value < band.lower ? 'below' : value > band.upper ? 'above' : null;
}

/** What {@link scoreWindows} computes from. */
export interface ScoreInput {
  readonly model: string;
  readonly reference: FittedReference;
  readonly metrics: readonly PerformanceMetric[];
  /** Each window with its parsed predictions of the monitored version and how many of other versions it held. */
  readonly windows: ReadonlyArray<{
    readonly window: PredictionWindow;
    readonly rows: readonly ParsedPrediction[];
    readonly otherVersions: number;
  }>;
  readonly confidence?: number;
}

/** The per-window report and the baselines at the nominal window size. */
export interface ScoredWindows {
  readonly windows: PerformanceWindow[];
  readonly baselines: PerformanceBaseline[];
  /** m₀: the window size the baselines were simulated at. */
  readonly nominalWindowRows: number;
}

/**
 * Realised metrics, estimates, bands and flags for each window.
 * @throws MLP_MONITOR_WINDOW_OUTPUTS for a stored output or label that does not fit the model;
 *   MLP_MONITOR_PERF_INPUT / MLP_MONITOR_PERF_REFERENCE from the performance functions.
 */
export async function scoreWindows(input: ScoreInput): Promise<ScoredWindows> {
  const monitor = await import('../monitor/index.js');
  await monitor.loadPerformanceEngine();
  const { reference, metrics } = input;
  const data = reference.data;
  const all = input.windows.flatMap((w) => w.rows);
  const encoded = encodeOutputs(input.model, data.task, data.classes, all);
  const rowWindows: RowWindow[] = [];
  let start = 0;
  for (const w of input.windows) {
    rowWindows.push({ start, end: start + w.rows.length, label: String(w.window.index) });
    start += w.rows.length;
  }
  const outputs: ModelOutputs =
    data.task === 'regression'
      ? { task: 'regression', yPred: encoded.yPred, yTrue: encoded.yTrue }
      : { task: 'classification', nClasses: (data.classes ?? []).length, proba: encoded.proba, yPred: encoded.yPred, yTrue: encoded.yTrue };
  const realised = monitor.windowedPerformance(outputs, rowWindows, {
    metrics,
    seed: PERFORMANCE_SEED,
    ...(input.confidence === undefined ? {} : { confidence: input.confidence }),
  });
  const estimates = new Map<string, EstimatedMetric>();
  const key = (j: number, metric: string): string => `${j}\u0000${metric}`;
  if (reference.cbpe !== undefined && outputs.task === 'classification') {
    monitor.estimateCbpe(reference.cbpe, outputs, rowWindows).forEach((w, j) => {
      for (const m of w.metrics)
        estimates.set(key(j, m.metric), { method: 'cbpe', status: m.status, value: m.value, standardError: m.standardError });
    });
  }
  if (reference.dle !== undefined) {
    const X = await featureMatrixOf(
      reference.encoder,
      all.map((r) => r.inputs),
    );
    monitor.estimateDle(reference.dle, X, encoded.yPred, rowWindows).forEach((w, j) => {
      const status = w.status === 'ok' ? 'ok' : 'no-rows';
      estimates.set(key(j, 'mae'), { method: 'dle', status, value: w.mae, standardError: w.maeStandardError });
      estimates.set(key(j, 'rmse'), { method: 'dle', status, value: w.rmse, standardError: w.rmseStandardError });
    });
  }
  const labelledRef = data.yTrue.length;
  const sizes = rowWindows.map((w) => w.end - w.start).filter((n) => n > 0);
  const nominal = Math.max(2, Math.min(labelledRef, sizes.length === 0 ? labelledRef : median(sizes)));
  const baselines = metrics.map((metric) =>
    monitor.performanceBaseline(reference.outputs, { metric, windowSize: nominal, seed: PERFORMANCE_SEED }),
  );
  const windows = input.windows.map((w, j): PerformanceWindow => {
    const r = realised[j] as (typeof realised)[number];
    const n = w.rows.length;
    const perMetric = metrics.map((metric, m): PerformanceWindowMetric => {
      const base = baselines[m] as PerformanceBaseline;
      const bandFor = (size: number): { lower: number; upper: number } | null => {
        if (size === 0) return null;
        const half = base.sigmas * base.sd * Math.sqrt(nominal / size);
        const [lower, upper] = clip(metric, base.realised - half, base.realised + half);
        return { lower, upper };
      };
      const band = bandFor(n);
      // The realised value comes from the labelled rows only: its chance spread is that of a window of that many.
      const realisedBand = r.labelled === n ? band : bandFor(r.labelled);
      const realisedMetric = r.metrics[m] as WindowMetric;
      const estimated = estimates.get(key(j, metric)) ?? null;
      return {
        metric,
        realised: realisedMetric,
        estimated,
        band,
        realisedBand,
        flag: { realised: flagOf(realisedMetric.value, realisedBand), estimated: flagOf(estimated?.value ?? null, band) },
      };
    });
    return {
      window: w.window,
      rows: n,
      labelled: r.labelled,
      otherVersions: w.otherVersions,
      metrics: perMetric,
      alert: perMetric.some((m) => m.flag.realised !== null || m.flag.estimated !== null),
    };
  });
  return { windows, baselines, nominalWindowRows: nominal };
}
