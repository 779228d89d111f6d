/** Confusion matrix (sklearn `confusion_matrix`): rows are true labels, columns predicted labels. */
import type { NumericArray } from './validate.js';
import { checkLabels, checkLength, checkNonEmpty, metricInputError, presentLabels, resolveWeights } from './validate.js';

/** A square confusion matrix over `labels` (row-major `labels.length²`, rows = true, columns = predicted). */
export interface ConfusionMatrix {
  readonly labels: Int32Array;
  readonly matrix: Float64Array;
}

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Label order of rows/columns; samples whose true or predicted label is not listed are ignored. Default: sorted labels present. */
  readonly labels?: NumericArray;
  readonly sampleWeight?: NumericArray;
  /** Normalise over true rows, predicted columns or everything (empty rows/columns become 0, like sklearn). */
  readonly normalize?: 'true' | 'pred' | 'all';
}

/** Checks the shared inputs of label metrics and returns the resolved weights. */
export function checkLabelPair(metric: string, yTrue: NumericArray, yPred: NumericArray, sampleWeight?: NumericArray): Float64Array {
  checkNonEmpty(metric, 'yTrue', yTrue);
  checkLength(metric, 'yPred', yPred, yTrue.length);
  checkLabels(metric, 'yTrue', yTrue);
  checkLabels(metric, 'yPred', yPred);
  return resolveWeights(metric, sampleWeight, yTrue.length);
}

/** Resolves a `labels` option: distinct integers, or the sorted labels present in yTrue ∪ yPred. */
export function resolveLabelSet(metric: string, labels: NumericArray | undefined, yTrue: NumericArray, yPred: NumericArray): Int32Array {
  if (labels === undefined) return presentLabels(yTrue, yPred);
  if (labels.length === 0) throw metricInputError(metric, 'labels', 'is empty; list at least one label');
  checkLabels(metric, 'labels', labels);
  const out = Int32Array.from(labels);
  if (new Set(out).size !== out.length) throw metricInputError(metric, 'labels', 'contains duplicates; list each label once');
  return out;
}

/** Weighted counts C[i][j] = total weight of samples with true labels[i] and predicted labels[j]. */
export function weightedConfusion(yTrue: NumericArray, yPred: NumericArray, labels: Int32Array, weights: Float64Array): Float64Array {
  const L = labels.length;
  let maxLabel = 0;
  for (let i = 0; i < L; i++) maxLabel = Math.max(maxLabel, labels[i] as number);
  const position = new Int32Array(maxLabel + 1).fill(-1);
  for (let i = 0; i < L; i++) position[labels[i] as number] = i;
  const matrix = new Float64Array(L * L);
  for (let s = 0; s < yTrue.length; s++) {
    const t = yTrue[s] as number;
    const p = yPred[s] as number;
    const ti = t <= maxLabel ? (position[t] as number) : -1;
    const pi = p <= maxLabel ? (position[p] as number) : -1;
    if (ti < 0 || pi < 0) continue;
    matrix[ti * L + pi] = (matrix[ti * L + pi] as number) + (weights[s] as number);
  }
  return matrix;
}

/**
 * Confusion matrix of class-index labels, as sklearn's `confusion_matrix`.
 * @throws MLP_ML_METRIC_INPUT on mismatched lengths, non-integer/negative labels, bad weights.
 */
export function confusionMatrix(yTrue: NumericArray, yPred: NumericArray, options: ConfusionMatrixOptions = {}): ConfusionMatrix {
  const metric = 'confusion-matrix';
  const weights = checkLabelPair(metric, yTrue, yPred, options.sampleWeight);
  const labels = resolveLabelSet(metric, options.labels, yTrue, yPred);
  const matrix = weightedConfusion(yTrue, yPred, labels, weights);
  const L = labels.length;
  if (options.normalize !== undefined) {
    const rows = new Float64Array(L);
    const cols = new Float64Array(L);
    let all = 0;
    for (let i = 0; i < L; i++) {
      for (let j = 0; j < L; j++) {
        const v = matrix[i * L + j] as number;
        rows[i] = (rows[i] as number) + v;
        cols[j] = (cols[j] as number) + v;
        all += v;
      }
    }
    for (let i = 0; i < L; i++) {
      for (let j = 0; j < L; j++) {
        const d = options.normalize === 'true' ? (rows[i] as number) : options.normalize === 'pred' ? (cols[j] as number) : all;
        matrix[i * L + j] = d === 0 ? 0 : (matrix[i * L + j] as number) / d;
      }
    }
  }
  return { labels, matrix };
}
