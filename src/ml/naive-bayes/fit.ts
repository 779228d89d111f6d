import type { FeatureMatrix } from '../matrix.js';
import type { NaiveBayesParams } from './params.js';

/** How a feature enters the likelihood. */
export const FEATURE_GAUSSIAN = 0;
export const FEATURE_CATEGORICAL = 1;
/** A column with no observed training value; it contributes nothing. */
export const FEATURE_UNUSED = 2;

/** The fitted numbers of a naive Bayes model (plain typed arrays, `classes × features` row-major). */
export interface NaiveBayesTables {
  readonly classCount: number;
  /** log prior per class; −Infinity for classes absent from the training data. */
  readonly logPrior: Float64Array;
  /** Per feature: FEATURE_GAUSSIAN, FEATURE_CATEGORICAL or FEATURE_UNUSED. */
  readonly kind: Uint8Array;
  /** Gaussian mean per class and feature (0 for non-Gaussian features). */
  readonly mean: Float64Array;
  /** Gaussian variance (smoothing included) per class and feature (1 for non-Gaussian features). */
  readonly variance: Float64Array;
  /** Categories per feature (0 for non-categorical features). */
  readonly categories: Int32Array;
  /** Start of feature j's `classes × categories[j]` block in `logProb`. */
  readonly offset: Int32Array;
  /** log P(category | class) of every categorical feature. */
  readonly logProb: Float64Array;
  /** The smoothing added to every variance. */
  readonly epsilon: number;
}

/**
 * Fits Gaussian statistics for numeric columns and smoothed category frequencies for categorical columns, per
 * class, from weighted rows. Missing values (NaN) are skipped feature by feature: a class with no observed value
 * of a feature uses that feature's statistics over all classes, so the feature does not favour any class.
 *
 * @param y class codes 0..classCount−1 (rows of classes with no weight simply add nothing).
 */
export function fitNaiveBayes(
  X: FeatureMatrix,
  y: ArrayLike<number>,
  weights: Float64Array,
  classCount: number,
  params: NaiveBayesParams,
): NaiveBayesTables {
  const n = X.rows;
  const p = X.cols;
  const K = classCount;
  const classWeight = new Float64Array(K);
  for (let i = 0; i < n; i++) classWeight[y[i] as number] = (classWeight[y[i] as number] as number) + (weights[i] as number);
  let total = 0;
  let activeCount = 0;
  for (let c = 0; c < K; c++) {
    total += classWeight[c] as number;
    if ((classWeight[c] as number) > 0) activeCount++;
  }
  const logPrior = new Float64Array(K);
  for (let c = 0; c < K; c++) {
    const cw = classWeight[c] as number;
    logPrior[c] = cw > 0 ? (params.fitPrior ? Math.log(cw / total) : -Math.log(activeCount)) : Number.NEGATIVE_INFINITY;
  }

  const kind = new Uint8Array(p);
  const mean = new Float64Array(K * p);
  const variance = new Float64Array(K * p).fill(1);
  const categories = new Int32Array(p);
  const offset = new Int32Array(p);
  const sw = new Float64Array(K);
  const sx = new Float64Array(K);
  const sxx = new Float64Array(K);
  let maxVar = 0;
  let catSize = 0;
  for (let j = 0; j < p; j++) {
    const col = X.columns[j] as Float64Array;
    let observed = 0;
    let maxCode = -1;
    for (let i = 0; i < n; i++) {
      const v = col[i] as number;
      if (v !== v) continue;
      observed++;
      if (v > maxCode) maxCode = v;
    }
    if (observed === 0) {
      kind[j] = FEATURE_UNUSED;
      continue;
    }
    if (X.categorical[j] === true) {
      kind[j] = FEATURE_CATEGORICAL;
      categories[j] = maxCode + 1;
      offset[j] = catSize;
      catSize += K * (maxCode + 1);
      continue;
    }
    kind[j] = FEATURE_GAUSSIAN;
    // sklearn scales the smoothing by the plain (unweighted) variance of the column.
    let m = 0;
    for (let i = 0; i < n; i++) if (col[i] === col[i]) m += col[i] as number;
    m /= observed;
    let v2 = 0;
    for (let i = 0; i < n; i++) {
      const v = col[i] as number;
      if (v === v) v2 += (v - m) * (v - m);
    }
    maxVar = Math.max(maxVar, v2 / observed);
  }
  // All numeric columns constant: fall back to an absolute smoothing so variances stay positive.
  const epsilon = params.varSmoothing * (maxVar > 0 ? maxVar : 1);

  const logProb = new Float64Array(catSize);
  for (let j = 0; j < p; j++) {
    const col = X.columns[j] as Float64Array;
    if (kind[j] === FEATURE_GAUSSIAN) {
      sw.fill(0);
      sx.fill(0);
      for (let i = 0; i < n; i++) {
        const v = col[i] as number;
        if (v !== v) continue;
        const c = y[i] as number;
        const w = weights[i] as number;
        sw[c] = (sw[c] as number) + w;
        sx[c] = (sx[c] as number) + w * v;
      }
      let allW = 0;
      let allX = 0;
      for (let c = 0; c < K; c++) {
        allW += sw[c] as number;
        allX += sx[c] as number;
      }
      const allMean = allW > 0 ? allX / allW : 0;
      sxx.fill(0);
      let allXX = 0;
      for (let i = 0; i < n; i++) {
        const v = col[i] as number;
        if (v !== v) continue;
        const c = y[i] as number;
        const w = weights[i] as number;
        const cw = sw[c] as number;
        const d = cw > 0 ? v - (sx[c] as number) / cw : 0;
        sxx[c] = (sxx[c] as number) + w * d * d;
        allXX += w * (v - allMean) * (v - allMean);
      }
      const allVar = allW > 0 ? allXX / allW : 0;
      for (let c = 0; c < K; c++) {
        const cw = sw[c] as number;
        mean[c * p + j] = cw > 0 ? (sx[c] as number) / cw : allMean;
        variance[c * p + j] = (cw > 0 ? (sxx[c] as number) / cw : allVar) + epsilon;
      }
    } else if (kind[j] === FEATURE_CATEGORICAL) {
      const m = categories[j] as number;
      const base = offset[j] as number;
      const counts = new Float64Array(K * m);
      sw.fill(0);
      for (let i = 0; i < n; i++) {
        const v = col[i] as number;
        if (v !== v) continue;
        const c = y[i] as number;
        const w = weights[i] as number;
        counts[c * m + v] = (counts[c * m + v] as number) + w;
        sw[c] = (sw[c] as number) + w;
      }
      for (let c = 0; c < K; c++) {
        const den = (sw[c] as number) + params.alpha * m;
        for (let v = 0; v < m; v++) logProb[base + c * m + v] = Math.log(((counts[c * m + v] as number) + params.alpha) / den);
      }
    }
  }
  return { classCount: K, logPrior, kind, mean, variance, categories, offset, logProb, epsilon };
}
