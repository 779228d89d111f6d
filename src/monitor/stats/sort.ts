/**
 * A sorted copy of a float64 sample by least-significant-digit radix sort on the IEEE-754 bit patterns: the sign
 * trick (flip every bit of a negative number, only the sign bit of a positive one) makes the unsigned 64-bit
 * order equal the numeric order, and four passes of 16-bit digits (passes whose digit is the same for every
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
  // to order-preserving unsigned keys, and the four 16-bit digit histograms in the same pass
  const counts = new Uint32Array(4 * 65536);
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
    counts[klo & 0xffff] = (counts[klo & 0xffff] as number) + 1;
    counts[65536 + (klo >>> 16)] = (counts[65536 + (klo >>> 16)] as number) + 1;
    counts[131072 + (khi & 0xffff)] = (counts[131072 + (khi & 0xffff)] as number) + 1;
    counts[196608 + (khi >>> 16)] = (counts[196608 + (khi >>> 16)] as number) + 1;
  }
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    // skip a pass whose digit is constant: it would not move anything
    let trivial = false;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d] as number;
      if (c !== 0) {
        trivial = c === n;
        break;
      }
    }
    if (trivial) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d] as number;
      counts[base + d] = sum;
      sum += c;
    }
    const word = pass < 2 ? 0 : 1;
    const shift = pass % 2 === 0 ? 0 : 16;
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i] as number;
      const hi = src[2 * i + 1] as number;
      const key = word === 0 ? lo : hi;
      const digit = base + ((key >>> shift) & 0xffff);
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
