/**
 * Modified Bessel function of the second kind `K_ν(z)` for real ν and z > 0 (`scipy.special.kv` on that
 * domain), from the integral `K_ν(z) = ∫_0^∞ exp(-z cosh t) cosh(ν t) dt` by the trapezoidal rule. The
 * integrand is analytic and decays double-exponentially, so the rule converges geometrically in 1/h; the step
 * shrinks with 1/sqrt(z) so the peak of width ~1/sqrt(z) is always resolved, and the factor e^{-z} is taken
 * out (cosh t - 1 = 2 sinh²(t/2)) so the sum neither underflows nor cancels.
 */

/** `e^{z} K_ν(z)` (the exponentially scaled function, `scipy.special.kve`). */
export function besselKScaled(nu: number, z: number): number {
  if (!(z > 0)) return z === 0 ? Infinity : NaN;
  const h = Math.min(0.1, 0.5 / Math.sqrt(z));
  let sum = 0.5; // t = 0: exp(0) cosh(0) / 2
  for (let j = 1; j < 100000; j++) {
    const t = j * h;
    const s = Math.sinh(t / 2);
    const term = Math.exp(-2 * z * s * s) * Math.cosh(nu * t);
    sum += term;
    if (term < 1e-18 * sum) break;
  }
  return h * sum;
}

/** `K_ν(z)`; 0 where it underflows (z beyond about 745). */
export function besselK(nu: number, z: number): number {
  if (!(z > 0)) return z === 0 ? Infinity : NaN;
  const e = Math.exp(-z);
  return e === 0 ? 0 : e * besselKScaled(nu, z);
}
