import { minimizeLbfgs } from '../optim/lbfgs.js';
import type { FeatureMatrix } from '../matrix.js';
import { rawPenaltyScale, standardizedDesign } from './design.js';
import type { LinearFit } from './fit-regression.js';
import type { LinearParams } from './params.js';
import { l1Share } from './params.js';

/**
 * Fits logistic regression: binary (one score, sigmoid) for two active classes, multinomial softmax (one score
 * per class) for more. L2 / none use L-BFGS, L1 / elastic net OWL-QN, both on standardised features and on the
 * sklearn objective divided by C·W (same minimiser, gradients of order 1).
 *
 * @param yActive per row, the index of its class among the active classes (0..K−1).
 * @param classCount K, the number of active classes (≥ 2).
 * @param afterIteration called after every iteration with the minimised objective (the penalised mean log loss);
 *   may stop the minimisation (false) or abort it (throw).
 */
export function fitLogisticRegression(
  X: FeatureMatrix,
  yActive: Int32Array,
  classCount: number,
  weights: Float64Array,
  weightSum: number,
  params: LinearParams,
  afterIteration?: (iteration: number, value: number) => boolean,
): LinearFit {
  const n = X.rows;
  const p = X.cols;
  const outputs = classCount === 2 ? 1 : classCount;
  const design = standardizedDesign(X, weights, weightSum, params.fitIntercept);
  const z = design.z;
  const nCoef = outputs * p;
  const nParams = nCoef + (params.fitIntercept ? outputs : 0);

  const rho = params.penalty === 'none' ? 0 : l1Share(params);
  const strength = params.penalty === 'none' ? 0 : 1 / (params.C * weightSum);
  const l2 = new Float64Array(p);
  const l1 = new Float64Array(nParams);
  const penaltyScale = rawPenaltyScale(design, params.standardize);
  for (let j = 0; j < p; j++) {
    const s = penaltyScale[j] as number;
    l2[j] = (strength * (1 - rho)) / (s * s);
    for (let k = 0; k < outputs; k++) l1[k * p + j] = (strength * rho) / s;
  }
  const invW = 1 / weightSum;
  const eta = new Float64Array(n * outputs);
  const resid = new Float64Array(n * outputs); // w_i·∂loss/∂η / W

  const objective = (x: Float64Array, grad: Float64Array): number => {
    // Scores η = Zβ + b, column by column (column-major data).
    for (let k = 0; k < outputs; k++) {
      const b = params.fitIntercept ? (x[nCoef + k] as number) : 0;
      for (let i = 0; i < n; i++) eta[i * outputs + k] = b;
      for (let j = 0; j < p; j++) {
        const beta = x[k * p + j] as number;
        if (beta === 0) continue;
        const col = z[j] as Float64Array;
        for (let i = 0; i < n; i++) eta[i * outputs + k] = (eta[i * outputs + k] as number) + beta * (col[i] as number);
      }
    }
    let loss = 0;
    if (outputs === 1) {
      for (let i = 0; i < n; i++) {
        const e = eta[i] as number;
        const yi = yActive[i] as number;
        const w = (weights[i] as number) * invW;
        // log(1 + e^η) − yη, computed without overflow.
        const softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
        loss += w * (softplus - yi * e);
        const prob = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
        resid[i] = w * (prob - yi);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const off = i * outputs;
        let max = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < outputs; k++) max = Math.max(max, eta[off + k] as number);
        let sum = 0;
        for (let k = 0; k < outputs; k++) sum += Math.exp((eta[off + k] as number) - max);
        const lse = max + Math.log(sum);
        const yi = yActive[i] as number;
        const w = (weights[i] as number) * invW;
        loss += w * (lse - (eta[off + yi] as number));
        for (let k = 0; k < outputs; k++) {
          const prob = Math.exp((eta[off + k] as number) - lse);
          resid[off + k] = w * (prob - (k === yi ? 1 : 0));
        }
      }
    }
    let penalty = 0;
    for (let k = 0; k < outputs; k++) {
      for (let j = 0; j < p; j++) {
        const col = z[j] as Float64Array;
        const beta = x[k * p + j] as number;
        let g = 0;
        for (let i = 0; i < n; i++) g += (resid[i * outputs + k] as number) * (col[i] as number);
        const lam = l2[j] as number;
        grad[k * p + j] = g + lam * beta;
        penalty += 0.5 * lam * beta * beta;
      }
      if (params.fitIntercept) {
        let g = 0;
        for (let i = 0; i < n; i++) g += resid[i * outputs + k] as number;
        grad[nCoef + k] = g;
      }
    }
    return loss + penalty;
  };

  const result = minimizeLbfgs(objective, new Float64Array(nParams), {
    maxIter: params.maxIter,
    gtol: params.tol,
    // Stop on the gradient (what `tol` promises), not on a flat objective: with one-hot columns next to the
    // intercept the objective is nearly flat along one direction and a 1e-14 relative decrease per step stopped
    // the fit with coefficients still ~1e-6 off. A step without decrease at working precision still ends it.
    ftol: 0,
    ...(rho > 0 ? { l1 } : {}),
    ...(afterIteration === undefined ? {} : { afterIteration }),
  });
  const coef = new Float64Array(nCoef);
  const intercept = new Float64Array(outputs);
  for (let k = 0; k < outputs; k++) {
    let b = params.fitIntercept ? (result.x[nCoef + k] as number) : 0;
    for (let j = 0; j < p; j++) {
      const c = (result.x[k * p + j] as number) / (design.scale[j] as number);
      coef[k * p + j] = c;
      b -= c * (design.mean[j] as number);
    }
    intercept[k] = b;
  }
  return { coef, intercept, std: design.std, iterations: result.iterations, converged: result.converged };
}
