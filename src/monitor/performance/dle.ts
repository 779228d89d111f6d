/**
 * Direct loss estimation (DLE, after NannyML) for regressors: a second model learns, on the reference
 * (validation) data, how large the monitored model's error is given the inputs and its own prediction. On a
 * window without labels the mean predicted absolute error estimates the MAE and the root of the mean predicted
 * squared error estimates the RMSE. Like CBPE it holds under covariate shift (the error pattern of each input
 * region is learnt) and not under concept drift (a changed target relation is invisible to it).
 */
import { PerformanceInputError, PerformanceReferenceError } from '../../core/index.js';
import type { FeatureMatrix, TrainedModel } from '../../ml/index.js';
import { engine, loadPerformanceEngine } from './engine.js';
import { bootstrapPercentile } from './bootstrap.js';
import type { RowWindow } from './inputs.js';
import { checkCount, checkOutputs, checkWindows } from './inputs.js';

/** Options of {@link fitDle}. */
export interface DleOptions {
  /** Seed of the error models and of the sampling-error bootstrap; default 0. */
  readonly seed?: number;
  /** Boosting rounds of each error model; default 100. */
  readonly numRounds?: number;
  /** Extra gbdt parameters of the error models (default: gbdt's defaults, learning rate 0.1, depth 6). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Bootstrap replicates for the sampling error; default 200. */
  readonly replicates?: number;
  /** Fewest labelled reference rows accepted; default 100. */
  readonly minReferenceRows?: number;
}

/** A fitted estimator. */
export interface DleModel {
  /** Predicts |y − ŷ| from the inputs and ŷ. */
  readonly absoluteError: TrainedModel;
  /** Predicts (y − ŷ)² from the inputs and ŷ. */
  readonly squaredError: TrainedModel;
  readonly featureNames: readonly string[];
  readonly referenceRows: number;
  readonly referenceRealised: { readonly mae: number; readonly rmse: number };
  /** Bootstrap SD of the realised metric at n_ref rows. */
  readonly referenceSd: { readonly mae: number; readonly rmse: number };
}

/** One window's estimate. */
export interface DleWindowEstimate {
  readonly window: RowWindow;
  readonly rows: number;
  readonly status: 'ok' | 'no-rows';
  readonly mae: number | null;
  readonly rmse: number | null;
  /** referenceSd · √(n_ref / n). */
  readonly maeStandardError: number | null;
  readonly rmseStandardError: number | null;
}

const PREDICTION_COLUMN = '__prediction';

function withPrediction(X: FeatureMatrix, yPred: Float64Array): FeatureMatrix {
  if (X.rows !== yPred.length) {
    throw PerformanceInputError({ field: 'yPred', problem: `has ${yPred.length} entries but the inputs have ${X.rows} rows` });
  }
  return engine().featureMatrix([...X.columns, yPred], { names: [...X.names, PREDICTION_COLUMN], categorical: [...X.categorical, false] });
}

/**
 * Trains the two error models on labelled reference rows (inputs X, the monitored model's predictions and the
 * labels). Use held-out data: errors on the monitored model's own training rows are too small.
 * @throws MLP_MONITOR_PERF_INPUT on bad arrays or options; MLP_MONITOR_PERF_REFERENCE with fewer than
 *   minReferenceRows labelled rows.
 */
export async function fitDle(
  X: FeatureMatrix,
  reference: { readonly yPred: ArrayLike<number>; readonly yTrue: ArrayLike<number> },
  options: DleOptions = {},
): Promise<DleModel> {
  await loadPerformanceEngine();
  const data = checkOutputs({ task: 'regression', yPred: reference.yPred, yTrue: reference.yTrue }, 'reference');
  const seed = options.seed ?? 0;
  const replicates = options.replicates ?? 200;
  const minRows = options.minReferenceRows ?? 100;
  checkCount('replicates', replicates, 2);
  checkCount('minReferenceRows', minRows, 2);
  const keep: number[] = [];
  for (let i = 0; i < data.n; i++) if (data.yTrue[i] === data.yTrue[i]) keep.push(i);
  if (keep.length < minRows) {
    throw PerformanceReferenceError({
      field: 'reference.yTrue',
      problem: `${keep.length} labelled rows, fewer than minReferenceRows = ${minRows}`,
    });
  }
  const full = withPrediction(X, data.yPred);
  const rows = Uint32Array.from(keep);
  const m = rows.length;
  const cols = full.columns.map((col) => {
    const out = new Float64Array(m);
    for (let j = 0; j < m; j++) out[j] = col[rows[j] as number] as number;
    return out;
  });
  const Xr = engine().featureMatrix(cols, { names: full.names, categorical: full.categorical });
  const abs = new Float64Array(m);
  const sq = new Float64Array(m);
  const yT = new Float64Array(m);
  const yP = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const i = rows[j] as number;
    yT[j] = data.yTrue[i] as number;
    yP[j] = data.yPred[i] as number;
    const e = (yT[j] as number) - (yP[j] as number);
    abs[j] = Math.abs(e);
    sq[j] = e * e;
  }
  const params = { numRounds: options.numRounds ?? 100, ...options.params };
  const context = { seed, threads: 1 };
  const absoluteError = await engine().gbdtLearner.fit(Xr, { task: 'regression', y: abs }, params, context);
  const squaredError = await engine().gbdtLearner.fit(Xr, { task: 'regression', y: sq }, params, context);
  const idx = Uint32Array.from({ length: m }, (_, j) => j);
  const gT = new Float64Array(m);
  const gP = new Float64Array(m);
  const sdOf = (metric: (t: Float64Array, p: Float64Array) => number): number => {
    const boot = bootstrapPercentile(
      idx,
      (s) => {
        for (let j = 0; j < s.length; j++) {
          gT[j] = yT[s[j] as number] as number;
          gP[j] = yP[s[j] as number] as number;
        }
        return metric(gT, gP);
      },
      { replicates, seed, confidence: 0.95 },
    );
    return boot === null ? 0 : boot.sd;
  };
  return {
    absoluteError,
    squaredError,
    featureNames: full.names,
    referenceRows: m,
    referenceRealised: { mae: engine().meanAbsoluteError(yT, yP), rmse: engine().rootMeanSquaredError(yT, yP) },
    referenceSd: { mae: sdOf(engine().meanAbsoluteError), rmse: sdOf(engine().rootMeanSquaredError) },
  };
}

/**
 * Per-row predicted absolute and squared errors (clipped at 0) of the monitored model on X.
 * @throws MLP_MONITOR_PERF_INPUT when yPred is not finite or does not match X's rows, or X's columns differ from
 *   the reference's.
 */
export function predictDleErrors(
  model: DleModel,
  X: FeatureMatrix,
  yPred: ArrayLike<number>,
): { absolute: Float64Array; squared: Float64Array } {
  const data = checkOutputs({ task: 'regression', yPred }, 'outputs');
  const expected = model.featureNames.slice(0, -1);
  if (X.names.length !== expected.length || X.names.some((name, j) => name !== expected[j])) {
    throw PerformanceInputError({
      field: 'X',
      problem: `has columns ${X.names.map((c) => JSON.stringify(c)).join(', ')} but the DLE model was fitted on ${expected.map((c) => JSON.stringify(c)).join(', ')} (same order)`,
    });
  }
  const full = withPrediction(X, data.yPred);
  const absolute = model.absoluteError.predict(full);
  const squared = model.squaredError.predict(full);
  for (let i = 0; i < absolute.length; i++) {
    if ((absolute[i] as number) < 0) absolute[i] = 0;
    if ((squared[i] as number) < 0) squared[i] = 0;
  }
  return { absolute, squared };
}

/**
 * DLE estimates of MAE and RMSE for each window of rows of X.
 * @throws MLP_MONITOR_PERF_INPUT on bad predictions or windows.
 */
export function estimateDle(
  model: DleModel,
  X: FeatureMatrix,
  yPred: ArrayLike<number>,
  windows: readonly RowWindow[],
): DleWindowEstimate[] {
  const { absolute, squared } = predictDleErrors(model, X, yPred);
  checkWindows(windows, X.rows);
  return windows.map((window) => {
    const n = window.end - window.start;
    if (n === 0) {
      return { window, rows: 0, status: 'no-rows', mae: null, rmse: null, maeStandardError: null, rmseStandardError: null };
    }
    let a = 0;
    let s = 0;
    for (let i = window.start; i < window.end; i++) {
      a += absolute[i] as number;
      s += squared[i] as number;
    }
    const scale = Math.sqrt(model.referenceRows / n);
    return {
      window,
      rows: n,
      status: 'ok',
      mae: a / n,
      rmse: Math.sqrt(s / n),
      maeStandardError: model.referenceSd.mae * scale,
      rmseStandardError: model.referenceSd.rmse * scale,
    };
  });
}
