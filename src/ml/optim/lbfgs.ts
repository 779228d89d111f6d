/**
 * A smooth objective: returns f(x) and writes ∇f(x) into `grad` (same length as x). Must not keep `x` or `grad`.
 */
export type SmoothObjective = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Maximum iterations (each does one direction and one line search). Default 1000. */
  readonly maxIter?: number;
  /** Pairs (s, y) kept for the inverse-Hessian approximation. Default 10. */
  readonly memory?: number;
  /** Stops when the largest |(pseudo-)gradient| component is at most `gtol`. Default 1e-6. */
  readonly gtol?: number;
  /**
   * Stops when the relative decrease of the objective over one iteration is at most `ftol` (the objective is
   * flat to working precision). Default 1e-14.
   */
  readonly ftol?: number;
  /**
   * Per-coordinate L1 weights λ_i ≥ 0. When any is > 0 the method is OWL-QN (Andrew & Gao 2007) and minimises
   * f(x) + Σ λ_i |x_i|; coordinates with λ_i = 0 (intercepts) are unpenalised.
   */
  readonly l1?: Float64Array;
  /** Checked once per iteration; an aborted signal throws its reason. */
  readonly signal?: AbortSignal;
  /**
   * Called after every iteration that moved x (the converging one included) with its number (1, 2, …) and the
   * objective value; returning false stops the minimisation there (`converged` false). May throw to abort.
   */
  readonly afterIteration?: (iteration: number, value: number) => boolean;
}

/** Outcome of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  /** The minimiser found (a new array; `x0` is not modified). */
  readonly x: Float64Array;
  /** Objective value at `x`, including the L1 term. */
  readonly value: number;
  readonly iterations: number;
  /** True when a tolerance was met (false when `maxIter` ran out). */
  readonly converged: boolean;
}

/**
 * Minimises a smooth convex function with limited-memory BFGS, or f + Σ λ_i|x_i| with OWL-QN when `l1` has a
 * positive weight. Backtracking (Armijo) line search on the orthant-projected step; curvature pairs with
 * s·y ≤ 0 are skipped. Deterministic: the same inputs give the same bits.
 *
 * Reused by logistic regression and meant for Platt scaling and other small convex fits.
 */
export function minimizeLbfgs(f: SmoothObjective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const n = x0.length;
  const maxIter = options.maxIter ?? 1000;
  const m = Math.max(1, options.memory ?? 10);
  const gtol = options.gtol ?? 1e-6;
  const ftol = options.ftol ?? 1e-14;
  const l1 = options.l1;
  let owl = false;
  if (l1 !== undefined) for (let i = 0; i < n; i++) if ((l1[i] as number) > 0) owl = true;

  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const pg = new Float64Array(n);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const orthant = new Float64Array(n);
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rho = new Float64Array(m);
  const alphaBuf = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    sHist.push(new Float64Array(n));
    yHist.push(new Float64Array(n));
  }
  let stored = 0;
  let head = 0; // index of the next slot to write

  const l1Term = (v: Float64Array): number => {
    if (!owl || l1 === undefined) return 0;
    let s = 0;
    for (let i = 0; i < n; i++) s += (l1[i] as number) * Math.abs(v[i] as number);
    return s;
  };

  let fx = f(x, g) + l1Term(x);
  let iterations = 0;
  let converged = false;

  for (; iterations < maxIter; iterations++) {
    options.signal?.throwIfAborted();
    pseudoGradient(x, g, owl ? l1 : undefined, pg);
    let pgMax = 0;
    for (let i = 0; i < n; i++) pgMax = Math.max(pgMax, Math.abs(pg[i] as number));
    if (pgMax <= gtol) {
      converged = true;
      break;
    }

    // Two-loop recursion: d = -H·pg.
    for (let i = 0; i < n; i++) d[i] = -(pg[i] as number);
    for (let k = 0; k < stored; k++) {
      const slot = (head - 1 - k + m) % m;
      const s = sHist[slot] as Float64Array;
      const y = yHist[slot] as Float64Array;
      const a = (rho[slot] as number) * dot(s, d);
      alphaBuf[slot] = a;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) - a * (y[i] as number);
    }
    if (stored > 0) {
      const last = (head - 1 + m) % m;
      const y = yHist[last] as Float64Array;
      const gamma = 1 / ((rho[last] as number) * dot(y, y));
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
    }
    for (let k = stored - 1; k >= 0; k--) {
      const slot = (head - 1 - k + m) % m;
      const s = sHist[slot] as Float64Array;
      const y = yHist[slot] as Float64Array;
      const b = (rho[slot] as number) * dot(y, d);
      const a = alphaBuf[slot] as number;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) + (a - b) * (s[i] as number);
    }
    if (owl) {
      // Keep only the components that agree in sign with the steepest descent direction.
      for (let i = 0; i < n; i++) if ((d[i] as number) * (pg[i] as number) >= 0) d[i] = 0;
      for (let i = 0; i < n; i++) {
        const xi = x[i] as number;
        orthant[i] = xi !== 0 ? Math.sign(xi) : -Math.sign(pg[i] as number);
      }
    }
    let slope = dot(pg, d);
    if (!(slope < 0)) {
      // Not a descent direction (stale curvature): restart from steepest descent.
      stored = 0;
      for (let i = 0; i < n; i++) d[i] = -(pg[i] as number);
      slope = dot(pg, d);
      if (!(slope < 0)) {
        converged = true;
        break;
      }
    }

    let t = stored === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let fNew = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) {
        let v = (x[i] as number) + t * (d[i] as number);
        if (owl && v * (orthant[i] as number) <= 0) v = 0;
        xNew[i] = v;
      }
      fNew = f(xNew, gNew) + l1Term(xNew);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += (pg[i] as number) * ((xNew[i] as number) - (x[i] as number));
      if (fNew <= fx + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      // No decrease found at working precision: x is as good as this method can make it.
      converged = true;
      break;
    }

    const s = sHist[head] as Float64Array;
    const y = yHist[head] as Float64Array;
    for (let i = 0; i < n; i++) {
      s[i] = (xNew[i] as number) - (x[i] as number);
      y[i] = (gNew[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      stored = Math.min(stored + 1, m);
    }
    const rel = (fx - fNew) / Math.max(Math.abs(fx), Math.abs(fNew), 1);
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    const stop = options.afterIteration?.(iterations + 1, fx) === false;
    if (rel <= ftol) {
      iterations++;
      converged = true;
      break;
    }
    if (stop) {
      iterations++;
      break;
    }
  }
  return { x, value: fx, iterations, converged };
}

/** The pseudo-gradient of f + Σ λ_i|x_i| (equals the gradient when `l1` is undefined). */
function pseudoGradient(x: Float64Array, g: Float64Array, l1: Float64Array | undefined, out: Float64Array): void {
  const n = x.length;
  if (l1 === undefined) {
    out.set(g);
    return;
  }
  for (let i = 0; i < n; i++) {
    const lam = l1[i] as number;
    const gi = g[i] as number;
    const xi = x[i] as number;
    if (lam === 0) out[i] = gi;
    else if (xi > 0) out[i] = gi + lam;
    else if (xi < 0) out[i] = gi - lam;
    else if (gi + lam < 0) out[i] = gi + lam;
    else if (gi - lam > 0) out[i] = gi - lam;
    else out[i] = 0;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
