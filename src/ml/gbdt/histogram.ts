/**
 * Gradient/hessian histograms: `hist[2 * slot]` = sum of gradients, `hist[2 * slot + 1]` = sum of hessians of the
 * rows whose bin falls in `slot` (slot = feature offset + bin, see BinMapper). Hot loops: no allocation.
 */

/** Rows per histogram shard. A node's rows are cut into fixed shards whatever the thread count, and the shard
 * histograms are summed in shard order, so 1 and N threads give bit-identical sums. */
export const SHARD_ROWS = 8192;
/** Most shards per node (the most threads histogram building can use). */
export const MAX_SHARDS = 4;

/** Number of shards for a node of `count` rows. */
export function shardCount(count: number): number {
  const s = Math.floor(count / SHARD_ROWS);
  return s < 1 ? 1 : s > MAX_SHARDS ? MAX_SHARDS : s;
}

/** Start position (within the node's index range) of shard `s` of `shards`. */
export function shardStart(begin: number, count: number, s: number, shards: number): number {
  return begin + Math.floor((count * s) / shards);
}

/**
 * Adds the rows `idx[begin..end)` into `hist` (which the caller zeroes). `bins` is row-major with `nf` features,
 * `offset[j]` the first slot of feature j, `gh` interleaved gradient/hessian per row.
 */
export function accumulateHistogram(
  bins: Uint8Array,
  nf: number,
  offset: Int32Array,
  gh: Float64Array,
  idx: Uint32Array,
  begin: number,
  end: number,
  hist: Float64Array,
): void {
  for (let i = begin; i < end; i++) {
    const r = idx[i] as number;
    const g = gh[2 * r] as number;
    const h = gh[2 * r + 1] as number;
    const o = r * nf;
    for (let f = 0; f < nf; f++) {
      const s = ((offset[f] as number) + (bins[o + f] as number)) << 1;
      hist[s] = (hist[s] as number) + g;
      hist[s + 1] = (hist[s + 1] as number) + h;
    }
  }
}

/** `target[k] += add[k]` for every slot. */
export function addHistogram(target: Float64Array, add: Float64Array): void {
  for (let k = 0; k < target.length; k++) target[k] = (target[k] as number) + (add[k] as number);
}

/** `parent[k] -= child[k]`: turns the parent's histogram into the sibling's (the subtraction trick). */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let k = 0; k < parent.length; k++) parent[k] = (parent[k] as number) - (child[k] as number);
}

/**
 * Builds the histogram of `idx[begin..end)` on the calling thread, shard by shard, summing shards in order
 * (the same arithmetic the threaded builder does). `scratch` has the histogram's length.
 */
export function buildHistogramSerial(
  bins: Uint8Array,
  nf: number,
  offset: Int32Array,
  gh: Float64Array,
  idx: Uint32Array,
  begin: number,
  end: number,
  hist: Float64Array,
  scratch: Float64Array,
): void {
  const count = end - begin;
  const shards = shardCount(count);
  hist.fill(0);
  accumulateHistogram(bins, nf, offset, gh, idx, begin, shardStart(begin, count, 1, shards), hist);
  for (let s = 1; s < shards; s++) {
    scratch.fill(0);
    accumulateHistogram(bins, nf, offset, gh, idx, shardStart(begin, count, s, shards), shardStart(begin, count, s + 1, shards), scratch);
    addHistogram(hist, scratch);
  }
}
