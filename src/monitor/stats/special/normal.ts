/**
 * The error function and the standard normal distribution to full double precision (as `scipy.special.erf`,
 * `erfc`, `ndtr` and `scipy.stats.norm.sf`). erf by its everywhere-positive series
 * `erf(x) = 2/√π e^{-x²} Σ 2^k x^{2k+1} / (1·3·…·(2k+1))` (no cancellation), erfc in the tail by the
 * Laplace continued fraction evaluated with the modified Lentz method.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k < 500; k++) {
    term *= (2 * x2) / (2 * k + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** `e^{x²} erfc(x)` for x >= 2 by the continued fraction `1/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))`. */
function erfcxTail(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 1000; k++) {
    const a = k / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return ONE_OVER_SQRT_PI / f;
}

/** The error function. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) return erfSeries(x);
  return Math.sign(x) * (1 - erfc(ax));
}

/** The complementary error function `1 - erf(x)`, accurate in the upper tail (underflows past x ≈ 26.5). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  let y: number;
  if (ax < 1) return 1 - erfSeries(x);
  if (ax < 1.5) y = 1 - erfSeries(ax);
  else {
    const z = -ax * ax;
    if (z < -709.782712893384) y = 0;
    else y = Math.exp(z) * erfcxTail(ax);
  }
  return x < 0 ? 2 - y : y;
}

/** Standard normal CDF `Φ(a)` (`scipy.special.ndtr`). */
export function ndtr(a: number): number {
  if (Number.isNaN(a)) return NaN;
  const x = a * Math.SQRT1_2;
  const z = Math.abs(x);
  if (z < Math.SQRT1_2) return 0.5 + 0.5 * erf(x);
  const y = 0.5 * erfc(z);
  return x > 0 ? 1 - y : y;
}

/** Standard normal survival function `1 - Φ(x)` (`scipy.stats.norm.sf`), accurate in the upper tail. */
export function normalSf(x: number): number {
  return ndtr(-x);
}
