/** Seeded row samples shared by the search's splits, halving rungs and refit. */
import { seededRandom } from '../core/index.js';

/**
 * A copy of `values` whose first `count` entries are a seeded uniform sample without replacement (a Fisher–Yates
 * shuffle stopped after `count` places); the entries after them are the rest.
 */
export function shuffledPrefix(values: Int32Array, count: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const pool = Int32Array.from(values);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const t = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = t;
  }
  return pool;
}

/** `count` of the row indices `0..rows-1`, a seeded random subset in ascending order. */
export function randomRows(rows: number, count: number, seed: number): Int32Array {
  return shuffledPrefix(
    Int32Array.from({ length: rows }, (_, i) => i),
    count,
    seed,
  )
    .slice(0, count)
    .sort();
}
