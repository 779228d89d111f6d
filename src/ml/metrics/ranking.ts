/**
 * Ranking metrics over scores, as scikit-learn computes them: ROC AUC (binary; multiclass one-vs-rest or
 * one-vs-one), average precision and PR AUC (binary; multiclass one-vs-rest), and the ROC and PR curves.
 * The curve arithmetic lives in `binary-curve.ts`, the multiclass averaging in `multiclass-average.ts`.
 */
import type { BinaryClfCurve, PrecisionRecallCurve, RocCurve } from './binary-curve.js';
import {
  apFromCurve,
  binaryClfCurve,
  binaryInputs,
  prAucFromCurve,
  prFromCurve,
  requireBothClasses,
  rocFromCurve,
  trapezoid,
} from './binary-curve.js';
import { oneVsOne, oneVsRest } from './multiclass-average.js';
import type { NumericArray } from './validate.js';
import { checkLabels, checkNonEmpty, checkProbaMatrix, metricInputError } from './validate.js';

/** Options of the ranking metrics. */
export interface RankingOptions {
  readonly sampleWeight?: NumericArray;
  /** Set for multiclass input: `score` is then a row-major n×k probability matrix. Omit for binary scores. */
  readonly nClasses?: number;
  /** Multiclass averaging; default `'macro'`. `micro` is one-vs-rest only. */
  readonly average?: 'macro' | 'weighted' | 'micro';
  /** Multiclass reduction for ROC AUC: one-vs-rest (default) or one-vs-one (Hand & Till). */
  readonly multiClass?: 'ovr' | 'ovo';
}

/**
 * ROC curve of binary scores (sklearn `roc_curve`, `drop_intermediate=True`).
 * @throws MLP_ML_METRIC_INPUT when yTrue is not 0/1, lengths differ, scores are not finite, or a class is missing.
 */
export function rocCurve(yTrue: NumericArray, score: NumericArray, options: { sampleWeight?: NumericArray } = {}): RocCurve {
  const { positive, weights } = binaryInputs('roc-curve', yTrue, score, options.sampleWeight);
  requireBothClasses('roc-curve', positive, weights);
  return rocFromCurve(binaryClfCurve(positive, score, weights));
}

/**
 * Precision–recall curve of binary scores (sklearn `precision_recall_curve`).
 * @throws MLP_ML_METRIC_INPUT when yTrue is not 0/1, lengths differ or scores are not finite.
 */
export function precisionRecallCurve(
  yTrue: NumericArray,
  score: NumericArray,
  options: { sampleWeight?: NumericArray } = {},
): PrecisionRecallCurve {
  const { positive, weights } = binaryInputs('precision-recall-curve', yTrue, score, options.sampleWeight);
  return prFromCurve(binaryClfCurve(positive, score, weights));
}

function rocAuc(curve: BinaryClfCurve): number {
  const roc = rocFromCurve(curve);
  return trapezoid(roc.fpr, roc.tpr);
}

/**
 * Area under the ROC curve (sklearn `roc_auc_score`). Binary: `score` holds one score per sample (higher means
 * class 1). Multiclass (`options.nClasses` set): a row-major n×k probability matrix whose rows sum to 1, reduced
 * one-vs-rest (default; `macro`, `weighted` by class support, or `micro`) or one-vs-one (`macro` or `weighted`).
 * @throws MLP_ML_METRIC_INPUT when only one class is present in yTrue (binary), a class is missing (one-vs-rest
 *   macro/weighted), rows do not sum to 1, one-vs-one is asked with weights or `micro`, lengths differ, or
 *   values are not finite.
 */
export function rocAucScore(yTrue: NumericArray, score: NumericArray, options: RankingOptions = {}): number {
  const metric = 'roc-auc';
  if (options.nClasses === undefined) {
    const { positive, weights } = binaryInputs(metric, yTrue, score, options.sampleWeight);
    requireBothClasses(metric, positive, weights);
    return rocAuc(binaryClfCurve(positive, score, weights));
  }
  const k = options.nClasses;
  const average = options.average ?? 'macro';
  checkNonEmpty(metric, 'yTrue', yTrue);
  checkProbaMatrix(metric, score, yTrue.length, k);
  checkLabels(metric, 'yTrue', yTrue, k);
  for (let i = 0; i < yTrue.length; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += score[i * k + c] as number;
    // numpy allclose(1, s): |1 − s| ≤ 1e-8 + 1e-5·|s|
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
      throw metricInputError(metric, 'score', `row ${i} sums to ${s}; multiclass ROC AUC needs class probabilities that sum to 1`);
    }
  }
  const binary = (positive: Uint8Array, column: Float64Array, weights: Float64Array): number => {
    requireBothClasses(metric, positive, weights, ' after dropping zero-weight samples');
    return rocAuc(binaryClfCurve(positive, column, weights));
  };
  if (options.multiClass === 'ovo') {
    if (options.sampleWeight !== undefined)
      throw metricInputError(metric, 'sampleWeight', 'is not supported for one-vs-one ROC AUC (as in sklearn); drop it or use one-vs-rest');
    if (average === 'micro')
      throw metricInputError(metric, 'average', "is 'micro', which one-vs-one does not define; use 'macro' or 'weighted'");
    return oneVsOne(metric, yTrue, score, k, average, binary);
  }
  if (average !== 'micro') {
    const seen = new Uint8Array(k);
    for (let i = 0; i < yTrue.length; i++) seen[yTrue[i] as number] = 1;
    const missing = [...seen.keys()].filter((c) => seen[c] === 0);
    if (missing.length > 0) {
      throw metricInputError(
        metric,
        'yTrue',
        `classes ${missing.join(', ')} of 0..${k - 1} never occur; one-vs-rest ROC AUC needs every class present`,
      );
    }
  }
  return oneVsRest(metric, yTrue, score, k, average, options.sampleWeight, binary);
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
  return oneVsRest(metric, yTrue, score, options.nClasses, options.average ?? 'macro', options.sampleWeight, (p, s, w) =>
    apFromCurve(binaryClfCurve(p, s, w)),
  );
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
  return oneVsRest(metric, yTrue, score, options.nClasses, options.average ?? 'macro', options.sampleWeight, (p, s, w) =>
    prAucFromCurve(binaryClfCurve(p, s, w)),
  );
}
