/** Per-tree sampling in training: the rows (Bernoulli, block by block) and features a tree sees, and its left-out rows. */
import type { BinMapper, BinnedData } from './binning.js';
import type { Rng } from './rng.js';
import { leafOfBinnedRow } from './tree-finish.js';
import type { BuiltTree } from './tree-finish.js';

/**
 * Bernoulli row sample, block by block: block b's sampled rows go to `idx[starts[b]..starts[b] + rootCount[b])`,
 * in row order; marks `inSample`. At least one row is kept.
 */
export function sampleRows(
  rng: Rng,
  rate: number,
  starts: Int32Array,
  idx: Uint32Array,
  inSample: Uint8Array,
  rootCount: Int32Array,
): void {
  const B = starts.length - 1;
  let total = 0;
  for (let b = 0; b < B; b++) {
    let at = starts[b] as number;
    for (let i = starts[b] as number; i < (starts[b + 1] as number); i++) {
      const keep = rng.nextFloat() < rate;
      inSample[i] = keep ? 1 : 0;
      if (keep) idx[at++] = i;
    }
    rootCount[b] = at - (starts[b] as number);
    total += rootCount[b] as number;
  }
  if (total === 0) {
    const r = rng.nextInt(starts[B] as number);
    let b = 0;
    while ((starts[b + 1] as number) <= r) b++;
    idx[starts[b] as number] = r;
    inSample[r] = 1;
    rootCount[b] = 1;
  }
}

/** Picks `max(1, round(rate × nf))` features for one tree (partial Fisher–Yates). */
export function sampleColumns(rng: Rng, rate: number, nf: number, allowed: Uint8Array): void {
  if (rate >= 1) {
    allowed.fill(1);
    return;
  }
  const take = Math.max(1, Math.round(rate * nf));
  const perm = new Int32Array(nf);
  for (let j = 0; j < nf; j++) perm[j] = j;
  for (let j = 0; j < take; j++) {
    const r = j + rng.nextInt(nf - j);
    const t = perm[j] as number;
    perm[j] = perm[r] as number;
    perm[r] = t;
  }
  allowed.fill(0);
  for (let j = 0; j < take; j++) allowed[perm[j] as number] = 1;
}

/** Adds a new tree's output to the raw scores of the rows left out of its sample, by traversal on their bins. */
export function applyOutOfSample(
  built: BuiltTree,
  mapper: BinMapper,
  binned: BinnedData,
  inSample: Uint8Array,
  raw: Float64Array,
  k: number,
  c: number,
): void {
  const value = built.tree.value;
  const n = raw.length / k;
  for (let r = 0; r < n; r++) {
    if (inSample[r] === 1) continue;
    const o = r * k + c;
    raw[o] = (raw[o] as number) + (value[leafOfBinnedRow(built, mapper, binned, r)] as number);
  }
}
