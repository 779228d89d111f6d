/**
 * Stable ascending argsort of float64 values by LSD radix sort on their bit patterns: the same order as numpy
 * `argsort(kind='mergesort')` (equal values keep their input order), in four linear passes instead of a
 * comparator sort (about 20× faster on a million values in V8).
 */

const RADIX = 1 << 16;

/**
 * Indices that sort `values` ascending, stably. `-0` and `+0` compare equal, as in numpy. Values must not be NaN
 * (callers validate first).
 * @param subset optional indices to sort (e.g. samples with non-zero weight); default all.
 */
export function argsortStable(values: ArrayLike<number>, subset?: Uint32Array): Uint32Array {
  const n = subset === undefined ? values.length : subset.length;
  const keysF = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = values[subset === undefined ? j : (subset[j] as number)] as number;
    keysF[j] = v === 0 ? 0 : v; // fold −0 into +0
  }
  const words = new Uint32Array(keysF.buffer);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  // Order-preserving map from IEEE-754 bits to unsigned integers: negative → flip all bits, else flip the sign.
  // Words are read in the platform's byte order; every supported platform (x64, arm64) is little-endian.
  for (let j = 0; j < n; j++) {
    const l = words[2 * j] as number;
    const h = words[2 * j + 1] as number;
    if (h & 0x80000000) {
      hi[j] = ~h >>> 0;
      lo[j] = ~l >>> 0;
    } else {
      hi[j] = (h | 0x80000000) >>> 0;
      lo[j] = l;
    }
  }
  let order = new Uint32Array(n);
  for (let j = 0; j < n; j++) order[j] = j;
  let next = new Uint32Array(n);
  const count = new Uint32Array(RADIX);
  const passes: Array<[Uint32Array, number]> = [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ];
  for (const [word, shift] of passes) {
    count.fill(0);
    for (let j = 0; j < n; j++) {
      const d = ((word[j] as number) >>> shift) & 0xffff;
      count[d] = (count[d] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = count[d] as number;
      count[d] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const idx = order[j] as number;
      const d = ((word[idx] as number) >>> shift) & 0xffff;
      const pos = count[d] as number;
      next[pos] = idx;
      count[d] = pos + 1;
    }
    [order, next] = [next, order];
  }
  if (subset !== undefined) for (let j = 0; j < n; j++) order[j] = subset[order[j] as number] as number;
  return order;
}
