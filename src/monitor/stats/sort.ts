/**
 * A sorted copy of a float64 sample by least-significant-digit radix sort on the IEEE-754 bit patterns: the sign
 * trick (flip every bit of a negative number, only the sign bit of a positive one) makes the unsigned 64-bit
 * order equal the numeric order, and six passes of 11-bit digits (passes whose digit is the same for every
 * value are skipped) sort it in O(n). Several times faster than `Float64Array.prototype.sort` on large samples.
 * -0 sorts before +0, as with `Float64Array.prototype.sort`; inputs hold no NaN (callers validate).
 */

const RADIX_MIN = 2048;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A new ascending Float64Array holding the values of `values` (which is left untouched). */
export function sortSample(values: Float64Array): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  out.set(values);
  if (n < RADIX_MIN || !LITTLE_ENDIAN) return out.sort();
  let src = new Uint32Array(out.buffer);
  let dst = new Uint32Array(2 * n);
  // to order-preserving unsigned keys, and the six 11-bit digit histograms in the same pass (2048 buckets
  // keep the scatter's write positions in cache, which 16-bit digits do not)
  const counts = new Uint32Array(6 * 2048);
  for (let i = 0; i < n; i++) {
    const lo = src[2 * i] as number;
    const hi = src[2 * i + 1] as number;
    let klo: number;
    let khi: number;
    if (hi & 0x80000000) {
      klo = ~lo >>> 0;
      khi = ~hi >>> 0;
    } else {
      klo = lo;
      khi = (hi | 0x80000000) >>> 0;
    }
    src[2 * i] = klo;
    src[2 * i + 1] = khi;
    counts[klo & 0x7ff] = (counts[klo & 0x7ff] as number) + 1;
    counts[2048 + ((klo >>> 11) & 0x7ff)] = (counts[2048 + ((klo >>> 11) & 0x7ff)] as number) + 1;
    counts[4096 + (klo >>> 22)] = (counts[4096 + (klo >>> 22)] as number) + 1;
    counts[6144 + (khi & 0x7ff)] = (counts[6144 + (khi & 0x7ff)] as number) + 1;
    counts[8192 + ((khi >>> 11) & 0x7ff)] = (counts[8192 + ((khi >>> 11) & 0x7ff)] as number) + 1;
    counts[10240 + (khi >>> 22)] = (counts[10240 + (khi >>> 22)] as number) + 1;
  }
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * 2048;
    // skip a pass whose digit is constant: it would not move anything
    let trivial = false;
    for (let d = 0; d < 2048; d++) {
      const c = counts[base + d] as number;
      if (c !== 0) {
        trivial = c === n;
        break;
      }
    }
    if (trivial) continue;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = counts[base + d] as number;
      counts[base + d] = sum;
      sum += c;
    }
    const word = pass < 3 ? 0 : 1;
    const shift = (pass % 3) * 11;
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i] as number;
      const hi = src[2 * i + 1] as number;
      const digit = base + ((((word === 0 ? lo : hi) >>> shift) & 0x7ff) >>> 0);
      const pos = counts[digit] as number;
      counts[digit] = pos + 1;
      dst[2 * pos] = lo;
      dst[2 * pos + 1] = hi;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  // back from keys to float64 bit patterns
  for (let i = 0; i < n; i++) {
    const klo = src[2 * i] as number;
    const khi = src[2 * i + 1] as number;
    if (khi & 0x80000000) {
      src[2 * i + 1] = (khi & 0x7fffffff) >>> 0;
    } else {
      src[2 * i] = ~klo >>> 0;
      src[2 * i + 1] = ~khi >>> 0;
    }
  }
  return src.buffer === out.buffer ? out : new Float64Array(src.buffer);
}
