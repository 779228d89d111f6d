import { elasticNetCoordinateDescent } from '../optim/coordinate-descent.js';
import type { FeatureMatrix } from '../matrix.js';
import { rawPenaltyScale, standardizedDesign } from './design.js';
import type { LinearParams } from './params.js';
import { l1Share } from './params.js';

/** Raw-unit coefficients of a fitted linear model (one output row per score). */
export interface LinearFit {
  /** `outputs × features`, row-major, raw feature units. */
  readonly coef: Float64Array;
  /** One intercept per output. */
  readonly intercept: Float64Array;
  /** Weighted standard deviation of each training column (for standardised importance). */
  readonly std: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * The solver's α (loss scaled by 1/2W) for the user's `alpha`: sklearn `Ridge` sums the squared errors unscaled,
 * so its α is divided by W (Σ w_i r_i² + a‖b‖² = 2W·((1/2W)·Σ w_i r_i² + ½(a/W)‖b‖²)); `Lasso` and `ElasticNet`
 * already scale the loss by 1/2W.
 */
function solverAlpha(params: LinearParams, weightSum: number): number {
  if (params.penalty === 'none') return 0;
  return params.penalty === 'l2' ? params.alpha / weightSum : params.alpha;
}

/**
 * Fits ridge / lasso / elastic-net regression by coordinate descent on standardised features (see
 * {@link LinearParams} for the objective). The intercept is recovered from the weighted means, unpenalised.
 * `afterIteration` is called after every sweep and may stop the descent (false) or abort it (throw).
 */
export function fitLinearRegression(
  X: FeatureMatrix,
  y: Float64Array,
  weights: Float64Array,
  weightSum: number,
  params: LinearParams,
  afterIteration?: (iteration: number) => boolean,
): LinearFit {
  const n = X.rows;
  const p = X.cols;
  const design = standardizedDesign(X, weights, weightSum, params.fitIntercept);
  let yMean = 0;
  if (params.fitIntercept) {
    for (let i = 0; i < n; i++) yMean += (weights[i] as number) * (y[i] as number);
    yMean /= weightSum;
  }
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) yc[i] = (y[i] as number) - yMean;
  // Penalty on raw coefficients b = β/s: |b| = |β|/s and b² = β²/s² (s = 1 where the standardised one is penalised).
  const penaltyScale = rawPenaltyScale(design, params.standardize);
  const l1Factor = new Float64Array(p);
  const l2Factor = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const s = penaltyScale[j] as number;
    l1Factor[j] = 1 / s;
    l2Factor[j] = 1 / (s * s);
  }
  const result = elasticNetCoordinateDescent(
    {
      columns: design.z,
      y: yc,
      weights,
      alpha: solverAlpha(params, weightSum),
      l1Ratio: l1Share(params),
      l1Factor,
      l2Factor,
    },
    { maxIter: params.maxIter, tol: params.tol, ...(afterIteration === undefined ? {} : { afterIteration }) },
  );
  const coef = new Float64Array(p);
  let intercept = yMean;
  for (let j = 0; j < p; j++) {
    const b = (result.coef[j] as number) / (design.scale[j] as number);
    coef[j] = b;
    intercept -= b * (design.mean[j] as number);
  }
  return { coef, intercept: Float64Array.of(intercept), std: design.std, iterations: result.sweeps, converged: result.converged };
}
