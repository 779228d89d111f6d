import type { BinMapper } from './binning.js';
import type { BlockRunner } from './block-runner.js';
import { childBuffer, RANGE_FIELDS, T_BUF, T_BUILD, T_FEATURE, T_FLAGS, TASK_FIELDS } from './blocks.js';
import { findBestSplit, leafWeight, SplitResult } from './split.js';
import type { SplitSettings } from './split.js';
import { finishTree } from './tree-finish.js';
import type { BuiltTree, DraftNode } from './tree-finish.js';

/** Growth settings of one tree. */
export interface GrowSettings extends SplitSettings {
  readonly growPolicy: 'depthwise' | 'lossguide';
  /** 0 = unlimited. */
  readonly maxDepth: number;
  /** 0 = unlimited. */
  readonly maxLeaves: number;
  readonly gamma: number;
  /**
   * Leave the last depth-limited level unpartitioned: its leaves are never split, so the trainer applies their
   * values straight from the parent's rows (one pass fewer per tree). Off when leaves need their rows (median refit).
   */
  readonly deferLastLevel: boolean;
}

/**
 * Grows regression trees on binned data, one step (blocks.ts) per depth-wise level or per lossguide split: the
 * block runner partitions the split nodes' rows and builds one child's block histograms; this class adds them up,
 * derives the sibling by subtraction and searches the children's splits. Owns a pool of histograms and the draft
 * nodes, both reused across trees.
 */
export class TreeBuilder {
  readonly #pool: Float64Array[] = [];
  readonly #order: Int32Array;
  readonly #key: Float64Array;
  /** Draft nodes, reused from tree to tree (no per-node garbage); the first `#count` are this tree's. */
  readonly #nodes: DraftNode[] = [];
  #count = 0;

  constructor(
    private readonly mapper: BinMapper,
    private readonly settings: GrowSettings,
    private readonly runner: BlockRunner,
  ) {
    let maxBins = 1;
    for (let j = 0; j < mapper.numFeatures; j++) maxBins = Math.max(maxBins, (mapper.nValue[j] as number) + 1);
    this.#order = new Int32Array(maxBins);
    this.#key = new Float64Array(maxBins);
  }

  /**
   * Grows one tree. The root's rows are `rootCount[b]` positions from each block's start in index buffer `rootBuf`
   * (IDENTITY: every row), and its block histograms are in arena slots 0..blocks-1 (the round before built them).
   * Features are restricted to `featureAllowed`; leaf values are multiplied by `eta`.
   */
  grow(rootBuf: number, rootCount: Int32Array, featureAllowed: Uint8Array, eta: number): BuiltTree {
    this.#count = 0;
    const R = this.runner;
    const B = R.blocks;
    const hist = this.#alloc();
    R.sumBlocks(0, hist);
    // every row is in exactly one bin of feature 0, so the root's gradient sums come from its histogram
    let g = 0;
    let h = 0;
    const end = 2 * ((this.mapper.offset[1] ?? 0) as number);
    for (let k = 0; k < end; k += 2) {
      g += hist[k] as number;
      h += hist[k + 1] as number;
    }
    const root = this.#newNode(rootBuf, 0, g, h, 0, -Infinity, Infinity);
    let count = 0;
    for (let b = 0; b < B; b++) {
      root.begin[b] = R.starts[b] as number;
      root.end[b] = (R.starts[b] as number) + (rootCount[b] as number);
      count += rootCount[b] as number;
    }
    root.count = count;
    root.hist = hist;
    if (this.#canSplit(root) && this.mapper.numFeatures > 0) this.#evaluate(root, featureAllowed);
    else this.#release(root);
    const s = this.settings;
    let leaves = 1;
    const maxLeaves = s.maxLeaves > 0 ? s.maxLeaves : Infinity;
    if (s.growPolicy === 'depthwise') {
      let level = [0];
      for (let depth = 0; level.length > 0; depth++) {
        const last = s.deferLastLevel && s.maxDepth > 0 && depth + 1 >= s.maxDepth;
        const chosen: number[] = [];
        for (const id of level) {
          const node = this.#nodes[id] as DraftNode;
          if (node.split === null || leaves >= maxLeaves) {
            this.#release(node);
            continue;
          }
          leaves++;
          if (last) {
            this.#defer(id);
            this.#release(node);
          } else chosen.push(id);
        }
        const next: number[] = [];
        for (let i = 0; i < chosen.length; i += R.maxTasks) this.#step(chosen.slice(i, i + R.maxTasks), featureAllowed, next);
        level = next;
      }
    } else {
      const open: number[] = root.split === null ? [] : [0];
      while (open.length > 0 && leaves < maxLeaves) {
        let bi = 0;
        for (let i = 1; i < open.length; i++) {
          const a = (this.#nodes[open[i] as number] as DraftNode).split as SplitResult;
          const b = (this.#nodes[open[bi] as number] as DraftNode).split as SplitResult;
          if (a.gain > b.gain) bi = i;
        }
        const id = open[bi] as number;
        open.splice(bi, 1);
        const next: number[] = [];
        this.#step([id], featureAllowed, next);
        leaves++;
        for (const c of next) if ((this.#nodes[c] as DraftNode).split !== null) open.push(c);
      }
      for (let i = 0; i < this.#count; i++) this.#release(this.#nodes[i] as DraftNode);
    }
    if (s.gamma > 0) this.#prune(0);
    return finishTree(this.#nodes.slice(0, this.#count), B, this.mapper, this.settings, eta);
  }

  #newNode(buf: number, count: number, g: number, h: number, depth: number, lo: number, hi: number): DraftNode {
    let node = this.#nodes[this.#count];
    if (node === undefined) {
      const B = this.runner.blocks;
      node = {
        deferred: false,
        buf,
        begin: new Int32Array(B),
        end: new Int32Array(B),
        count,
        g,
        h,
        depth,
        lo,
        hi,
        hist: null,
        split: null,
        own: new SplitResult(),
        left: -1,
        right: -1,
      };
      this.#nodes.push(node);
    } else {
      node.deferred = false;
      node.buf = buf;
      node.count = count;
      node.g = g;
      node.h = h;
      node.depth = depth;
      node.lo = lo;
      node.hi = hi;
      node.hist = null;
      node.split = null;
      node.left = -1;
      node.right = -1;
    }
    this.#count++;
    return node;
  }

  #canSplit(node: DraftNode): boolean {
    const s = this.settings;
    if (s.maxDepth > 0 && node.depth >= s.maxDepth) return false;
    return node.count >= 2 && node.h >= 2 * s.minChildWeight;
  }

  #alloc(): Float64Array {
    return this.#pool.pop() ?? this.runner.newHistogram();
  }

  #release(node: DraftNode): void {
    if (node.hist !== null) {
      this.#pool.push(node.hist);
      node.hist = null;
    }
  }

  #evaluate(node: DraftNode, featureAllowed: Uint8Array): void {
    const split = node.own;
    findBestSplit(
      node.hist as Float64Array,
      this.mapper,
      node.g,
      node.h,
      node.lo,
      node.hi,
      featureAllowed,
      this.settings,
      split,
      this.#order,
      this.#key,
    );
    node.split = split.found ? split : null;
    if (node.split === null) this.#release(node);
  }

  /**
   * Splits the nodes `ids` (at most `maxTasks`) in one step: the runner partitions each node's rows per block and
   * builds the block histograms of the child that will likely have fewer rows (the smaller hessian sum) when either
   * child could split; the sibling's histogram is the parent's minus it. Children are evaluated, ids appended to `next`.
   */
  #step(ids: readonly number[], featureAllowed: Uint8Array, next: number[]): void {
    const R = this.runner;
    const B = R.blocks;
    const T = R.tasks;
    const s = this.settings;
    let flagOff = 0;
    ids.forEach((id, t) => {
      const node = this.#nodes[id] as DraftNode;
      const sp = node.split as SplitResult;
      const o = t * TASK_FIELDS;
      T[o + T_BUF] = node.buf;
      T[o + T_FEATURE] = sp.feature;
      T[o + T_FLAGS] = flagOff;
      const nv = this.mapper.nValue[sp.feature] as number;
      if (sp.categorical) R.flags.set(sp.catLeft as Uint8Array, flagOff);
      else numericGoLeft(sp.bin, nv, sp.defaultLeft ? 1 : 0, R.flags, flagOff);
      flagOff += nv + 1;
      const depthOk = s.maxDepth <= 0 || node.depth + 1 < s.maxDepth;
      const needLeft = depthOk && sp.hl >= 2 * s.minChildWeight;
      const needRight = depthOk && sp.hr >= 2 * s.minChildWeight;
      T[o + T_BUILD] = !needLeft && !needRight ? -1 : sp.hl <= sp.hr ? 0 : 1;
      for (let b = 0; b < B; b++) {
        const ro = (t * B + b) * RANGE_FIELDS;
        R.ranges[ro] = node.begin[b] as number;
        R.ranges[ro + 1] = node.end[b] as number;
      }
    });
    R.step(ids.length);
    ids.forEach((id, t) => {
      const node = this.#nodes[id] as DraftNode;
      const [left, right] = this.#makeChildren(id, childBuffer(node.buf));
      let nl = 0;
      for (let b = 0; b < B; b++) {
        const mid = R.ranges[(t * B + b) * RANGE_FIELDS + 2] as number;
        left.begin[b] = node.begin[b] as number;
        left.end[b] = mid;
        right.begin[b] = mid;
        right.end[b] = node.end[b] as number;
        nl += mid - (node.begin[b] as number);
      }
      left.count = nl;
      right.count = node.count - nl;
      next.push(node.left, node.right);
      const build = T[t * TASK_FIELDS + T_BUILD] as number;
      if (build < 0) {
        this.#release(node);
        return;
      }
      const hist = this.#alloc();
      R.sumBlocks(t * B, hist);
      const small = build === 0 ? left : right;
      const parentHist = node.hist as Float64Array;
      node.hist = null;
      R.subtract(parentHist, hist);
      small.hist = hist;
      (small === left ? right : left).hist = parentHist;
      for (const c of [left, right]) {
        if (this.#canSplit(c)) this.#evaluate(c, featureAllowed);
        else this.#release(c);
      }
    });
  }

  /** Splits node `id` into two final leaves without moving its rows (see GrowSettings.deferLastLevel). */
  #defer(id: number): void {
    const node = this.#nodes[id] as DraftNode;
    const [left, right] = this.#makeChildren(id, node.buf);
    node.deferred = true;
    left.count = -1;
    right.count = -1;
  }

  /** Creates the two children of a split node (rows still to be set; monotone bounds propagated). */
  #makeChildren(id: number, buf: number): [DraftNode, DraftNode] {
    const node = this.#nodes[id] as DraftNode;
    const sp = node.split as SplitResult;
    let llo = node.lo;
    let lhi = node.hi;
    let rlo = node.lo;
    let rhi = node.hi;
    const mono = sp.categorical ? 0 : (this.settings.monotone[sp.feature] as number);
    if (mono !== 0) {
      const wl = leafWeight(sp.gl, sp.hl, this.settings, node.lo, node.hi);
      const wr = leafWeight(sp.gr, sp.hr, this.settings, node.lo, node.hi);
      const m = (wl + wr) / 2;
      if (mono > 0) {
        lhi = m;
        rlo = m;
      } else {
        llo = m;
        rhi = m;
      }
    }
    node.left = this.#count;
    const left = this.#newNode(buf, 0, sp.gl, sp.hl, node.depth + 1, llo, lhi);
    node.right = this.#count;
    const right = this.#newNode(buf, 0, sp.gr, sp.hr, node.depth + 1, rlo, rhi);
    return [left, right];
  }

  /** Bottom-up pruning (XGBoost): a split whose children are leaves and whose gain is below gamma is undone. */
  #prune(id: number): void {
    const node = this.#nodes[id] as DraftNode;
    if (node.left < 0) return;
    this.#prune(node.left);
    this.#prune(node.right);
    const l = this.#nodes[node.left] as DraftNode;
    const r = this.#nodes[node.right] as DraftNode;
    if (l.left < 0 && r.left < 0 && (node.split as SplitResult).gain < this.settings.gamma) {
      node.left = -1;
      node.right = -1;
    }
  }
}

/**
 * Left flags of a numeric split for local bins 0..missing (`missing` = the feature's missing bin) into
 * `out[at..at+missing]`: bins ≤ `last` go left, the missing bin by `missLeft`.
 */
export function numericGoLeft(last: number, missing: number, missLeft: number, out: Uint8Array, at: number): void {
  for (let b = 0; b < missing; b++) out[at + b] = b <= last ? 1 : 0;
  out[at + missing] = missLeft;
}
