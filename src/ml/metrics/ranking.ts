/**
 * Ranking metrics over scores, computed exactly as scikit-learn does: the curve is built at every distinct
 * score (ties form one step), ROC AUC is the trapezoid area under it, average precision is the step-wise
 * (not interpolated) sum Σ (Rₙ − Rₙ₋₁) Pₙ, and PR AUC is the trapezoid area under the precision–recall curve.
 */
import type { NumericArray } from './validate.js';
import {
  checkFinite,
  checkLabels,
  checkLength,
  checkNonEmpty,
  checkProbaMatrix,
  metricInputError,
  resolveWeights,
} from './validate.js';

/** Counts at each distinct threshold, highest score first (sklearn `_binary_clf_curve`). */
export interface BinaryClfCurve {
  readonly fps: Float64Array;
  readonly tps: Float64Array;
  readonly thresholds: Float64Array;
}

/**
 * Weighted false/true positive counts at each distinct score, scanning from the highest score down.
 * `positive[i]` is 1 for the positive class. Samples with zero weight are dropped first, as sklearn does.
 */
export function binaryClfCurve(positive: Uint8Array, score: NumericArray, weights: Float64Array): BinaryClfCurve {
  let n = 0;
  for (let i = 0; i < positive.length; i++) if ((weights[i] as number) !== 0) n++;
  const order = new Uint32Array(n);
  for (let i = 0, j = 0; i < positive.length; i++) if ((weights[i] as number) !== 0) order[j++] = i;
  // numpy: argsort(kind='mergesort')[::-1] — a stable ascending sort, reversed.
  order.sort((a, b) => (score[a] as number) - (score[b] as number));
  order.reverse();
  const fpsAll = new Float64Array(n);
  const tpsAll = new Float64Array(n);
  const thrAll = new Float64Array(n);
  let tp = 0;
  let fp = 0;
  let m = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j] as number;
    const w = weights[i] as number;
    if (positive[i] === 1) tp += w;
    else fp += w;
    const s = score[i] as number;
    const last = j === n - 1 || (score[order[j + 1] as number] as number) !== s;
    if (last) {
      tpsAll[m] = tp;
      fpsAll[m] = fp;
      thrAll[m] = s;
      m++;
    }
  }
  return { fps: fpsAll.slice(0, m), tps: tpsAll.slice(0, m), thresholds: thrAll.slice(0, m) };
}

/** Points of a ROC curve: false positive rate, true positive rate, thresholds (first is max score + 1). */
export interface RocCurve {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  readonly thresholds: Float64Array;
}

/** Area under a piecewise-linear curve by the trapezoid rule (numpy `trapz(y, x)`). */
export function trapezoid(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] as number) - (x[i - 1] as number)) * (((y[i] as number) + (y[i - 1] as number)) / 2);
  return area;
}

/** ROC points from curve counts, dropping collinear points like sklearn's `drop_intermediate=True`. */
function rocFromCurve(curve: BinaryClfCurve): RocCurve {
  const { fps, tps, thresholds } = curve;
  const m = fps.length;
  const keep: number[] = [];
  for (let i = 0; i < m; i++) {
    if (m <= 2 || i === 0 || i === m - 1) {
      keep.push(i);
      continue;
    }
    const dF = (fps[i + 1] as number) - 2 * (fps[i] as number) + (fps[i - 1] as number);
    const dT = (tps[i + 1] as number) - 2 * (tps[i] as number) + (tps[i - 1] as number);
    if (dF !== 0 || dT !== 0) keep.push(i);
  }
  const fpr = new Float64Array(keep.length + 1);
  const tpr = new Float64Array(keep.length + 1);
  const thr = new Float64Array(keep.length + 1);
  const fTotal = fps[m - 1] as number;
  const tTotal = tps[m - 1] as number;
  thr[0] = (thresholds[0] as number) + 1;
  keep.forEach((i, j) => {
    fpr[j + 1] = (fps[i] as number) / fTotal;
    tpr[j + 1] = (tps[i] as number) / tTotal;
    thr[j + 1] = thresholds[i] as number;
  });
  return { fpr, tpr, thresholds: thr };
}

/** Binary inputs checked: yTrue in {0, 1}, finite scores, weights. */
function binaryInputs(metric: string, yTrue: NumericArray, score: NumericArray, sampleWeight?: NumericArray): { positive: Uint8Array; weights: Float64Array } {
  checkNonEmpty(metric, 'yTrue', yTrue);
  checkLength(metric, 'score', score, yTrue.length);
  checkLabels(metric, 'yTrue', yTrue, 2);
  checkFinite(metric, 'score', score);
  const weights = resolveWeights(metric, sampleWeight, yTrue.length);
  return { positive: Uint8Array.from(yTrue), weights };
}

function requireBothClasses(metric: string, positive: Uint8Array, weights: Float64Array, what: string): void {
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < positive.length; i++) {
    if (positive[i] === 1) pos += weights[i] as number;
    else neg += weights[i] as number;
  }
  if (pos === 0 || neg === 0) {
    throw metricInputError(metric, 'yTrue', `only one class (${pos === 0 ? 0 : 1}) is present${what}; ROC AUC is not defined in that case`);
  }
}

/** Options of the ranking metrics. */
export interface RankingOptions {
  readonly sampleWeight?: NumericArray;
  /** Set for multiclass input: `score` is then a row-major n×k probability matrix. Omit for binary scores. */
  readonly nClasses?: number;
  /** Multiclass averaging over one-vs-rest problems; default `'macro'`. */
  readonly average?: 'macro' | 'weighted' | 'micro';
}

/**
 * ROC curve of binary scores (sklearn `roc_curve`, `drop_intermediate=True`).
 * @throws MLP_ML_METRIC_INPUT when yTrue is not 0/1, lengths differ, scores are not finite, or a class is missing.
 */
export function rocCurve(yTrue: NumericArray, score: NumericArray, options: { sampleWeight?: NumericArray } = {}): RocCurve {
  const { positive, weights } = binaryInputs('roc-curve', yTrue, score, options.sampleWeight);
  requireBothClasses('roc-curve', positive, weights, '');
  return rocFromCurve(binaryClfCurve(positive, score, weights));
}

/** Precision–recall curve in sklearn's order: recall decreasing, ending at (recall 0, precision 1). */
export interface PrecisionRecallCurve {
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly thresholds: Float64Array;
}

function prFromCurve(curve: BinaryClfCurve): PrecisionRecallCurve {
  const { fps, tps, thresholds } = curve;
  const m = fps.length;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thr = new Float64Array(m);
  const tTotal = tps[m - 1] as number;
  for (let i = 0; i < m; i++) {
    const j = m - 1 - i;
    const ps = (tps[i] as number) + (fps[i] as number);
    precision[j] = ps === 0 ? 0 : (tps[i] as number) / ps;
    // sklearn: with no positive sample recall is set to 1 at every threshold.
    recall[j] = tTotal === 0 ? 1 : (tps[i] as number) / tTotal;
    thr[j] = thresholds[i] as number;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: thr };
}

/**
 * Precision–recall curve of binary scores (sklearn `precision_recall_curve`).
 * @throws MLP_ML_METRIC_INPUT when yTrue is not 0/1, lengths differ or scores are not finite.
 */
export function precisionRecallCurve(yTrue: NumericArray, score: NumericArray, options: { sampleWeight?: NumericArray } = {}): PrecisionRecallCurve {
  const { positive, weights } = binaryInputs('precision-recall-curve', yTrue, score, options.sampleWeight);
  return prFromCurve(binaryClfCurve(positive, score, weights));
}

function apFromCurve(curve: BinaryClfCurve): number {
  const { precision, recall } = prFromCurve(curve);
  let s = 0;
  for (let i = 0; i + 1 < recall.length; i++) s += ((recall[i + 1] as number) - (recall[i] as number)) * (precision[i] as number);
  return -s;
}

function prAucFromCurve(curve: BinaryClfCurve): number {
  const { precision, recall } = prFromCurve(curve);
  return -trapezoid(recall, precision);
}

/** Applies a binary curve metric one-vs-rest over a multiclass score matrix and averages like sklearn. */
function oneVsRest(
  metric: string,
  yTrue: NumericArray,
  proba: NumericArray,
  options: RankingOptions,
  binary: (positive: Uint8Array, score: Float64Array, weights: Float64Array, cls: number) => number,
): number {
  const k = options.nClasses as number;
  checkNonEmpty(metric, 'yTrue', yTrue);
  const n = yTrue.length;
  checkProbaMatrix(metric, proba, n, k);
  checkLabels(metric, 'yTrue', yTrue, k);
  const weights = resolveWeights(metric, options.sampleWeight, n);
  const average = options.average ?? 'macro';
  if (average === 'micro') {
    const positive = new Uint8Array(n * k);
    const w = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      positive[i * k + (yTrue[i] as number)] = 1;
      for (let c = 0; c < k; c++) w[i * k + c] = weights[i] as number;
    }
    return binary(positive, Float64Array.from(proba), w, -1);
  }
  const positive = new Uint8Array(n);
  const column = new Float64Array(n);
  let sum = 0;
  let weightSum = 0;
  for (let c = 0; c < k; c++) {
    let support = 0;
    for (let i = 0; i < n; i++) {
      const isPos = yTrue[i] === c;
      positive[i] = isPos ? 1 : 0;
      column[i] = proba[i * k + c] as number;
      if (isPos) support += weights[i] as number;
    }
    const cw = average === 'weighted' ? support : 1;
    // sklearn forces a class score to 0 when its averaging weight is 0.
    const score = cw === 0 ? 0 : binary(positive, column, weights, c);
    sum += cw * score;
    weightSum += cw;
  }
  return weightSum === 0 ? 0 : sum / weightSum;
}

/**
 * Area under the ROC curve (sklearn `roc_auc_score`). Binary: `score` holds one score per sample (higher means
 * class 1). Multiclass (`options.nClasses` set): one-vs-rest over a row-major n×k probability matrix whose rows
 * sum to 1, averaged `macro` (default), `weighted` by class support, or `micro`.
 * @throws MLP_ML_METRIC_INPUT when only one class is present in yTrue (binary), a class is missing (multiclass),
 *   rows do not sum to 1, lengths differ, or values are not finite.
 */
export function rocAucScore(yTrue: NumericArray, score: NumericArray, options: RankingOptions = {}): number {
  const metric = 'roc-auc';
  if (options.nClasses === undefined) {
    const { positive, weights } = binaryInputs(metric, yTrue, score, options.sampleWeight);
    requireBothClasses(metric, positive, weights, '');
    return trapezoidRoc(binaryClfCurve(positive, score, weights));
  }
  const k = options.nClasses;
  checkNonEmpty(metric, 'yTrue', yTrue);
  checkProbaMatrix(metric, score, yTrue.length, k);
  checkLabels(metric, 'yTrue', yTrue, k);
  for (let i = 0; i < yTrue.length; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += score[i * k + c] as number;
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
      throw metricInputError(metric, 'score', `row ${i} sums to ${s}; one-vs-rest ROC AUC needs class probabilities that sum to 1`);
    }
  }
  const seen = new Uint8Array(k);
  for (let i = 0; i < yTrue.length; i++) seen[yTrue[i] as number] = 1;
  const missing = [...seen.keys()].filter((c) => seen[c] === 0);
  if (missing.length > 0 && options.average !== 'micro') {
    throw metricInputError(metric, 'yTrue', `classes ${missing.join(', ')} of 0..${k - 1} never occur; one-vs-rest ROC AUC needs every class present`);
  }
  return oneVsRest(metric, yTrue, score, options, (positive, column, weights) => {
    requireBothClasses(metric, positive, weights, ' after dropping zero-weight samples');
    return trapezoidRoc(binaryClfCurve(positive, column, weights));
  });
}

function trapezoidRoc(curve: BinaryClfCurve): number {
  const roc = rocFromCurve(curve);
  return trapezoid(roc.fpr, roc.tpr);
}

/**
 * Average precision (sklearn `average_precision_score`): Σ (Rₙ − Rₙ₋₁) Pₙ over distinct thresholds, no
 * interpolation. With no positive sample it is 0, as in sklearn. Multiclass (`options.nClasses`): one-vs-rest,
 * averaged like {@link rocAucScore}.
 * @throws MLP_ML_METRIC_INPUT on bad labels, lengths, non-finite values or weights.
 */
export function averagePrecisionScore(yTrue: NumericArray, score: NumericArray, options: RankingOptions = {}): number {
  const metric = 'average-precision';
  if (options.nClasses === undefined) {
    const { positive, weights } = binaryInputs(metric, yTrue, score, options.sampleWeight);
    return apFromCurve(binaryClfCurve(positive, score, weights));
  }
  return oneVsRest(metric, yTrue, score, options, (positive, column, weights) => apFromCurve(binaryClfCurve(positive, column, weights)));
}

/**
 * Area under the precision–recall curve by the trapezoid rule (sklearn `auc(recall, precision)` on
 * `precision_recall_curve`); prefer {@link averagePrecisionScore}, which does not interpolate optimistically.
 * @throws MLP_ML_METRIC_INPUT on bad labels, lengths, non-finite values or weights.
 */
export function prAucScore(yTrue: NumericArray, score: NumericArray, options: RankingOptions = {}): number {
  const metric = 'pr-auc';
  if (options.nClasses === undefined) {
    const { positive, weights } = binaryInputs(metric, yTrue, score, options.sampleWeight);
    return prAucFromCurve(binaryClfCurve(positive, score, weights));
  }
  return oneVsRest(metric, yTrue, score, options, (positive, column, weights) => prAucFromCurve(binaryClfCurve(positive, column, weights)));
}
