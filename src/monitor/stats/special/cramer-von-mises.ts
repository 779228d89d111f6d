/**
 * The limiting distribution of the Cramér–von Mises statistic (Csörgő and Faraway 1996, eq. 1.2–1.3), summed
 * until a term falls below 1e-7 as SciPy's `_cdf_cvm_inf` does, so the result equals SciPy's.
 */
import { besselK } from './bessel-k.js';
import { lgamma } from './gamma.js';

/** CDF of the Cramér–von Mises statistic for infinite sample size at x > 0. */
export function cdfCvmInf(x: number): number {
  let tot = 0;
  for (let k = 0; k < 10000; k++) {
    const u = Math.exp(lgamma(k + 0.5) - lgamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = y ** 2 / (16 * x);
    const z = u * Math.sqrt(y) * Math.exp(-q) * besselK(0.25, q);
    tot += z;
    if (!(Math.abs(z) >= 1e-7)) break;
  }
  return tot;
}
