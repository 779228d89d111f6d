import type { FeatureMatrix } from '../matrix.js';

/** Standardised copy of the features a linear fit works on: z_ij = (x_ij − mean_j) / scale_j. */
export interface Design {
  readonly z: Float64Array[];
  /** Weighted column means (0 when no intercept is fitted: columns are then only scaled). */
  readonly mean: Float64Array;
  /** Scale used for z (the weighted standard deviation, or 1 for a constant column). */
  readonly scale: Float64Array;
  /** Weighted population standard deviation of each raw column (0 for a constant column). */
  readonly std: Float64Array;
  /**
   * `binary[j]` is 1 when column j holds only the values 0 and 1 (one-hot levels, missing indicators, booleans):
   * `standardize` leaves such columns' penalty on the raw coefficient, as scikit-learn's `StandardScaler` +
   * `OneHotEncoder` pipelines do.
   */
  readonly binary: Uint8Array;
}

/**
 * Centres (when fitting an intercept) and scales every column by its weighted standard deviation. Scaling always
 * happens because it conditions both solvers; whether the penalty follows the scaling is decided by the caller
 * through per-coefficient penalty factors ({@link rawPenaltyScale}).
 */
export function standardizedDesign(X: FeatureMatrix, weights: Float64Array, weightSum: number, center: boolean): Design {
  const p = X.cols;
  const n = X.rows;
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  const std = new Float64Array(p);
  const binary = new Uint8Array(p);
  const z: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const col = X.columns[j] as Float64Array;
    let m = 0;
    let zeroOne = 1;
    for (let i = 0; i < n; i++) {
      const v = col[i] as number;
      m += (weights[i] as number) * v;
      if (v !== 0 && v !== 1) zeroOne = 0;
    }
    binary[j] = zeroOne;
    m /= weightSum;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const d = (col[i] as number) - m;
      v += (weights[i] as number) * d * d;
    }
    const sd = Math.sqrt(v / weightSum);
    // A column whose spread is lost in rounding noise is constant for the fit.
    const constant = !(sd > 1e-12 * Math.max(1, Math.abs(m)));
    std[j] = constant ? 0 : sd;
    const s = constant ? 1 : sd;
    const mu = center ? m : 0;
    mean[j] = mu;
    scale[j] = s;
    const out = new Float64Array(n);
    if (center && constant) out.fill(0);
    else for (let i = 0; i < n; i++) out[i] = ((col[i] as number) - mu) / s;
    z.push(out);
  }
  return { z, mean, scale, std, binary };
}

/**
 * Per column, the scale s_j the penalty divides a standardised coefficient β_j by (b_j = β_j / s_j): 1 when the
 * penalty applies to the standardised coefficient (`standardize` and a non-binary column), the column's scale
 * when it applies to the raw coefficient (no `standardize`, or a 0/1 column, which standardisation leaves alone).
 */
export function rawPenaltyScale(design: Design, standardize: boolean): Float64Array {
  const out = new Float64Array(design.scale.length);
  for (let j = 0; j < out.length; j++) out[j] = standardize && design.binary[j] === 0 ? 1 : (design.scale[j] as number);
  return out;
}
