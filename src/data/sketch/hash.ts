/**
 * 32-bit hashes for the distinct-count sketch, in 32-bit integer arithmetic (`Math.imul`), so hashing a double
 * allocates nothing: the caller reads its two 32-bit halves through a `Uint32Array` view of the column.
 * MurmurHash3 (x86, 32-bit) of the 8 bytes, then its finaliser, which spreads integer-valued doubles (whose low
 * word is 0) over all 32 bits.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Hash of a double given as its low and high 32-bit words (little-endian halves of its IEEE 754 bits).
 * The caller maps −0 to +0 first (they are one value).
 */
export function hashFloatWords(low: number, high: number): number {
  return fmix32(mixWord(mixWord(0x5bd1e995, low), high) ^ 8);
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** Hash of one double (−0 hashes as +0; NaN is never hashed: it is a missing value). */
export function hashFloat(value: number): number {
  scratch[0] = value === 0 ? 0 : value;
  return hashFloatWords(scratchWords[0] as number, scratchWords[1] as number);
}

/** Hash of a string by its UTF-16 code units (FNV-1a folded through MurmurHash3's finaliser). */
export function hashString(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return fmix32(h ^ value.length);
}
