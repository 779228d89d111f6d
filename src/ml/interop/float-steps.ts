/**
 * Float arithmetic helpers for importing split thresholds: the native trees go left when `x < threshold` with
 * `x` a float64, while XGBoost compares float32-rounded inputs and LightGBM uses `x <= threshold`. These helpers
 * turn both into an equivalent float64 `<` threshold, so imported trees route every float64 input exactly as
 * the original library does and the native predictor needs no special case.
 */

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The smallest float64 greater than `x` (`x` itself for NaN and +∞). */
export function nextUp(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  u64[0] = x > 0 ? (u64[0] as bigint) + 1n : (u64[0] as bigint) - 1n;
  return f64[0] as number;
}

/** The largest float32 smaller than the float32 `t` (−∞ below −max float32). */
export function prevFloat32(t: number): number {
  if (t === -Infinity) return t;
  if (t === 0) return -1.401298464324817e-45;
  f32[0] = t;
  u32[0] = t > 0 ? (u32[0] as number) - 1 : (u32[0] as number) + 1;
  return f32[0] as number;
}

/** Where float32 rounding sends values to +∞: inputs ≥ 2^128 − 2^103 round to +∞ (ties go to even = ∞). */
const F32_OVERFLOW = 2 ** 128 - 2 ** 103;

/**
 * The float64 threshold `u` such that, for every float64 `x`, `Math.fround(x) < t` exactly when `x < u`.
 * `t` must be a float32 value (XGBoost's split condition). Float32 rounding is monotone, so the inputs that
 * round below `t` are exactly those below the rounding midpoint between `t` and the float32 just under it —
 * the midpoint itself included when it rounds down (ties go to the even neighbour).
 */
export function float32LessThreshold(t: number): number {
  if (t !== t || t === -Infinity) return t;
  if (t === Infinity) return F32_OVERFLOW;
  const lo = prevFloat32(t);
  const mid = lo === -Infinity ? -F32_OVERFLOW : (lo + t) / 2;
  return Math.fround(mid) < t ? nextUp(mid) : mid;
}

/** The float64 threshold `u` with `x <= t` ⟺ `x < u` for every float64 `x` (LightGBM's `<=` splits). */
export function lessEqualThreshold(t: number): number {
  return nextUp(t);
}
