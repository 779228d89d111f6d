/**
 * Confidence-based performance estimation (CBPE, after NannyML): with calibrated class probabilities, each
 * prediction's chance of being right is known, so the confusion matrix a window *would* have — and any metric of
 * it — can be estimated before its labels arrive. Holds while P(y | scores) stays as on the reference (covariate
 * shift); breaks under concept drift, where the calibration itself is wrong (docs/monitoring.md).
 *
 * Differences from NannyML, on purpose: the expected ROC curve ranks rows by the model's raw scores (what the
 * realised AUC ranks by) and weighs them with the calibrated probabilities; the sampling error is the bootstrap
 * standard deviation of the realised metric on the reference scaled by √(n_ref / n) for every metric.
 */
import { PerformanceReferenceError } from '../../core/index.js';
import type { Calibrator } from '../../ml/index.js';
import { engine } from './engine.js';
import { bootstrapPercentile } from './bootstrap.js';
import { calibrationCheck } from './cbpe-calibration.js';
import type { ClassifierOutputs, RowWindow } from './inputs.js';
import { checkCount, checkOutputs, checkWindows, labelledRows } from './inputs.js';
import { MetricKernel } from './metric-kernel.js';

/** The metrics CBPE estimates. */
export const CBPE_METRICS = ['accuracy', 'f1', 'roc-auc'] as const;
export type CbpeMetric = (typeof CBPE_METRICS)[number];

/** Options of {@link fitCbpe}. */
export interface CbpeOptions {
  /** Fit isotonic calibrators only with at least this many labelled reference rows; default 200. */
  readonly minCalibrationRows?: number;
  /**
   * `auto` (default): calibrate a class only when isotonic regression lowers its held-out expected calibration
   * error on the reference (5-fold × 2, seeded); `always`: calibrate every class (reference large enough).
   */
  readonly calibrate?: 'auto' | 'always';
  /** Seed of the bootstrap that measures the sampling error on the reference; default 0. */
  readonly seed?: number;
  /** Bootstrap replicates for the sampling error; default 200. */
  readonly replicates?: number;
}

/** A fitted estimator: the reference's calibration and sampling error. Plain data apart from the calibrators. */
export interface CbpeModel {
  readonly nClasses: number;
  /** `isotonic`: an increasing map for at least one class (binary: P(class 1) only); `none`: raw probabilities. */
  readonly calibration: 'isotonic' | 'none';
  /** Why (e.g. "reference has 150 labelled rows, fewer than minCalibrationRows = 200"), per class when checked. */
  readonly calibrationReason: string;
  /** One per class for multiclass, [null, P(1) map] for binary; null where no calibrator is used. */
  readonly calibrators: readonly (Calibrator | null)[];
  readonly referenceRows: number;
  /** The realised metric on the whole reference. */
  readonly referenceRealised: Readonly<Record<CbpeMetric, number | null>>;
  /** Bootstrap SD of the realised metric at n_ref rows (null where undefined on the reference). */
  readonly referenceSd: Readonly<Record<CbpeMetric, number | null>>;
}

/** One estimated metric on one window. */
export interface CbpeEstimate {
  readonly metric: CbpeMetric;
  readonly status: 'ok' | 'no-rows' | 'one-class';
  readonly value: number | null;
  /** referenceSd · √(n_ref / n): how far a window of this size strays from the truth by chance alone. */
  readonly standardError: number | null;
  /** value ∓ 3 standard errors, clipped to [0, 1] (NannyML's confidence band). */
  readonly lower: number | null;
  readonly upper: number | null;
}

/** CBPE's estimates for one window. */
export interface CbpeWindowEstimate {
  readonly window: RowWindow;
  readonly rows: number;
  readonly metrics: readonly CbpeEstimate[];
}

/**
 * Calibrates the reference and measures its sampling error. Labels of the reference must be complete on the rows
 * used (rows with a NaN label are left out).
 * @throws MLP_MONITOR_PERF_INPUT on bad outputs or options; MLP_MONITOR_PERF_REFERENCE when fewer than 2 labelled
 *   reference rows remain.
 */
export function fitCbpe(reference: ClassifierOutputs, options: CbpeOptions = {}): CbpeModel {
  const data = checkOutputs(reference, 'reference');
  const minRows = options.minCalibrationRows ?? 200;
  const replicates = options.replicates ?? 200;
  checkCount('minCalibrationRows', minRows, 2);
  checkCount('replicates', replicates, 2);
  const rows = labelledRows(data.yTrue, 0, data.n);
  const m = rows.length;
  if (m < 2)
    throw PerformanceReferenceError({ field: 'reference.yTrue', problem: `${m} labelled rows; CBPE needs labelled reference data` });
  const k = data.k;
  const counts = new Float64Array(k);
  for (let j = 0; j < m; j++)
    counts[data.yTrue[rows[j] as number] as number] = (counts[data.yTrue[rows[j] as number] as number] as number) + 1;
  const missing = [...counts.keys()].filter((c) => counts[c] === 0);
  let reason: string;
  let calibrators: (Calibrator | null)[] = Array.from({ length: k }, () => null);
  if (m < minRows) reason = `reference has ${m} labelled rows, fewer than minCalibrationRows = ${minRows}`;
  else if (missing.length > 0) reason = `classes ${missing.join(', ')} never occur in the reference labels`;
  else {
    const notes: string[] = [];
    const score = new Float64Array(m);
    const y = new Float64Array(m);
    calibrators = Array.from({ length: k }, (_, c) => {
      if (k === 2 && c === 0) return null;
      for (let j = 0; j < m; j++) {
        const i = rows[j] as number;
        score[j] = data.proba[i * k + c] as number;
        y[j] = data.yTrue[i] === c ? 1 : 0;
      }
      if ((options.calibrate ?? 'auto') === 'auto') {
        const check = calibrationCheck(score, y, (options.seed ?? 0) + c);
        const use = check.calibratedEce < check.rawEce;
        notes.push(
          `class ${c}: held-out ECE raw ${check.rawEce.toFixed(4)}, isotonic ${check.calibratedEce.toFixed(4)} → ${use ? 'isotonic' : 'raw'}`,
        );
        if (!use) return null;
      }
      return engine().fitIsotonic(score, y);
    });
    reason = notes.length === 0 ? `isotonic per class on ${m} labelled reference rows (calibrate: always)` : notes.join('; ');
  }
  const sd = {} as Record<CbpeMetric, number | null>;
  const realised = {} as Record<CbpeMetric, number | null>;
  for (const metric of CBPE_METRICS) {
    const kernel = new MetricKernel(data, metric, m);
    const value = kernel.score(rows);
    realised[metric] = typeof value === 'number' ? value : null;
    const boot = bootstrapPercentile(rows, (s) => kernel.score(s, true), { replicates, seed: options.seed ?? 0, confidence: 0.95 });
    sd[metric] = boot === null || boot.used < 2 ? null : boot.sd;
  }
  return {
    nClasses: k,
    calibration: calibrators.some((c) => c !== null) ? 'isotonic' : 'none',
    calibrationReason: reason,
    calibrators,
    referenceRows: m,
    referenceRealised: realised,
    referenceSd: sd,
  };
}

/**
 * Applies the model's calibration to row-major n×k probabilities. Binary: P(1) through its map, P(0) = 1 − P(1).
 * Multiclass: each column through its map, then each row renormalised to sum 1 (a row the maps send to all zeros
 * keeps its raw probabilities).
 */
export function calibrateProba(model: CbpeModel, proba: Float64Array): Float64Array {
  const k = model.nClasses;
  const n = proba.length / k;
  if (model.calibration === 'none') return proba.slice();
  const out = proba.slice();
  const column = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    const cal = model.calibrators[c];
    if (cal === null || cal === undefined) continue;
    for (let i = 0; i < n; i++) column[i] = proba[i * k + c] as number;
    const mapped = cal.apply(column);
    for (let i = 0; i < n; i++) out[i * k + c] = mapped[i] as number;
  }
  if (k === 2) {
    for (let i = 0; i < n; i++) out[2 * i] = 1 - (out[2 * i + 1] as number);
    return out;
  }
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += out[i * k + c] as number;
    for (let c = 0; c < k; c++) out[i * k + c] = s > 0 ? (out[i * k + c] as number) / s : (proba[i * k + c] as number);
  }
  return out;
}

/** Expected metric values of rows [start, end) (null: undefined there). */
export interface ExpectedMetrics {
  readonly accuracy: number | null;
  readonly f1: number | null;
  readonly rocAuc: number | null;
}

/**
 * The estimator itself, on given calibrated probabilities: expected accuracy = mean calibrated probability of the
 * predicted class; expected F1 from the expected confusion counts TP = Σ_{ŷ=c} p_c, FP = Σ_{ŷ=c} (1 − p_c),
 * FN = Σ_{ŷ≠c} p_c (binary: class 1; multiclass: macro mean over all k classes, 0 where 2TP+FP+FN = 0); expected
 * ROC AUC from the expected TP and FP counts at every threshold of the raw score of class c (binary: class 1;
 * multiclass: macro one-vs-rest over classes whose expected positives and negatives are both > 0) — computed as
 * the engine's weighted ROC AUC of every row taken once as a positive with weight p_c and once as a negative
 * with weight 1 − p_c.
 */
export function expectedMetrics(
  rawProba: Float64Array,
  calibrated: Float64Array,
  yPred: Float64Array,
  k: number,
  start = 0,
  end = yPred.length,
): ExpectedMetrics {
  const n = end - start;
  if (n <= 0) return { accuracy: null, f1: null, rocAuc: null };
  let acc = 0;
  for (let i = start; i < end; i++) acc += calibrated[i * k + (yPred[i] as number)] as number;
  const labels = new Float64Array(2 * n);
  labels.fill(1, 0, n);
  const scores = new Float64Array(2 * n);
  const weights = new Float64Array(2 * n);
  let f1Sum = 0;
  let aucSum = 0;
  let aucClasses = 0;
  const first = k === 2 ? 1 : 0;
  for (let c = first; c < k; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let posMass = 0;
    for (let i = start; i < end; i++) {
      const p = calibrated[i * k + c] as number;
      if (yPred[i] === c) {
        tp += p;
        fp += 1 - p;
      } else fn += p;
      posMass += p;
      const j = i - start;
      scores[j] = rawProba[i * k + c] as number;
      scores[n + j] = scores[j] as number;
      weights[j] = p;
      weights[n + j] = 1 - p;
    }
    const den = 2 * tp + fp + fn;
    f1Sum += den > 0 ? (2 * tp) / den : 0;
    if (posMass > 0 && posMass < n) {
      aucSum += engine().rocAucScore(labels, scores, { sampleWeight: weights });
      aucClasses++;
    }
  }
  const classes = k - first;
  return { accuracy: acc / n, f1: f1Sum / classes, rocAuc: aucClasses === 0 ? null : aucSum / aucClasses };
}

/**
 * CBPE estimates of accuracy, F1 and ROC AUC for each window; labels in `outputs` are ignored.
 * @throws MLP_MONITOR_PERF_INPUT on bad outputs or windows, or nClasses different from the model's.
 */
export function estimateCbpe(model: CbpeModel, outputs: ClassifierOutputs, windows: readonly RowWindow[]): CbpeWindowEstimate[] {
  const data = checkOutputs({ ...outputs, yTrue: undefined }, 'outputs');
  if (data.k !== model.nClasses) {
    throw PerformanceReferenceError({
      field: 'outputs.nClasses',
      problem: `is ${data.k} but the CBPE model was fitted for ${model.nClasses} classes`,
    });
  }
  checkWindows(windows, data.n);
  const calibrated = calibrateProba(model, data.proba);
  return windows.map((window) => {
    const n = window.end - window.start;
    const e = expectedMetrics(data.proba, calibrated, data.yPred, data.k, window.start, window.end);
    const values: Record<CbpeMetric, number | null> = { accuracy: e.accuracy, f1: e.f1, 'roc-auc': e.rocAuc };
    const metrics = CBPE_METRICS.map((metric): CbpeEstimate => {
      const value = values[metric];
      if (n === 0) return { metric, status: 'no-rows', value: null, standardError: null, lower: null, upper: null };
      if (value === null) return { metric, status: 'one-class', value: null, standardError: null, lower: null, upper: null };
      const sd = model.referenceSd[metric];
      const se = sd === null ? null : sd * Math.sqrt(model.referenceRows / n);
      return {
        metric,
        status: 'ok',
        value,
        standardError: se,
        lower: se === null ? null : Math.max(0, value - 3 * se),
        upper: se === null ? null : Math.min(1, value + 3 * se),
      };
    });
    return { window, rows: n, metrics };
  });
}
