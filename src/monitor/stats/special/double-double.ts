/**
 * Double-double arithmetic (a value is `hi + lo`, about 32 significant digits), used where a statistic's
 * distribution needs more than float64 to stay within 1e-15 relative of the exact value (the one-sided Smirnov
 * sum). Error-free transformations after Dekker (1971) and Knuth; the IEEE-style addition is Briggs and Kahan's.
 * Values are small immutable pairs; these functions run a few thousand times per statistic, never per row.
 */

/** A double-double value `hi + lo` with `|lo| <= ulp(hi) / 2`. */
export interface DD {
  readonly hi: number;
  readonly lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1

export const DD_ZERO: DD = { hi: 0, lo: 0 };
export const DD_ONE: DD = { hi: 1, lo: 0 };

function dd(hi: number, lo: number): DD {
  return { hi, lo };
}

/** `a + b` when `|a| >= |b|`, as a normalised pair. */
function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return dd(s, b - (s - a));
}

/** Exact `a + b` as a pair. */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return dd(s, a - (s - bb) + (b - bb));
}

/** Exact `a * b` as a pair (Dekker's split; inputs far from overflow). */
export function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return dd(p, ah * bh - p + ah * bl + al * bh + al * bl);
}

export function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let r = quickTwoSum(s.hi, s.lo + t.hi);
  r = quickTwoSum(r.hi, r.lo + t.lo);
  return r;
}

export function ddNeg(a: DD): DD {
  return dd(-a.hi, -a.lo);
}

export function ddSub(a: DD, b: DD): DD {
  return ddAdd(a, ddNeg(b));
}

export function ddAddNum(a: DD, b: number): DD {
  const s = twoSum(a.hi, b);
  return quickTwoSum(s.hi, s.lo + a.lo);
}

export function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

export function ddMulNum(a: DD, b: number): DD {
  const p1 = twoProd(a.hi, b);
  const p2 = twoProd(a.lo, b);
  return quickTwoSum(p1.hi, p2.lo + p2.hi + p1.lo);
}

export function ddDiv(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = ddSub(a, ddMulNum(b, q1));
  const q2 = r.hi / b.hi;
  r = ddSub(r, ddMulNum(b, q2));
  const q3 = r.hi / b.hi;
  return ddAddNum(quickTwoSum(q1, q2), q3);
}

/** `a / b` of two doubles, as a double-double. */
export function ddDivNum(a: number, b: number): DD {
  return ddDiv(dd(a, 0), dd(b, 0));
}

export function ddFromNumber(a: number): DD {
  return dd(a, 0);
}

export function ddInv(a: DD): DD {
  return ddDiv(DD_ONE, a);
}

export function ddIsZero(a: DD): boolean {
  return a.hi === 0;
}

export function ddIsFinite(a: DD): boolean {
  return Number.isFinite(a.hi);
}

/** floor of a double-double. */
export function ddFloor(a: DD): DD {
  const hi = Math.floor(a.hi);
  if (hi === a.hi) return quickTwoSum(hi, Math.floor(a.lo));
  return dd(hi, 0);
}

/** `x * 2^e` without intermediate overflow or underflow of the scale factor. */
export function ldexp(x: number, e: number): number {
  let v = x;
  let k = e;
  while (k > 1023) {
    v *= 2 ** 1023;
    k -= 1023;
  }
  while (k < -1022) {
    v *= 2 ** -1022;
    k += 1022;
  }
  return v * 2 ** k;
}

/** `[m, e]` with `x = m * 2^e` and `0.5 <= |m| < 1` (C's frexp); `[x, 0]` for 0, ±Infinity and NaN. */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.floor(Math.log2(Math.abs(x))) + 1;
  let m = ldexp(x, -e);
  while (Math.abs(m) < 0.5) {
    m *= 2;
    e -= 1;
  }
  while (Math.abs(m) >= 1) {
    m /= 2;
    e += 1;
  }
  return [m, e];
}

export function ddLdexp(a: DD, e: number): DD {
  return dd(ldexp(a.hi, e), ldexp(a.lo, e));
}

/** Mantissa in [0.5, 1) (or exactly 1 with a negative low part) and exponent, as C's frexp on the pair. */
export function ddFrexp(a: DD): [DD, number] {
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
