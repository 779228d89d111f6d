/**
 * Histogram arithmetic on the calling thread (the kernels that fill histograms are in wasm-kernel.ts):
 * `hist[2 * slot]` = sum of gradients, `hist[2 * slot + 1]` = sum of hessians of the rows whose bin falls in `slot`
 * (slot = feature offset + bin, see BinMapper).
 */

/** `target[k] = Σ_b blocks[b][k]`, added in block order, from the `blocks` arena slots starting at `first`. */
export function sumBlockHistograms(arena: Float64Array, first: number, blocks: number, histLen: number, target: Float64Array): void {
  target.set(arena.subarray(first * histLen, (first + 1) * histLen));
  for (let b = 1; b < blocks; b++) {
    const o = (first + b) * histLen;
    for (let i = 0; i < histLen; i++) target[i] = (target[i] as number) + (arena[o + i] as number);
  }
}

/** `parent[k] -= child[k]`: turns the parent's histogram into the sibling's (the subtraction trick). */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let k = 0; k < parent.length; k++) parent[k] = (parent[k] as number) - (child[k] as number);
}
