/**
 * Multiclass reductions of binary ranking metrics, averaged as scikit-learn does: one-vs-rest (macro, weighted
 * by class support, or micro over the flattened indicator matrix) and one-vs-one (Hand & Till 2001: each pair
 * of classes scored both ways on the samples of those two classes, macro or weighted by pair prevalence).
 */
import type { NumericArray } from './validate.js';
import { checkLabels, checkNonEmpty, checkProbaMatrix, metricInputError, resolveWeights } from './validate.js';

/** A binary metric over 0/1 targets, scores and weights. */
export type BinaryScorer = (positive: Uint8Array, score: Float64Array, weights: Float64Array) => number;

/**
 * One-vs-rest: the binary metric per class (class c positive, column c as score), averaged `macro`,
 * `weighted` (by the total sample weight of each class; classes with zero weight count 0, as sklearn) or
 * `micro` (all n·k indicator/score pairs pooled).
 */
export function oneVsRest(
  metric: string,
  yTrue: NumericArray,
  proba: NumericArray,
  k: number,
  average: 'macro' | 'weighted' | 'micro',
  sampleWeight: NumericArray | undefined,
  binary: BinaryScorer,
): number {
  checkNonEmpty(metric, 'yTrue', yTrue);
  const n = yTrue.length;
  checkProbaMatrix(metric, proba, n, k);
  checkLabels(metric, 'yTrue', yTrue, k);
  const weights = resolveWeights(metric, sampleWeight, n);
  if (average === 'micro') {
    const positive = new Uint8Array(n * k);
    const w = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      positive[i * k + (yTrue[i] as number)] = 1;
      for (let c = 0; c < k; c++) w[i * k + c] = weights[i] as number;
    }
    return binary(positive, Float64Array.from(proba), w);
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
    const score = cw === 0 ? 0 : binary(positive, column, weights);
    sum += cw * score;
    weightSum += cw;
  }
  return weightSum === 0 ? 0 : sum / weightSum;
}

/**
 * One-vs-one over the classes present in yTrue (sklearn `_average_multiclass_ovo_score`): for each pair
 * (a, b), restricted to samples of class a or b, the mean of the metric with a positive (column a) and with b
 * positive (column b); averaged `macro` or `weighted` by the fraction of samples in the pair. No sample weights
 * (sklearn does not define them for one-vs-one).
 */
export function oneVsOne(
  metric: string,
  yTrue: NumericArray,
  proba: NumericArray,
  k: number,
  average: 'macro' | 'weighted',
  binary: BinaryScorer,
): number {
  checkNonEmpty(metric, 'yTrue', yTrue);
  const n = yTrue.length;
  checkProbaMatrix(metric, proba, n, k);
  checkLabels(metric, 'yTrue', yTrue, k);
  const count = new Float64Array(k);
  for (let i = 0; i < n; i++) count[yTrue[i] as number] = (count[yTrue[i] as number] as number) + 1;
  const classes: number[] = [];
  for (let c = 0; c < k; c++) if ((count[c] as number) > 0) classes.push(c);
  if (classes.length < 2) throw metricInputError(metric, 'yTrue', 'only one class is present; one-vs-one needs at least two');
  let sum = 0;
  let weightSum = 0;
  for (let x = 0; x < classes.length; x++) {
    for (let y = x + 1; y < classes.length; y++) {
      const a = classes[x] as number;
      const b = classes[y] as number;
      const m = (count[a] as number) + (count[b] as number);
      const posA = new Uint8Array(m);
      const posB = new Uint8Array(m);
      const scoreA = new Float64Array(m);
      const scoreB = new Float64Array(m);
      let j = 0;
      for (let i = 0; i < n; i++) {
        const label = yTrue[i] as number;
        if (label !== a && label !== b) continue;
        posA[j] = label === a ? 1 : 0;
        posB[j] = label === b ? 1 : 0;
        scoreA[j] = proba[i * k + a] as number;
        scoreB[j] = proba[i * k + b] as number;
        j++;
      }
      const ones = new Float64Array(m).fill(1);
      const pairScore = (binary(posA, scoreA, ones) + binary(posB, scoreB, ones)) / 2;
      const pw = average === 'weighted' ? m / n : 1;
      sum += pw * pairScore;
      weightSum += pw;
    }
  }
  return sum / weightSum;
}
