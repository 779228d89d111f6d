/**
 * The binary curve behind every ranking metric, computed exactly as scikit-learn does: counts at each distinct
 * score (ties form one step), the ROC curve with collinear points dropped, the precision–recall curve, and the
 * areas under them (trapezoid for ROC and PR AUC, step-wise Σ (Rₙ − Rₙ₋₁) Pₙ for average precision).
 */
import { argsortStable } from './argsort.js';
import type { NumericArray } from './validate.js';
import { checkFinite, checkLabels, checkLength, checkNonEmpty, metricInputError, resolveWeights } from './validate.js';

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
  const kept = new Uint32Array(n);
  for (let i = 0, j = 0; i < positive.length; i++) if ((weights[i] as number) !== 0) kept[j++] = i;
  // numpy: argsort(kind='mergesort')[::-1] — a stable ascending sort, reversed.
  const order = argsortStable(score, kept).reverse();
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
export function rocFromCurve(curve: BinaryClfCurve): RocCurve {
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
export function binaryInputs(
  metric: string,
  yTrue: NumericArray,
  score: NumericArray,
  sampleWeight?: NumericArray,
): { positive: Uint8Array; weights: Float64Array } {
  checkNonEmpty(metric, 'yTrue', yTrue);
  checkLength(metric, 'score', score, yTrue.length);
  checkLabels(metric, 'yTrue', yTrue, 2);
  checkFinite(metric, 'score', score);
  const weights = resolveWeights(metric, sampleWeight, yTrue.length);
  return { positive: Uint8Array.from(yTrue), weights };
}

/** Throws the sklearn-style "only one class" error when either class has zero total weight. */
export function requireBothClasses(metric: string, positive: Uint8Array, weights: Float64Array, what = ''): void {
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

/** Precision–recall curve in sklearn's order: recall decreasing, ending at (recall 0, precision 1). */
export interface PrecisionRecallCurve {
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly thresholds: Float64Array;
}

/** Precision and recall at each threshold, reversed into sklearn's order, with the (recall 0, precision 1) end point. */
export function prFromCurve(curve: BinaryClfCurve): PrecisionRecallCurve {
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

/** Average precision, sklearn's `-Σ diff(recall) · precision[:-1]` over the curve in its own order. */
export function apFromCurve(curve: BinaryClfCurve): number {
  const { precision, recall } = prFromCurve(curve);
  let s = 0;
  for (let i = 0; i + 1 < recall.length; i++) s += ((recall[i + 1] as number) - (recall[i] as number)) * (precision[i] as number);
  return -s;
}

/** Trapezoid area under precision over recall (recall runs downwards, hence the sign). */
export function prAucFromCurve(curve: BinaryClfCurve): number {
  const { precision, recall } = prFromCurve(curve);
  return -trapezoid(recall, precision);
}
