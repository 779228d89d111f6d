/**
 * log Γ and the regularised incomplete gamma functions, hence the chi-squared survival function
 * (`scipy.special.gammaln`, `gammainc`, `gammaincc`, `chdtrc`; `scipy.stats.chi2.sf`).
 * log Γ: Stirling's series after shifting the argument above 15 by the recurrence. The incomplete gamma
 * functions: the power series for P below the transition and Legendre's continued fraction for Q above it
 * (Cephes' scheme), with the prefactor `x^a e^{-x} / Γ(a)` taken in logs.
 */

const HALF_LOG_2PI = 0.9189385332046728;
// Bernoulli-number coefficients B_2k / (2k (2k-1)) of Stirling's series, k = 1..8
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];
const MACHEP = 1.11022302462515654042e-16;
const MAXLOG = 709.782712893384;
const BIG = 4.503599627370496e15;
const BIGINV = 2.22044604925031308085e-16;

/** `log Γ(x)` for x > 0. */
export function lgamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x === 1 || x === 2) return 0;
  let shift = 0;
  let z = x;
  let prod = 1;
  while (z < 15) {
    prod *= z;
    z += 1;
    if (prod > 1e280) {
      shift += Math.log(prod);
      prod = 1;
    }
  }
  shift += Math.log(prod);
  const zi = 1 / z;
  const zi2 = zi * zi;
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * zi2 + (STIRLING[k] as number);
  return (z - 0.5) * Math.log(z) - z + HALF_LOG_2PI + series * zi - shift;
}

function prefactor(a: number, x: number): number {
  const ax = a * Math.log(x) - x - lgamma(a);
  return ax < -MAXLOG ? 0 : Math.exp(ax);
}

/** Lower regularised incomplete gamma P(a, x) by its power series (x below about a). */
function igamSeries(a: number, x: number): number {
  const ax = prefactor(a, x);
  if (ax === 0) return 0;
  let r = a;
  let c = 1.0;
  let ans = 1.0;
  for (let i = 0; i < 2000; i++) {
    r += 1.0;
    c *= x / r;
    ans += c;
    if (c <= MACHEP * ans) break;
  }
  return (ans * ax) / a;
}

/** Upper regularised incomplete gamma Q(a, x) by the continued fraction (x above a). */
function igamcContinuedFraction(a: number, x: number): number {
  const ax = prefactor(a, x);
  if (ax === 0) return 0;
  let y = 1.0 - a;
  let z = x + y + 1.0;
  let c = 0.0;
  let pkm2 = 1.0;
  let qkm2 = x;
  let pkm1 = x + 1.0;
  let qkm1 = z * x;
  let ans = pkm1 / qkm1;
  for (let i = 0; i < 2000; i++) {
    c += 1.0;
    y += 1.0;
    z += 2.0;
    const yc = y * c;
    const pk = pkm1 * z - pkm2 * yc;
    const qk = qkm1 * z - qkm2 * yc;
    let t = 1.0;
    if (qk !== 0) {
      const r = pk / qk;
      t = Math.abs((ans - r) / r);
      ans = r;
    }
    pkm2 = pkm1;
    pkm1 = pk;
    qkm2 = qkm1;
    qkm1 = qk;
    if (Math.abs(pk) > BIG) {
      pkm2 *= BIGINV;
      pkm1 *= BIGINV;
      qkm2 *= BIGINV;
      qkm1 *= BIGINV;
    }
    if (t <= MACHEP) break;
  }
  return ans * ax;
}

/** Regularised lower incomplete gamma `P(a, x)` (`scipy.special.gammainc`); NaN outside a > 0, x >= 0. */
export function gammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  if (x > 1.0 && x > a) return 1 - igamcContinuedFraction(a, x);
  return igamSeries(a, x);
}

/** Regularised upper incomplete gamma `Q(a, x) = 1 - P(a, x)` (`scipy.special.gammaincc`). */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x > 1.0 && x > a) return igamcContinuedFraction(a, x);
  return 1 - igamSeries(a, x);
}

/** Chi-squared survival function with `dof` degrees of freedom (`scipy.stats.chi2.sf(x, dof)`); 1 for x < 0. */
export function chi2Sf(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return NaN;
  if (x < 0) return 1;
  return gammaQ(dof / 2, x / 2);
}
