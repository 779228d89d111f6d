/**
 * Proper scoring rules over predicted probabilities: log loss (sklearn `log_loss`) and the Brier score
 * (sklearn `brier_score_loss` for binary; the original multi-category Brier for multiclass).
 */
import type { NumericArray } from './validate.js';
import {
  checkLabels,
  checkLength,
  checkNonEmpty,
  checkProbabilities,
  checkProbaMatrix,
  metricInputError,
  resolveWeights,
} from './validate.js';

/** Options of the probabilistic metrics. */
export interface ProbaMetricOptions {
  readonly sampleWeight?: NumericArray;
  /** Set for multiclass input: `proba` is then a row-major n×k matrix. Omit when `proba` holds P(class 1). */
  readonly nClasses?: number;
}

/** Options of {@link logLoss}. */
export interface LogLossOptions extends ProbaMetricOptions {
  /**
   * Probabilities are clipped to [eps, 1 − eps] before the log. Default: float64 machine epsilon (2.22e-16),
   * as the installed sklearn's `eps='auto'` (sklearn ≤ 1.2.0 used 1e-15; pass that to reproduce it).
   */
  readonly eps?: number;
}

/** Checks labels + probabilities for binary (vector of P(1)) or multiclass (n×k) input; returns k and weights. */
function probaInputs(
  metric: string,
  yTrue: NumericArray,
  proba: NumericArray,
  options: ProbaMetricOptions,
): { k: number; weights: Float64Array } {
  checkNonEmpty(metric, 'yTrue', yTrue);
  const n = yTrue.length;
  if (options.nClasses === undefined) {
    checkLength(metric, 'proba', proba, n);
    checkProbabilities(metric, 'proba', proba);
    checkLabels(metric, 'yTrue', yTrue, 2);
    return { k: 1, weights: resolveWeights(metric, options.sampleWeight, n) };
  }
  checkProbaMatrix(metric, proba, n, options.nClasses);
  checkLabels(metric, 'yTrue', yTrue, options.nClasses);
  return { k: options.nClasses, weights: resolveWeights(metric, options.sampleWeight, n) };
}

/**
 * Mean negative log-likelihood of the true class (natural log), as sklearn `log_loss` with
 * `labels = 0..k-1`: probabilities are clipped to [eps, 1 − eps], each row is renormalised to sum 1, and the
 * weighted mean is taken. A vector `proba` is P(class 1) of a binary problem. Single-class yTrue is fine
 * (the classes are 0..k-1 by construction).
 * @throws MLP_ML_METRIC_INPUT on mismatched lengths, labels out of range, probabilities outside [0, 1].
 */
export function logLoss(yTrue: NumericArray, proba: NumericArray, options: LogLossOptions = {}): number {
  const metric = 'log-loss';
  const { k, weights } = probaInputs(metric, yTrue, proba, options);
  const eps = options.eps ?? Number.EPSILON;
  if (!(eps >= 0 && eps < 0.5)) throw metricInputError(metric, 'eps', `is ${String(eps)}; expected a number in [0, 0.5)`);
  const lo = eps;
  const hi = 1 - eps;
  const clip = (p: number): number => (p < lo ? lo : p > hi ? hi : p);
  let sum = 0;
  let wSum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const y = yTrue[i] as number;
    let pTrue: number;
    let rowSum: number;
    if (k === 1) {
      // sklearn clips P(1), then expands to [1 − p, p] and renormalises that row.
      const p1 = clip(proba[i] as number);
      const p0 = 1 - p1;
      rowSum = p0 + p1;
      pTrue = y === 1 ? p1 : p0;
    } else {
      rowSum = 0;
      for (let c = 0; c < k; c++) rowSum += clip(proba[i * k + c] as number);
      pTrue = clip(proba[i * k + y] as number);
    }
    const w = weights[i] as number;
    sum += w * -Math.log(pTrue / rowSum);
    wSum += w;
  }
  return sum / wSum;
}

/**
 * Brier score: weighted mean squared difference between predicted probability and outcome. Binary (vector of
 * P(class 1)): mean (y − p)², exactly sklearn `brier_score_loss` with positive class 1. Multiclass
 * (`nClasses` set): mean over samples of Σ_c (p_c − [y = c])² (Brier's original definition, range [0, 2]).
 * @throws MLP_ML_METRIC_INPUT on mismatched lengths, labels out of range, probabilities outside [0, 1].
 */
export function brierScore(yTrue: NumericArray, proba: NumericArray, options: ProbaMetricOptions = {}): number {
  const { k, weights } = probaInputs('brier', yTrue, proba, options);
  let sum = 0;
  let wSum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const y = yTrue[i] as number;
    let loss = 0;
    if (k === 1) {
      const d = y - (proba[i] as number);
      loss = d * d;
    } else {
      for (let c = 0; c < k; c++) {
        const d = (c === y ? 1 : 0) - (proba[i * k + c] as number);
        loss += d * d;
      }
    }
    const w = weights[i] as number;
    sum += w * loss;
    wSum += w;
  }
  return sum / wSum;
}
