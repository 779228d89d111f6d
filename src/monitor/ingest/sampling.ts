/**
 * Deterministic sampling: whether a prediction is kept depends only on its model, its prediction id and the rate,
 * never on a random draw or on arrival order, so a replay (or a resend) keeps exactly the same rows, and its label
 * follows the same decision.
 */

/** 32-bit FNV-1a over the UTF-16 code units of `text`, then a murmur3 finaliser to spread nearby ids. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The point in [0, 1) where a prediction falls: kept when it is below the sample rate. Uniform over ids, so a
 * rate r keeps a share r of them (within the binomial error).
 */
export function samplePoint(model: string, predictionId: string): number {
  return hash32(`${model}\u0000${predictionId}`) / 0x1_0000_0000;
}

/** Whether the prediction `predictionId` of `model` is kept at `rate` (0..1; 1 keeps all, 0 none). */
export function isSampled(model: string, predictionId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return samplePoint(model, predictionId) < rate;
}
