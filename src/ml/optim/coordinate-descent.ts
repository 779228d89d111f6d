/** Problem of {@link elasticNetCoordinateDescent}; the columns should be centred when an intercept is fitted. */
export interface ElasticNetProblem {
  /** Column-major design, one Float64Array of `rows` values per coefficient. */
  readonly columns: readonly Float64Array[];
  /** Response (centred when an intercept is fitted). */
  readonly y: Float64Array;
  /** Non-negative row weights; their sum W scales the loss as (1/2W)·Σ w_i r_i². */
  readonly weights: Float64Array;
  /** Overall strength α ≥ 0. */
  readonly alpha: number;
  /** Mix ρ ∈ [0, 1]: penalty α·(ρ·Σ p1_j|b_j| + ½(1−ρ)·Σ p2_j b_j²). */
  readonly l1Ratio: number;
  /** Per-coefficient factor on the L1 term (1 when absent). */
  readonly l1Factor?: Float64Array;
  /** Per-coefficient factor on the L2 term (1 when absent). */
  readonly l2Factor?: Float64Array;
}

/** Options of {@link elasticNetCoordinateDescent}. */
export interface CoordinateDescentOptions {
  /** Maximum full sweeps over the coefficients. Default 1000. */
  readonly maxIter?: number;
  /**
   * Stops when the largest change of a fitted-value contribution in a sweep, max_j |Δb_j|·‖z_j‖_w, is at most
   * `tol` times the largest contribution max_j |b_j|·‖z_j‖_w (or every coefficient is 0). Default 1e-6.
   */
  readonly tol?: number;
  readonly signal?: AbortSignal;
  /**
   * Called after every sweep (the converging one included) with its number (1, 2, …); returning false stops the
   * descent there (`converged` false). May throw to abort.
   */
  readonly afterIteration?: (iteration: number) => boolean;
}

/** Outcome of {@link elasticNetCoordinateDescent}. */
export interface CoordinateDescentResult {
  readonly coef: Float64Array;
  readonly sweeps: number;
  readonly converged: boolean;
}

/**
 * Cyclic coordinate descent for the weighted elastic net (sklearn `ElasticNet` objective when the factors are 1):
 *
 *   min_b (1/2W)·Σ_i w_i (y_i − Σ_j z_ij b_j)² + α·Σ_j (ρ·p1_j·|b_j| + ½(1−ρ)·p2_j·b_j²)
 *
 * Each coordinate step is exact (soft-thresholding). A column whose weighted norm and L2 term are both 0 keeps
 * coefficient 0. Deterministic (fixed sweep order, sequential sums).
 */
export function elasticNetCoordinateDescent(problem: ElasticNetProblem, options: CoordinateDescentOptions = {}): CoordinateDescentResult {
  const { columns, y, weights, alpha, l1Ratio } = problem;
  const p = columns.length;
  const n = y.length;
  const maxIter = options.maxIter ?? 1000;
  const tol = options.tol ?? 1e-6;
  let wSum = 0;
  for (let i = 0; i < n; i++) wSum += weights[i] as number;
  const invW = wSum > 0 ? 1 / wSum : 0;

  const norm = new Float64Array(p); // (1/W) Σ w_i z_ij²
  const l1Pen = new Float64Array(p);
  const denom = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const z = columns[j] as Float64Array;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = z[i] as number;
      s += (weights[i] as number) * v * v;
    }
    norm[j] = s * invW;
    l1Pen[j] = alpha * l1Ratio * (problem.l1Factor?.[j] ?? 1);
    denom[j] = (norm[j] as number) + alpha * (1 - l1Ratio) * (problem.l2Factor?.[j] ?? 1);
  }

  const coef = new Float64Array(p);
  const resid = Float64Array.from(y);
  let sweeps = 0;
  let converged = false;
  for (; sweeps < maxIter; sweeps++) {
    options.signal?.throwIfAborted();
    let maxChange = 0;
    let maxContribution = 0;
    for (let j = 0; j < p; j++) {
      const den = denom[j] as number;
      const old = coef[j] as number;
      if (!(den > 0)) continue;
      const z = columns[j] as Float64Array;
      let g = 0;
      for (let i = 0; i < n; i++) g += (z[i] as number) * (weights[i] as number) * (resid[i] as number);
      const rho = g * invW + (norm[j] as number) * old;
      const lam = l1Pen[j] as number;
      const next = rho > lam ? (rho - lam) / den : rho < -lam ? (rho + lam) / den : 0;
      if (next !== old) {
        const delta = next - old;
        for (let i = 0; i < n; i++) resid[i] = (resid[i] as number) - delta * (z[i] as number);
        coef[j] = next;
        const scale = Math.sqrt(norm[j] as number);
        maxChange = Math.max(maxChange, Math.abs(delta) * scale);
      }
      maxContribution = Math.max(maxContribution, Math.abs(next) * Math.sqrt(norm[j] as number));
    }
    const stop = options.afterIteration?.(sweeps + 1) === false;
    if (maxChange <= tol * maxContribution) {
      sweeps++;
      converged = true;
      break;
    }
    if (stop) {
      sweeps++;
      break;
    }
  }
  return { coef, sweeps, converged };
}
