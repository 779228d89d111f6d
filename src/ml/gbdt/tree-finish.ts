import type { BinMapper, BinnedData } from './binning.js';
import { leafWeight } from './split.js';
import type { SplitResult, SplitSettings } from './split.js';
import type { GbdtTree } from './tree.js';

/**
 * A grown tree plus what the trainer needs to update predictions without re-traversing the sampled rows. Row ranges
 * are per block (blocks.ts): entry `l * blocks + b` of `leafBegin`/`leafEnd` is leaf l's range in block b.
 */
export interface BuiltTree {
  readonly tree: GbdtTree;
  readonly blocks: number;
  /** Per node: the split's bin (rows with bin ≤ it go left; numeric only). */
  readonly nodeBin: Int32Array;
  /** Final leaf ids with their row ranges in index buffer `leafBuf[l]` (leaves of deferred splits excluded). */
  readonly leafIds: Int32Array;
  readonly leafBuf: Uint8Array;
  readonly leafBegin: Int32Array;
  readonly leafEnd: Int32Array;
  /** Splits left unpartitioned (their two leaves' rows are the split node's ranges in `deferredBuf[d]`). */
  readonly deferredNode: Int32Array;
  readonly deferredBuf: Uint8Array;
  readonly deferredBegin: Int32Array;
  readonly deferredEnd: Int32Array;
}

/** A node while a tree grows (rows = positions `begin[b]..end[b]` of index buffer `buf`, for each block b). */
export interface DraftNode {
  /** Split into two leaves without partitioning its rows. */
  deferred: boolean;
  /** Which index buffer holds the node's rows (0, 1 or IDENTITY; children live in `childBuffer(buf)`). */
  buf: number;
  readonly begin: Int32Array;
  readonly end: Int32Array;
  /** Rows in all blocks; -1 for a leaf of a deferred split (its rows were never separated). */
  count: number;
  g: number;
  h: number;
  depth: number;
  lo: number;
  hi: number;
  hist: Float64Array | null;
  split: SplitResult | null;
  /** The node's reusable split-search result (`split` points to it when a split was found). */
  own: SplitResult;
  left: number;
  right: number;
}

/**
 * Turns the grown draft into the final flat tree: depth-first pre-order ids, leaf values = eta × the (bounded)
 * XGBoost weight, raw thresholds from the bin bounds, category bitsets, and each leaf's row range.
 */
export function finishTree(
  nodes: readonly DraftNode[],
  blocks: number,
  mapper: BinMapper,
  settings: SplitSettings,
  eta: number,
): BuiltTree {
  const order: number[] = [];
  const stack = [0];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    order.push(id);
    const node = nodes[id] as DraftNode;
    if (node.left >= 0) stack.push(node.right, node.left);
  }
  const m = order.length;
  const newId = new Int32Array(nodes.length);
  order.forEach((id, i) => {
    newId[id] = i;
  });
  const feature = new Int32Array(m).fill(-1);
  const threshold = new Float64Array(m);
  const left = new Int32Array(m).fill(-1);
  const right = new Int32Array(m).fill(-1);
  const defaultLeft = new Uint8Array(m);
  const value = new Float64Array(m);
  const gain = new Float64Array(m);
  const cover = new Float64Array(m);
  const catStart = new Int32Array(m).fill(-1);
  const catLength = new Int32Array(m);
  const nodeBin = new Int32Array(m);
  const words: number[] = [];
  const leafIds: number[] = [];
  const leafBuf: number[] = [];
  const leafBegin: number[] = [];
  const leafEnd: number[] = [];
  const deferredNode: number[] = [];
  const deferredBuf: number[] = [];
  const deferredBegin: number[] = [];
  const deferredEnd: number[] = [];
  for (let i = 0; i < m; i++) {
    const node = nodes[order[i] as number] as DraftNode;
    value[i] = leafWeight(node.g, node.h, settings, node.lo, node.hi) * eta;
    cover[i] = node.h;
    if (node.left < 0) {
      if (node.count < 0) continue; // a leaf of a deferred split
      leafIds.push(i);
      leafBuf.push(node.buf);
      leafBegin.push(...node.begin);
      leafEnd.push(...node.end);
      continue;
    }
    const sp = node.split as SplitResult;
    const f = sp.feature;
    feature[i] = f;
    if (node.deferred) {
      deferredNode.push(i);
      deferredBuf.push(node.buf);
      deferredBegin.push(...node.begin);
      deferredEnd.push(...node.end);
    }
    left[i] = newId[node.left] as number;
    right[i] = newId[node.right] as number;
    defaultLeft[i] = sp.defaultLeft ? 1 : 0;
    gain[i] = sp.gain;
    const nv = mapper.nValue[f] as number;
    if (sp.categorical) {
      const flags = sp.catLeft as Uint8Array;
      const nw = Math.ceil(nv / 32);
      catStart[i] = words.length;
      catLength[i] = nw;
      for (let wI = 0; wI < nw; wI++) {
        let bits = 0;
        for (let b = 0; b < 32; b++) if (flags[wI * 32 + b] === 1 && wI * 32 + b < nv) bits |= 1 << b;
        words.push(bits >>> 0);
      }
      threshold[i] = -Infinity;
    } else {
      nodeBin[i] = sp.bin;
      threshold[i] = sp.bin >= nv - 1 ? Infinity : ((mapper.upper[f] as Float64Array)[sp.bin] as number);
    }
  }
  return {
    tree: { feature, threshold, left, right, defaultLeft, value, gain, cover, catStart, catLength, catBits: Uint32Array.from(words) },
    blocks,
    nodeBin,
    leafIds: Int32Array.from(leafIds),
    leafBuf: Uint8Array.from(leafBuf),
    leafBegin: Int32Array.from(leafBegin),
    leafEnd: Int32Array.from(leafEnd),
    deferredNode: Int32Array.from(deferredNode),
    deferredBuf: Uint8Array.from(deferredBuf),
    deferredBegin: Int32Array.from(deferredBegin),
    deferredEnd: Int32Array.from(deferredEnd),
  };
}

/** Leaf of a training row, traversing on its bins (for rows left out of a tree's bagging sample). */
export function leafOfBinnedRow(built: BuiltTree, mapper: BinMapper, binned: BinnedData, r: number): number {
  const t = built.tree;
  const n = binned.columns.length / Math.max(1, mapper.numFeatures);
  let nd = 0;
  for (;;) {
    const f = t.feature[nd] as number;
    if (f < 0) return nd;
    const b = binned.columns[f * n + r] as number;
    const nv = mapper.nValue[f] as number;
    let goLeft: boolean;
    if (b === nv) goLeft = t.defaultLeft[nd] === 1;
    else if ((t.catStart[nd] as number) >= 0)
      goLeft = (((t.catBits[(t.catStart[nd] as number) + (b >>> 5)] as number) >>> (b & 31)) & 1) === 1;
    else goLeft = b <= (built.nodeBin[nd] as number);
    nd = goLeft ? (t.left[nd] as number) : (t.right[nd] as number);
  }
}
