/**
 * Precision, recall and F-beta with sklearn's averaging rules (`precision_recall_fscore_support`):
 * binary (one positive label), macro (unweighted mean over labels), micro (pooled counts), weighted (mean
 * weighted by true support). Labels default to the sorted labels present in yTrue ∪ yPred.
 */
import { checkLabelPair, resolveLabelSet } from './confusion-matrix.js';
import type { NumericArray } from './validate.js';
import { metricInputError, presentLabels } from './validate.js';

/** How per-label scores are combined. */
export type Average = 'binary' | 'macro' | 'micro' | 'weighted';

/** Options of the precision / recall / F family. */
export interface PrfOptions {
  /** Default `'binary'`, as sklearn. */
  readonly average?: Average;
  /** The positive class for `average: 'binary'`; default 1. */
  readonly posLabel?: number;
  /** Labels to score (ignored for `binary`); default: labels present in yTrue ∪ yPred. */
  readonly labels?: NumericArray;
  /** Value used when a ratio is 0/0 (sklearn `zero_division`; its default "warn" behaves as 0). */
  readonly zeroDivision?: 0 | 1;
  /** F-beta's beta; default 1 (F1). */
  readonly beta?: number;
  readonly sampleWeight?: NumericArray;
}

/** Averaged precision, recall and F-beta. */
export interface PrfResult {
  readonly precision: number;
  readonly recall: number;
  readonly fScore: number;
}

function mean(values: Float64Array, weights: Float64Array | undefined): number {
  let s = 0;
  let ws = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    s += w * (values[i] as number);
    ws += w;
  }
  return s / ws;
}

/**
 * Precision, recall and F-beta at once (sklearn `precision_recall_fscore_support` with an average).
 * @throws MLP_ML_METRIC_INPUT on mismatched lengths, bad labels/weights, `binary` with more than two labels
 *   present, or a `posLabel` that is not among two present labels.
 */
export function precisionRecallFscore(
  yTrue: NumericArray,
  yPred: NumericArray,
  options: PrfOptions = {},
  metric = 'precision-recall-f',
): PrfResult {
  const w = checkLabelPair(metric, yTrue, yPred, options.sampleWeight);
  const average = options.average ?? 'binary';
  const beta = options.beta ?? 1;
  if (!(beta >= 0)) throw metricInputError(metric, 'beta', `is ${String(beta)}; expected a number >= 0`);
  const zeroValue = options.zeroDivision ?? 0;
  let labels: Int32Array;
  if (average === 'binary') {
    const posLabel = options.posLabel ?? 1;
    const present = presentLabels(yTrue, yPred);
    if (present.length > 2) {
      throw metricInputError(
        metric,
        'average',
        `is 'binary' but ${present.length} labels are present (${present.join(', ')}); use 'macro', 'micro' or 'weighted'`,
      );
    }
    if (present.length === 2 && !present.includes(posLabel)) {
      throw metricInputError(metric, 'posLabel', `is ${posLabel} but the labels present are ${present.join(', ')}; pick one of them`);
    }
    labels = Int32Array.of(posLabel);
  } else {
    labels = resolveLabelSet(metric, options.labels, yTrue, yPred);
  }
  const L = labels.length;
  let maxLabel = 0;
  for (let i = 0; i < L; i++) maxLabel = Math.max(maxLabel, labels[i] as number);
  const position = new Int32Array(maxLabel + 1).fill(-1);
  for (let i = 0; i < L; i++) position[labels[i] as number] = i;
  let tp = new Float64Array(L);
  let predSum = new Float64Array(L);
  let trueSum = new Float64Array(L);
  for (let s = 0; s < yTrue.length; s++) {
    const t = yTrue[s] as number;
    const p = yPred[s] as number;
    const ws = w[s] as number;
    const ti = t <= maxLabel ? (position[t] as number) : -1;
    const pi = p <= maxLabel ? (position[p] as number) : -1;
    if (ti >= 0) trueSum[ti] = (trueSum[ti] as number) + ws;
    if (pi >= 0) predSum[pi] = (predSum[pi] as number) + ws;
    if (ti >= 0 && t === p) tp[ti] = (tp[ti] as number) + ws;
  }
  if (average === 'micro') {
    const pool = (a: Float64Array): Float64Array<ArrayBuffer> => Float64Array.of(a.reduce((x, y) => x + y, 0));
    tp = pool(tp);
    predSum = pool(predSum);
    trueSum = pool(trueSum);
  }
  const m = tp.length;
  const precision = new Float64Array(m);
  const recall = new Float64Array(m);
  const fScore = new Float64Array(m);
  const beta2 = beta * beta;
  for (let i = 0; i < m; i++) {
    const t = tp[i] as number;
    const pr = predSum[i] === 0 ? zeroValue : t / (predSum[i] as number);
    const rc = trueSum[i] === 0 ? zeroValue : t / (trueSum[i] as number);
    precision[i] = pr;
    recall[i] = rc;
    if (beta === Infinity) {
      fScore[i] = rc;
    } else {
      const denom = beta2 * pr + rc;
      fScore[i] = ((1 + beta2) * pr * rc) / (denom === 0 ? 1 : denom);
    }
  }
  let weights: Float64Array | undefined;
  if (average === 'weighted') {
    const supportTotal = trueSum.reduce((x, y) => x + y, 0);
    if (supportTotal === 0) {
      // sklearn: no true samples among the labels scored.
      const predTotal = predSum.reduce((x, y) => x + y, 0);
      if (predTotal === 0) return { precision: zeroValue, recall: zeroValue, fScore: zeroValue };
      return { precision: 0, recall: zeroValue, fScore: 0 };
    }
    weights = trueSum;
  }
  return { precision: mean(precision, weights), recall: mean(recall, weights), fScore: mean(fScore, weights) };
}

/** Precision: tp / (tp + fp), averaged per `options.average` (sklearn `precision_score`). */
export function precisionScore(yTrue: NumericArray, yPred: NumericArray, options: PrfOptions = {}): number {
  return precisionRecallFscore(yTrue, yPred, options, 'precision').precision;
}

/** Recall: tp / (tp + fn), averaged per `options.average` (sklearn `recall_score`). */
export function recallScore(yTrue: NumericArray, yPred: NumericArray, options: PrfOptions = {}): number {
  return precisionRecallFscore(yTrue, yPred, options, 'recall').recall;
}

/** F1, the harmonic mean of precision and recall, averaged per `options.average` (sklearn `f1_score`). */
export function f1Score(yTrue: NumericArray, yPred: NumericArray, options: Omit<PrfOptions, 'beta'> = {}): number {
  return precisionRecallFscore(yTrue, yPred, { ...options, beta: 1 }, 'f1').fScore;
}

/** F-beta (sklearn `fbeta_score`): recall weighted beta times as much as precision. */
export function fbetaScore(yTrue: NumericArray, yPred: NumericArray, beta: number, options: Omit<PrfOptions, 'beta'> = {}): number {
  return precisionRecallFscore(yTrue, yPred, { ...options, beta }, 'fbeta').fScore;
}
