/**
 * Metrics over predicted class labels: accuracy, balanced accuracy, Matthews correlation, Cohen's kappa.
 * Each matches the scikit-learn function of the same name (see test/fixtures/ml/metrics/make_fixtures.py).
 */
import { checkLabelPair, resolveLabelSet, weightedConfusion } from './confusion-matrix.js';
import type { NumericArray } from './validate.js';
import { presentLabels } from './validate.js';

/** Options shared by label metrics. */
export interface LabelMetricOptions {
  readonly sampleWeight?: NumericArray;
}

/**
 * Weighted fraction of exact label matches (sklearn `accuracy_score`).
 * @throws MLP_ML_METRIC_INPUT on mismatched lengths, bad labels or weights.
 */
export function accuracyScore(yTrue: NumericArray, yPred: NumericArray, options: LabelMetricOptions = {}): number {
  const w = checkLabelPair('accuracy', yTrue, yPred, options.sampleWeight);
  let hit = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const wi = w[i] as number;
    if (yTrue[i] === yPred[i]) hit += wi;
    total += wi;
  }
  return hit / total;
}

/** Options of {@link balancedAccuracyScore}. */
export interface BalancedAccuracyOptions extends LabelMetricOptions {
  /** Rescale so that chance scores 0 and perfect 1 (sklearn `adjusted=True`). */
  readonly adjusted?: boolean;
}

/**
 * Mean per-class recall over classes present in yTrue (sklearn `balanced_accuracy_score`); classes that only
 * appear in yPred are left out, as in sklearn.
 * @throws MLP_ML_METRIC_INPUT on mismatched lengths, bad labels or weights.
 */
export function balancedAccuracyScore(yTrue: NumericArray, yPred: NumericArray, options: BalancedAccuracyOptions = {}): number {
  const w = checkLabelPair('balanced-accuracy', yTrue, yPred, options.sampleWeight);
  const labels = presentLabels(yTrue, yPred);
  const C = weightedConfusion(yTrue, yPred, labels, w);
  const L = labels.length;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < L; i++) {
    let row = 0;
    for (let j = 0; j < L; j++) row += C[i * L + j] as number;
    if (row === 0) continue;
    sum += (C[i * L + i] as number) / row;
    count++;
  }
  let score = sum / count;
  if (options.adjusted === true) {
    const chance = 1 / count;
    score = (score - chance) / (1 - chance);
  }
  return score;
}

/**
 * Matthews correlation coefficient, multiclass form (sklearn `matthews_corrcoef`); 0 when either marginal is
 * constant (the correlation is undefined), as sklearn.
 * @throws MLP_ML_METRIC_INPUT on mismatched lengths, bad labels or weights.
 */
export function matthewsCorrcoef(yTrue: NumericArray, yPred: NumericArray, options: LabelMetricOptions = {}): number {
  const w = checkLabelPair('mcc', yTrue, yPred, options.sampleWeight);
  const labels = presentLabels(yTrue, yPred);
  const C = weightedConfusion(yTrue, yPred, labels, w);
  const L = labels.length;
  const tSum = new Float64Array(L);
  const pSum = new Float64Array(L);
  let correct = 0;
  for (let i = 0; i < L; i++) {
    for (let j = 0; j < L; j++) {
      const v = C[i * L + j] as number;
      tSum[i] = (tSum[i] as number) + v;
      pSum[j] = (pSum[j] as number) + v;
    }
    correct += C[i * L + i] as number;
  }
  let n = 0;
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let i = 0; i < L; i++) {
    const t = tSum[i] as number;
    const p = pSum[i] as number;
    n += p;
    tp += t * p;
    pp += p * p;
    tt += t * t;
  }
  const covTP = correct * n - tp;
  const covPP = n * n - pp;
  const covTT = n * n - tt;
  if (covPP * covTT === 0) return 0;
  return covTP / Math.sqrt(covTT * covPP);
}

/** Options of {@link cohenKappaScore}. */
export interface CohenKappaOptions extends LabelMetricOptions {
  /** Disagreement weights by distance between label positions: none (0/1), linear |i−j| or quadratic (i−j)². */
  readonly weights?: 'none' | 'linear' | 'quadratic';
  /** Label order (positions define the distances); default: sorted labels present in either vector. */
  readonly labels?: NumericArray;
}

/**
 * Cohen's kappa between two labelings (sklearn `cohen_kappa_score`). Returns NaN when the expected
 * disagreement is zero (both raters constant on the same label), as sklearn does.
 * @throws MLP_ML_METRIC_INPUT on mismatched lengths, bad labels or weights.
 */
export function cohenKappaScore(yTrue: NumericArray, yPred: NumericArray, options: CohenKappaOptions = {}): number {
  const metric = 'cohen-kappa';
  const w = checkLabelPair(metric, yTrue, yPred, options.sampleWeight);
  const labels = resolveLabelSet(metric, options.labels, yTrue, yPred);
  const C = weightedConfusion(yTrue, yPred, labels, w);
  const L = labels.length;
  const sum0 = new Float64Array(L); // column sums (predicted)
  const sum1 = new Float64Array(L); // row sums (true)
  let total = 0;
  for (let i = 0; i < L; i++) {
    for (let j = 0; j < L; j++) {
      const v = C[i * L + j] as number;
      sum0[j] = (sum0[j] as number) + v;
      sum1[i] = (sum1[i] as number) + v;
      total += v;
    }
  }
  const mode = options.weights ?? 'none';
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < L; i++) {
    for (let j = 0; j < L; j++) {
      const d = mode === 'none' ? (i === j ? 0 : 1) : mode === 'linear' ? Math.abs(i - j) : (i - j) * (i - j);
      if (d === 0) continue;
      observed += d * (C[i * L + j] as number);
      // sklearn: expected = outer(sum0, sum1) / sum(sum0), i.e. E[i][j] = colSum[i] * rowSum[j] / total
      expected += (d * (sum0[i] as number) * (sum1[j] as number)) / total;
    }
  }
  return 1 - observed / expected;
}
