/**
 * Reliability of predicted probabilities: the calibration curve (sklearn `calibration.calibration_curve`) and
 * the expected calibration error (ECE, which sklearn does not have; defined below and checked against numpy).
 *
 * Binning, shared by both: edges e₀ = 0 < e₁ < … < e_B = 1 (uniform: eᵢ = i·(1/B), numpy `linspace`;
 * quantile: numpy `percentile` of the probabilities, linear method). A probability p goes to bin
 * b = #{inner edges e₁…e_{B−1} strictly below p} (numpy `searchsorted(edges[1:-1], p)`), so bins are
 * (e_{b}, e_{b+1}] and p = 0 lands in the first one.
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

/** Uniform edges exactly as numpy `linspace(0, 1, nBins + 1)`. */
function uniformEdges(nBins: number): Float64Array {
  const edges = new Float64Array(nBins + 1);
  const step = 1 / nBins;
  for (let i = 0; i < nBins; i++) edges[i] = i * step;
  edges[nBins] = 1;
  return edges;
}

/** numpy `percentile(values, linspace(0, 1, nBins + 1) * 100)` with the default linear method. */
function quantileEdges(values: NumericArray, nBins: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const lin = uniformEdges(nBins);
  const edges = new Float64Array(nBins + 1);
  for (let i = 0; i <= nBins; i++) {
    const q = ((lin[i] as number) * 100) / 100;
    const virtual = (n - 1) * q;
    if (virtual >= n - 1) {
      edges[i] = sorted[n - 1] as number;
      continue;
    }
    const prev = Math.floor(virtual);
    const gamma = virtual - prev;
    const a = sorted[prev] as number;
    const b = sorted[prev + 1] as number;
    const diff = b - a;
    // numpy `_lerp`: a + diff·t, but b − diff·(1 − t) when t ≥ 0.5 (keeps monotonicity at the top end).
    edges[i] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }
  return edges;
}

/** Bin of p: number of inner edges strictly below p (numpy `searchsorted(edges[1:-1], p, 'left')`). */
function binOf(edges: Float64Array, p: number): number {
  let lo = 1;
  let hi = edges.length - 1; // search edges[1 .. length-2]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] as number) < p) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** A reliability diagram: one entry per non-empty bin, in bin order. */
export interface CalibrationCurve {
  /** Fraction of positives in each non-empty bin. */
  readonly probTrue: Float64Array;
  /** Mean predicted probability in each non-empty bin. */
  readonly probPred: Float64Array;
  /** Number of samples in each non-empty bin. */
  readonly counts: Float64Array;
  /** All nBins + 1 edges used (non-empty bins only appear in the arrays above). */
  readonly edges: Float64Array;
}

/** Options of {@link calibrationCurve}. */
export interface CalibrationCurveOptions {
  /** Number of bins; default 5 (sklearn's default). */
  readonly nBins?: number;
  /** `uniform` (equal-width, default) or `quantile` (equal-count edges from the probabilities). */
  readonly strategy?: 'uniform' | 'quantile';
}

function checkBins(metric: string, nBins: number): void {
  if (!Number.isInteger(nBins) || nBins < 1) throw metricInputError(metric, 'nBins', `is ${String(nBins)}; expected an integer >= 1`);
}

/**
 * Calibration curve of a binary classifier (sklearn `calibration_curve`): yTrue in {0, 1}, `proba` = P(class 1).
 * Empty bins are dropped, as sklearn does.
 * @throws MLP_ML_METRIC_INPUT on mismatched lengths, labels other than 0/1, probabilities outside [0, 1], bad nBins.
 */
export function calibrationCurve(yTrue: NumericArray, proba: NumericArray, options: CalibrationCurveOptions = {}): CalibrationCurve {
  const metric = 'calibration-curve';
  checkNonEmpty(metric, 'yTrue', yTrue);
  checkLength(metric, 'proba', proba, yTrue.length);
  checkLabels(metric, 'yTrue', yTrue, 2);
  checkProbabilities(metric, 'proba', proba);
  const nBins = options.nBins ?? 5;
  checkBins(metric, nBins);
  const edges = options.strategy === 'quantile' ? quantileEdges(proba, nBins) : uniformEdges(nBins);
  const sumPred = new Float64Array(nBins);
  const sumTrue = new Float64Array(nBins);
  const count = new Float64Array(nBins);
  for (let i = 0; i < yTrue.length; i++) {
    const p = proba[i] as number;
    const b = binOf(edges, p);
    sumPred[b] = (sumPred[b] as number) + p;
    sumTrue[b] = (sumTrue[b] as number) + (yTrue[i] as number);
    count[b] = (count[b] as number) + 1;
  }
  const nonEmpty: number[] = [];
  for (let b = 0; b < nBins; b++) if ((count[b] as number) > 0) nonEmpty.push(b);
  return {
    probTrue: Float64Array.from(nonEmpty, (b) => (sumTrue[b] as number) / (count[b] as number)),
    probPred: Float64Array.from(nonEmpty, (b) => (sumPred[b] as number) / (count[b] as number)),
    counts: Float64Array.from(nonEmpty, (b) => count[b] as number),
    edges,
  };
}

/** Options of {@link expectedCalibrationError}. */
export interface EceOptions {
  /** Number of equal-width bins over [0, 1]; default 10. */
  readonly nBins?: number;
  /** Set for multiclass input (row-major n×k matrix, top-label ECE); omit when `proba` holds P(class 1). */
  readonly nClasses?: number;
  readonly sampleWeight?: NumericArray;
}

/**
 * Expected calibration error: Σ_b (W_b / W) · |acc_b − conf_b| over uniform bins (W = sample weight).
 * Binary (`proba` = P(class 1)): conf = P(1), acc = fraction of class 1 in the bin — the gap of the
 * calibration curve, weighted by bin mass. Multiclass: top-label — conf = max_c p_c, acc = fraction where
 * the arg-max class (first one on ties) equals yTrue.
 * @throws MLP_ML_METRIC_INPUT on mismatched lengths, labels out of range, probabilities outside [0, 1], bad nBins.
 */
export function expectedCalibrationError(yTrue: NumericArray, proba: NumericArray, options: EceOptions = {}): number {
  const metric = 'ece';
  checkNonEmpty(metric, 'yTrue', yTrue);
  const n = yTrue.length;
  const k = options.nClasses;
  if (k === undefined) {
    checkLength(metric, 'proba', proba, n);
    checkProbabilities(metric, 'proba', proba);
    checkLabels(metric, 'yTrue', yTrue, 2);
  } else {
    checkProbaMatrix(metric, proba, n, k);
    checkLabels(metric, 'yTrue', yTrue, k);
  }
  const weights = resolveWeights(metric, options.sampleWeight, n);
  const nBins = options.nBins ?? 10;
  checkBins(metric, nBins);
  const edges = uniformEdges(nBins);
  const sumConf = new Float64Array(nBins);
  const sumAcc = new Float64Array(nBins);
  const mass = new Float64Array(nBins);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let conf: number;
    let acc: number;
    if (k === undefined) {
      conf = proba[i] as number;
      acc = yTrue[i] as number;
    } else {
      let best = 0;
      conf = proba[i * k] as number;
      for (let c = 1; c < k; c++) {
        const p = proba[i * k + c] as number;
        if (p > conf) {
          conf = p;
          best = c;
        }
      }
      acc = best === yTrue[i] ? 1 : 0;
    }
    const w = weights[i] as number;
    const b = binOf(edges, conf);
    sumConf[b] = (sumConf[b] as number) + w * conf;
    sumAcc[b] = (sumAcc[b] as number) + w * acc;
    mass[b] = (mass[b] as number) + w;
    total += w;
  }
  let ece = 0;
  for (let b = 0; b < nBins; b++) {
    const m = mass[b] as number;
    if (m === 0) continue;
    ece += (m / total) * Math.abs((sumAcc[b] as number) / m - (sumConf[b] as number) / m);
  }
  return ece;
}
