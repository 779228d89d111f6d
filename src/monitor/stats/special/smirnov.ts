/**
 * The exact one-sided Smirnov survival function `Pr(D_n^+ >= d)` (`scipy.special.smirnov(n, d)` of SciPy 1.10):
 * the Birnbaum–Tingey sum Σ C(n, v) (d + v/n)^(v-1) (1 - d - v/n)^(n-v), each term as a double-double mantissa
 * with a separate binary exponent so nothing under- or overflows, summed in double-double and stopped early
 * once the remaining terms cannot matter. Double-double arithmetic (a value is `hi + lo`, ~32 digits): the
 * error-free transformations of Dekker (1971) and Knuth, the IEEE-style addition of Briggs and Kahan. It lives in
 * this file with its only user because the sum runs up to n times per call.
 */

const MINLOG = -745.1332191019412;
const SMIRNOV_MAX_COMPUTE_N = 1000000;
const SM_UPPER_MAX_TERMS = 3;
const SM_UPPERSUM_MIN_N = 10;
const MAX_EXPONENT = 960;
const EPS = Number.EPSILON;
// lower sums longer than this use the recurrence with exact checkpoints (lowerSumFast)
const FAST_MIN_TERMS = 4000;
const CHECKPOINT = 256;
const SPLIT = 134217729;
const TWO500 = 2 ** 500;

/** A double-double value `hi + lo` with `|lo| <= ulp(hi) / 2`. */
interface DD {
  readonly hi: number;
  readonly lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1

const DD_ZERO: DD = { hi: 0, lo: 0 };
const DD_ONE: DD = { hi: 1, lo: 0 };

function dd(hi: number, lo: number): DD {
  return { hi, lo };
}

/** `a + b` when `|a| >= |b|`, as a normalised pair. */
function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return dd(s, b - (s - a));
}

/** Exact `a + b` as a pair. */
function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return dd(s, a - (s - bb) + (b - bb));
}

/** Exact `a * b` as a pair (Dekker's split; inputs far from overflow). */
function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return dd(p, ah * bh - p + ah * bl + al * bh + al * bl);
}

function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let r = quickTwoSum(s.hi, s.lo + t.hi);
  r = quickTwoSum(r.hi, r.lo + t.lo);
  return r;
}

function ddNeg(a: DD): DD {
  return dd(-a.hi, -a.lo);
}

function ddSub(a: DD, b: DD): DD {
  return ddAdd(a, ddNeg(b));
}

function ddAddNum(a: DD, b: number): DD {
  const s = twoSum(a.hi, b);
  return quickTwoSum(s.hi, s.lo + a.lo);
}

function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

function ddMulNum(a: DD, b: number): DD {
  const p1 = twoProd(a.hi, b);
  const p2 = twoProd(a.lo, b);
  return quickTwoSum(p1.hi, p2.lo + p2.hi + p1.lo);
}

function ddDiv(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = ddSub(a, ddMulNum(b, q1));
  const q2 = r.hi / b.hi;
  r = ddSub(r, ddMulNum(b, q2));
  const q3 = r.hi / b.hi;
  return ddAddNum(quickTwoSum(q1, q2), q3);
}

/** `a / b` of two doubles, as a double-double. */
function ddDivNum(a: number, b: number): DD {
  return ddDiv(dd(a, 0), dd(b, 0));
}

function ddFromNumber(a: number): DD {
  return dd(a, 0);
}

function ddInv(a: DD): DD {
  return ddDiv(DD_ONE, a);
}

function ddIsZero(a: DD): boolean {
  return a.hi === 0;
}

function ddIsFinite(a: DD): boolean {
  return Number.isFinite(a.hi);
}

/** floor of a double-double. */
function ddFloor(a: DD): DD {
  const hi = Math.floor(a.hi);
  if (hi === a.hi) return quickTwoSum(hi, Math.floor(a.lo));
  return dd(hi, 0);
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0; // index of the high word

/** `2^k` for an integer k in [-1022, 1023], built from its bits. */
function pow2(k: number): number {
  U32[1 - HI] = 0;
  U32[HI] = (k + 1023) << 20;
  return F64[0] as number;
}

/** `x * 2^e` without intermediate overflow or underflow of the scale factor. */
export function ldexp(x: number, e: number): number {
  let v = x;
  let k = e;
  while (k > 1023) {
    v *= 8.98846567431158e307; // 2^1023
    k -= 1023;
  }
  while (k < -1022) {
    v *= 2.2250738585072014e-308; // 2^-1022
    k += 1022;
  }
  return v * pow2(k);
}

/** `[m, e]` with `x = m * 2^e` and `0.5 <= |m| < 1` (C's frexp); `[x, 0]` for 0, ±Infinity and NaN. */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  F64[0] = x;
  const biased = ((U32[HI] as number) >>> 20) & 0x7ff;
  if (biased === 0) {
    // subnormal: scale into the normal range first
    const [m, e] = frexp(x * 18014398509481984); // 2^54
    return [m, e - 54];
  }
  // replace the exponent by that of 0.5 (biased 1022)
  U32[HI] = ((U32[HI] as number) & 0x800fffff) | (1022 << 20);
  return [F64[0] as number, biased - 1022];
}

function ddLdexp(a: DD, e: number): DD {
  return dd(ldexp(a.hi, e), ldexp(a.lo, e));
}

/** Mantissa in [0.5, 1) (or exactly 1 with a negative low part) and exponent, as C's frexp on the pair. */
function ddFrexp(a: DD): [DD, number] {
  const [man, e] = frexp(a.hi);
  let m = man;
  let lo = ldexp(a.lo, -e);
  let exp = e;
  if (Math.abs(m) === 0.5 && m * lo < 0) {
    m *= 2;
    lo *= 2;
    exp -= 1;
  }
  return [dd(m, lo), exp];
}

function nextPowerOf2(x: number): number {
  const q = ldexp(x, 1 - 53);
  let l = Math.abs(q + x);
  if (l === 0) l = Math.abs(x);
  else if (Math.trunc(l) === l) l = Math.trunc(l);
  return l;
}

/** `a^m` for a double-double `a` (pow on the high part, first-order correction for the low part). */
function powD(a: DD, m: number): DD {
  if (m <= 0) {
    if (m === 0) return DD_ONE;
    return ddInv(powD(a, -m));
  }
  if (ddIsZero(a)) return DD_ZERO;
  const ans = a.hi ** m;
  const r = a.lo / a.hi;
  let adj = m * r;
  if (Math.abs(adj) > 1e-8) {
    if (Math.abs(adj) < 1e-4) adj += m * r * (((m - 1) / 2.0) * r);
    else adj = Math.expm1(m * Math.log1p(r));
  }
  return twoSum(ans, ans * adj);
}

/** `a^m` as a mantissa in [0.5, 1) and a binary exponent, without underflow for huge m. */
function pow2ScaledD(a: DD, m: number): [DD, number] {
  if (m <= 0) {
    if (m === 0) return [DD_ONE, 0];
    const [inv, e1] = pow2ScaledD(a, -m);
    const [man, e2] = ddFrexp(ddInv(inv));
    return [man, -e1 + e2];
  }
  const [y, yE] = ddFrexp(a);
  if (m === 1) return [y, yE];
  let maxExpt = MAX_EXPONENT;
  if ((m * (y.hi - 1)) / y.hi < -MAX_EXPONENT * Math.LN2) {
    const lg2y = Math.log(y.hi) / Math.LN2;
    if (m * lg2y <= -MAX_EXPONENT) maxExpt = Math.trunc(nextPowerOf2(-MAX_EXPONENT / lg2y + 1) / 2);
  }
  if (m <= maxExpt) {
    const [man, e] = ddFrexp(powD(y, m));
    return [man, e + m * yE];
  }
  const q = Math.trunc(m / maxExpt);
  const r = m % maxExpt;
  const [y2r, y2rE] = pow2ScaledD(y, r);
  const [y2m, y2mE] = pow2ScaledD(y, maxExpt);
  const [y2mq, y2mqE0] = pow2ScaledD(y2m, q);
  const [ans, ansE0] = ddFrexp(ddMul(y2r, y2mq));
  const y2mqE = y2mqE0 + y2mE * q;
  return [ans, ansE0 + y2mqE + y2rE + m * yE];
}

/** `((a + b) / (c + d))^m` in double-double. */
function pow4D(a: number, b: number, c: number, d: number, m: number): DD {
  if (m <= 0) {
    if (m === 0) return DD_ONE;
    return pow4D(c, d, a, b, -m);
  }
  const A = twoSum(a, b);
  const C = twoSum(c, d);
  if (ddIsZero(A)) return ddIsZero(C) ? { hi: NaN, lo: NaN } : DD_ZERO;
  if (ddIsZero(C)) return A.hi < 0 ? { hi: -Infinity, lo: 0 } : { hi: Infinity, lo: 0 };
  return powD(ddDiv(A, C), m);
}

/**
 * `Pr(D_n^+ >= d)`, the exact one-sided Smirnov survival function (`scipy.special.smirnov(n, d)`);
 * NaN outside n >= 1, 0 <= d <= 1.
 */
export function smirnov(n: number, d: number): number {
  const x = d;
  if (!(n > 0 && x >= 0.0 && x <= 1.0)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0.0) return 1.0;
  if (x === 1.0) return 0.0;
  // floor(n x) and its fractional part, exactly
  const nxD = twoProd(n, x);
  const nxfloorD = ddFloor(nxD);
  let alpha = ddSub(nxD, nxfloorD).hi;
  let nxfl = Math.trunc(nxfloorD.hi);
  if (alpha === 1) {
    nxfl += 1;
    alpha = 0;
  }
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const t = powD(twoSum(1, x), n - 1).hi;
    return clip01(1 - x * t);
  }
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return clip01(powD(twoSum(1, -x), n).hi);
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -((6.0 * n * x + 1) ** 2) / 18.0 / n;
    return clip01(logp < -Math.LN2 ? Math.exp(logp) : 1 - -Math.expm1(logp));
  }
  const nUpperTerms = n - n1mxceil + 1;
  let useUpper = nUpperTerms <= 1 && x < 0.5;
  useUpper = useUpper || (n >= SM_UPPERSUM_MIN_N && nUpperTerms <= SM_UPPER_MAX_TERMS && x <= 0.5 / Math.sqrt(n));

  let start = 0;
  let step = 1;
  let nTerms = n1mxfl + 1;
  const vmid = Math.trunc(n / 2);
  let cman: DD = DD_ONE;
  let cexpt = 0;
  let aj: DD;
  if (useUpper) {
    start = n;
    step = -1;
    nTerms = n - n1mxceil + 1;
    aj = pow4D(1, x, 1, 0, n - 1);
  } else {
    aj = ddDiv(pow4D(1, -x, 1, 0, n), ddFromNumber(x));
  }
  let ajSum = ddAdd(DD_ZERO, aj);
  if (!useUpper && nTerms > FAST_MIN_TERMS) return clip01(lowerSumFast(n, x, nTerms, vmid, aj.hi) * x);
  const updateBinomial = (j: number): void => {
    const [man, e] = ddFrexp(ddMul(cman, ddDivNum(n - j, j + 1.0)));
    cexpt += e;
    cman = man;
  };
  updateBinomial(0);
  for (let j = 1; j < nTerms; j++) {
    const v = start + j * step;
    // A_v = C(n, v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v)
    const t2x = ddAddNum(ddDivNum(n - v, n), -x);
    const [t2, t2E] = pow2ScaledD(t2x, n - v);
    const t1x = ddAddNum(ddDivNum(v, n), x);
    const [t1, t1E] = pow2ScaledD(t1x, v - 1);
    aj = ddLdexp(ddMul(ddMul(t1, t2), cman), cexpt + t1E + t2E);
    if (ddIsFinite(aj) && !ddIsZero(aj)) ajSum = ddAdd(ajSum, aj);
    if (!ddIsZero(aj)) {
      if (4 * (nTerms - j) * Math.abs(aj.hi) < EPS * ajSum.hi && j !== nTerms - 1) break;
    } else if (j > vmid) {
      break;
    }
    updateBinomial(j);
  }
  const prob = ddMulNum(ajSum, x).hi;
  return clip01(step < 0 ? 1 - prob : prob);
}

/**
 * Σ_{v < nTerms} A_v for the lower sum when it is long (n large): the binomial C(n, v) is carried in
 * double-double from step to step (as SciPy does), the power part p_v^(v-1) q_v^(n-v) (p_v = x + v/n,
 * q_v = 1 - p_v) is evaluated exactly in double-double every CHECKPOINT terms and in between advanced by its
 * ratio exp(log p_v - log q_{v-1} + (v-2) log1p(1/(n p_{v-1})) + (n-v) log1p(-1/(n q_{v-1}))), whose rounding
 * errors (a few ulps per step) cannot add up to more than ~1e-12 relative before the next checkpoint. The
 * terms are summed with compensation; the early stop is SciPy's. About 30× faster than a double-double power
 * per term, for the same value to ~1e-12.
 */
function lowerSumFast(n: number, x: number, nTerms: number, vmid: number, a0: number): number {
  const nx = n * x;
  // binomial C(n, v) = (cmHi + cmLo) 2^ce, starting at C(n, 1) = n
  let cmHi = n;
  let cmLo = 0;
  let ce = 0;
  let pm = 0; // power part = pm 2^pe
  let pe = 0;
  let sum = a0;
  let comp = 0;
  for (let j = 1; j < nTerms; j++) {
    const v = j;
    if ((j - 1) % CHECKPOINT === 0) {
      const [t2, t2E] = pow2ScaledD(ddAddNum(ddDivNum(n - v, n), -x), n - v);
      const [t1, t1E] = pow2ScaledD(ddAddNum(ddDivNum(v, n), x), v - 1);
      const [man, e] = ddFrexp(ddMul(t1, t2));
      pm = man.hi;
      pe = t1E + t2E + e;
    } else {
      const np1 = nx + v - 1; // n p_{v-1}
      const nq1 = n - v + 1 - nx; // n q_{v-1}
      const L = Math.log(nx + v) - Math.log(nq1) + (v - 2) * Math.log1p(1 / np1) + (n - v) * Math.log1p(-1 / nq1);
      pm *= Math.exp(L);
      if (pm !== 0 && (pm > TWO500 || pm < 1 / TWO500)) {
        const [m, e] = frexp(pm);
        pm = m;
        pe += e;
      }
    }
    const aj = ldexp(cmHi * pm, ce + pe);
    if (Number.isFinite(aj) && aj !== 0) {
      const t = sum + aj;
      comp += Math.abs(sum) >= Math.abs(aj) ? sum - t + aj : aj - t + sum;
      sum = t;
    }
    if (aj !== 0) {
      if (4 * (nTerms - j) * Math.abs(aj) < EPS * (sum + comp) && j !== nTerms - 1) break;
    } else if (j > vmid) {
      break;
    }
    // C(n, j + 1) = C(n, j) (n - j) / (j + 1) in double-double, without allocations
    const a = n - j;
    const b = j + 1;
    let t = SPLIT * cmHi;
    const hh = t - (t - cmHi);
    const hl = cmHi - hh;
    t = SPLIT * a;
    const ah = t - (t - a);
    const al = a - ah;
    const ph = cmHi * a;
    const pl = hh * ah - ph + hh * al + hl * ah + hl * al + cmLo * a;
    const s = ph + pl;
    const se = pl - (s - ph);
    const q1 = s / b;
    t = SPLIT * q1;
    const qh = t - (t - q1);
    const ql = q1 - qh;
    t = SPLIT * b;
    const bh = t - (t - b);
    const bl = b - bh;
    const th = q1 * b;
    const tl = qh * bh - th + qh * bl + ql * bh + ql * bl;
    const q2 = (s - th - tl + se) / b;
    cmHi = q1 + q2;
    cmLo = q2 - (cmHi - q1);
    if (cmHi > TWO500) {
      cmHi /= TWO500;
      cmLo /= TWO500;
      ce += 500;
    } else if (cmHi < 1 / TWO500) {
      cmHi *= TWO500;
      cmLo *= TWO500;
      ce -= 500;
    }
  }
  return sum + comp;
}

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
