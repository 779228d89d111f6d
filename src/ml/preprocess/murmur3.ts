/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, public domain), over the UTF-8 bytes of a string — the
 * same function and byte encoding as scikit-learn's `murmurhash3_32` and `HashingVectorizer`.
 */

const scratch = { bytes: new Uint8Array(256) };

/** Writes the UTF-8 encoding of `text` into a reusable buffer and returns its length (no per-call allocation). */
function utf8(text: string): number {
  let bytes = scratch.bytes;
  if (bytes.length < text.length * 3) bytes = scratch.bytes = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) bytes[n++] = c;
    else if (c < 0x800) {
      bytes[n++] = 0xc0 | (c >> 6);
      bytes[n++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      bytes[n++] = 0xe0 | (c >> 12);
      bytes[n++] = 0x80 | ((c >> 6) & 63);
      bytes[n++] = 0x80 | (c & 63);
    } else {
      bytes[n++] = 0xf0 | (c >> 18);
      bytes[n++] = 0x80 | ((c >> 12) & 63);
      bytes[n++] = 0x80 | ((c >> 6) & 63);
      bytes[n++] = 0x80 | (c & 63);
    }
  }
  return n;
}

/** MurmurHash3 x86_32 of the UTF-8 bytes of `text` with `seed`, as a signed 32-bit integer (sklearn `positive=False`). */
export function murmur3(text: string, seed = 0): number {
  const len = utf8(text);
  const b = scratch.bytes;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed | 0;
  const blocks = len & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = len & 3;
  if (tail === 3) k ^= (b[blocks + 2] as number) << 16;
  if (tail >= 2) k ^= (b[blocks + 1] as number) << 8;
  if (tail >= 1) {
    k ^= b[blocks] as number;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
