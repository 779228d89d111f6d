import type { BinMapper, BinnedData } from './binning.js';
import { subtractHistogram } from './histogram.js';
import { findBestSplit, leafWeight, SplitResult } from './split.js';
import type { SplitSettings } from './split.js';
import { finishTree } from './tree-finish.js';
import type { BuiltTree, DraftNode } from './tree-finish.js';
import {
  T_BEGIN,
  T_BUF,
  T_CAT,
  T_END,
  T_FEATURE,
  T_LAST,
  T_MID,
  T_MISS_LEFT,
  T_MISSING,
  T_NEED_LEFT,
  T_NEED_RIGHT,
  T_SLOT,
  T_SMALL,
  TASK_FIELDS,
} from './level-tasks.js';

/** Builds the histogram of `idx[begin..end)` into `hist` (serial or threaded; both give identical sums). */
export interface HistogramBuilder {
  build(gh: Float32Array, idx: Uint32Array, begin: number, end: number, hist: Float64Array): void;
  /** Same as `build` for the rows `0..count-1` themselves (no index indirection). */
  buildAll(gh: Float32Array, count: number, hist: Float64Array): void;
}

/**
 * Runs the split tasks of one depth-wise level on several threads (see level-tasks.ts). Histograms for the
 * smaller children live in a shared arena of fixed slots.
 */
export interface LevelRunner {
  /** Task table (TASK_FIELDS int32 per task) and categorical flag arena, both shared with the workers. */
  readonly tasks: Int32Array;
  readonly flags: Uint8Array;
  readonly maxTasks: number;
  /** Whether a level of `nodes` nodes fits the task table and the free arena slots. */
  fits(nodes: number): boolean;
  /** A free arena slot (call only after `fits`). */
  allocHist(): Float64Array;
  freeHist(hist: Float64Array): void;
  /** Arena slot of a histogram view, -1 when it is not one. */
  slotOf(hist: Float64Array): number;
  /** Runs tasks 0..count-1 to completion. */
  run(count: number): void;
}

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
 * Grows regression trees on binned data. Owns the row-index buffers (the rows of a node are a contiguous range of
 * `idx`; splitting a node stably partitions its range) and a pool of histograms, all reused across trees.
 */
export class TreeBuilder {
  /** The two row-index buffers; the trainer puts a tree's sample in `buffers[0]`. */
  readonly buffers: readonly [Uint32Array, Uint32Array];
  readonly #pool: Float64Array[] = [];
  readonly #histLen: number;
  readonly #order: Int32Array;
  readonly #key: Float64Array;
  /** Per-bin left flags of a numeric split being partitioned. */
  readonly #goLeft = new Uint8Array(256);
  /** Draft nodes, reused from tree to tree (no per-node garbage); the first `#count` are this tree's. */
  readonly #nodes: DraftNode[] = [];
  #count = 0;

  constructor(
    private readonly mapper: BinMapper,
    private readonly binned: BinnedData,
    private readonly settings: GrowSettings,
    private readonly hb: HistogramBuilder,
    buffers: readonly [Uint32Array, Uint32Array],
    private readonly level?: LevelRunner,
  ) {
    this.buffers = buffers;
    this.#histLen = 2 * (mapper.offset[mapper.numFeatures] as number);
    let maxBins = 1;
    for (let j = 0; j < mapper.numFeatures; j++) maxBins = Math.max(maxBins, (mapper.nValue[j] as number) + 1);
    this.#order = new Int32Array(maxBins);
    this.#key = new Float64Array(maxBins);
  }

  /**
   * Grows one tree on the rows `idx[0..count)` with gradients `gh` (interleaved grad/hess per row), features
   * restricted to `featureAllowed`; leaf values are multiplied by `eta`. `allRows`: `idx[i] = i` for every i < count
   * (no row sample), so the root histogram can skip the index.
   */
  grow(gh: Float32Array, count: number, featureAllowed: Uint8Array, eta: number, allRows = false): BuiltTree {
    this.#count = 0;
    const idx = this.buffers[0];
    // the root's gradient sums come from its histogram (every row is in exactly one bin of feature 0), which saves
    // a pass over the rows; without features, sum the rows
    const hist = this.#alloc();
    let g = 0;
    let h = 0;
    if (this.mapper.numFeatures > 0 && count > 0) {
      if (allRows) this.hb.buildAll(gh, count, hist);
      else this.hb.build(gh, idx, 0, count, hist);
      const end = 2 * (this.mapper.offset[1] as number);
      for (let k = 0; k < end; k += 2) {
        g += hist[k] as number;
        h += hist[k + 1] as number;
      }
    } else {
      for (let i = 0; i < count; i++) {
        const r = idx[i] as number;
        g += gh[2 * r] as number;
        h += gh[2 * r + 1] as number;
      }
    }
    const root = this.#newNode(0, 0, count, g, h, 0, -Infinity, Infinity);
    root.hist = hist;
    if (this.#canSplit(root) && this.mapper.numFeatures > 0) this.#evaluate(root, featureAllowed);
    else this.#release(root);
    const s = this.settings;
    let leaves = 1;
    const maxLeaves = s.maxLeaves > 0 ? s.maxLeaves : Infinity;
    if (s.growPolicy === 'depthwise') {
      let level = [0];
      for (let depth = 0; level.length > 0; depth++) {
        const next: number[] = [];
        if (s.deferLastLevel && s.maxDepth > 0 && depth + 1 >= s.maxDepth) {
          for (const id of level) {
            const node = this.#nodes[id] as DraftNode;
            if (node.split !== null && leaves < maxLeaves) {
              this.#defer(id);
              leaves++;
            }
            this.#release(node);
          }
          break;
        }
        if (this.level !== undefined && this.level.fits(level.length)) {
          leaves = this.#applyLevel(level, featureAllowed, leaves, maxLeaves, next);
          level = next;
          continue;
        }
        for (const id of level) {
          const node = this.#nodes[id] as DraftNode;
          if (node.split === null || leaves >= maxLeaves) {
            this.#release(node);
            continue;
          }
          this.#apply(id, gh, featureAllowed);
          leaves++;
          next.push(node.left, node.right);
        }
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
        this.#apply(id, gh, featureAllowed);
        leaves++;
        const node = this.#nodes[id] as DraftNode;
        for (const c of [node.left, node.right]) if ((this.#nodes[c] as DraftNode).split !== null) open.push(c);
      }
      for (let i = 0; i < this.#count; i++) this.#release(this.#nodes[i] as DraftNode);
    }
    if (s.gamma > 0) this.#prune(0);
    return this.#finish(eta);
  }

  #newNode(buf: number, begin: number, end: number, g: number, h: number, depth: number, lo: number, hi: number): DraftNode {
    let node = this.#nodes[this.#count];
    if (node === undefined) {
      node = { deferred: false, buf, begin, end, g, h, depth, lo, hi, hist: null, split: null, own: new SplitResult(), left: -1, right: -1 };
      this.#nodes.push(node);
    } else {
      node.deferred = false;
      node.buf = buf;
      node.begin = begin;
      node.end = end;
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
    return node.end - node.begin >= 2 && node.h >= 2 * s.minChildWeight;
  }

  #alloc(): Float64Array {
    return this.#pool.pop() ?? new Float64Array(this.#histLen);
  }

  #release(node: DraftNode): void {
    if (node.hist !== null) {
      if (this.level !== undefined && this.level.slotOf(node.hist) >= 0) this.level.freeHist(node.hist);
      else this.#pool.push(node.hist);
      node.hist = null;
    }
  }

  #evaluate(node: DraftNode, featureAllowed: Uint8Array): void {
    const split = node.own;
    findBestSplit(node.hist as Float64Array, this.mapper, node.g, node.h, node.lo, node.hi, featureAllowed, this.settings, split, this.#order, this.#key);
    node.split = split.found ? split : null;
    if (node.split === null) this.#release(node);
  }

  /** Splits node `id`: partitions its rows, creates both children, builds their histograms and evaluates them. */
  #apply(id: number, gh: Float32Array, featureAllowed: Uint8Array): void {
    const node = this.#nodes[id] as DraftNode;
    const mid = this.#partition(node, node.split as SplitResult);
    const [left, right] = this.#makeChildren(id, mid);
    if (!this.#canSplit(left) && !this.#canSplit(right)) {
      this.#release(node);
      return;
    }
    const small = left.end - left.begin <= right.end - right.begin ? left : right;
    const hist = this.#alloc();
    this.hb.build(gh, this.buffers[small.buf] as Uint32Array, small.begin, small.end, hist);
    this.#adoptHistograms(node, left, right, small, hist, featureAllowed);
  }

  /** Splits node `id` into two final leaves without moving its rows (see GrowSettings.deferLastLevel). */
  #defer(id: number): void {
    const node = this.#nodes[id] as DraftNode;
    const [left, right] = this.#makeChildren(id, node.begin);
    node.deferred = true;
    for (const c of [left, right]) {
      c.begin = -1;
      c.end = -1;
    }
  }

  /** Creates the children of a split node whose rows were partitioned at `mid` (monotone bounds propagated). */
  #makeChildren(id: number, mid: number): [DraftNode, DraftNode] {
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
    const left = this.#newNode(1 - node.buf, node.begin, mid, sp.gl, sp.hl, node.depth + 1, llo, lhi);
    node.right = this.#count;
    const right = this.#newNode(1 - node.buf, mid, node.end, sp.gr, sp.hr, node.depth + 1, rlo, rhi);
    return [left, right];
  }

  /** Subtraction trick: the larger child takes the parent's histogram minus the smaller child's; then evaluate. */
  #adoptHistograms(node: DraftNode, left: DraftNode, right: DraftNode, small: DraftNode, hist: Float64Array, featureAllowed: Uint8Array): void {
    const parentHist = node.hist as Float64Array;
    node.hist = null;
    subtractHistogram(parentHist, hist);
    small.hist = hist;
    (small === left ? right : left).hist = parentHist;
    for (const c of [left, right]) {
      if (this.#canSplit(c)) this.#evaluate(c, featureAllowed);
      else this.#release(c);
    }
  }

  /**
   * Splits the nodes of one depth-wise level on all threads (each node one task: partition + smaller child's
   * histogram), then finishes them in node order on this thread. Returns the new leaves count.
   */
  #applyLevel(ids: readonly number[], featureAllowed: Uint8Array, leaves: number, maxLeaves: number, next: number[]): number {
    const L = this.level as LevelRunner;
    const T = L.tasks;
    const chosen: number[] = [];
    const slotHists: Float64Array[] = [];
    let flagOff = 0;
    for (const id of ids) {
      const node = this.#nodes[id] as DraftNode;
      if (node.split === null || leaves >= maxLeaves) {
        this.#release(node);
        continue;
      }
      const hist = L.allocHist();
      const sp = node.split;
      const t = chosen.length * TASK_FIELDS;
      T[t + T_BUF] = node.buf;
      T[t + T_BEGIN] = node.begin;
      T[t + T_END] = node.end;
      T[t + T_FEATURE] = sp.feature;
      T[t + T_LAST] = sp.bin;
      T[t + T_MISSING] = this.mapper.nValue[sp.feature] as number;
      T[t + T_MISS_LEFT] = sp.defaultLeft ? 1 : 0;
      // every split partitions by per-bin left flags in the shared arena
      T[t + T_CAT] = flagOff;
      if (sp.categorical) {
        const flags = sp.catLeft as Uint8Array;
        L.flags.set(flags, flagOff);
        flagOff += flags.length;
      } else {
        const nv = this.mapper.nValue[sp.feature] as number;
        numericGoLeft(sp.bin, nv, sp.defaultLeft ? 1 : 0, L.flags, flagOff);
        flagOff += nv + 1;
      }
      T[t + T_SLOT] = L.slotOf(hist);
      const depthOk = this.settings.maxDepth <= 0 || node.depth + 1 < this.settings.maxDepth;
      T[t + T_NEED_LEFT] = depthOk && sp.hl >= 2 * this.settings.minChildWeight ? 1 : 0;
      T[t + T_NEED_RIGHT] = depthOk && sp.hr >= 2 * this.settings.minChildWeight ? 1 : 0;
      chosen.push(id);
      slotHists.push(hist);
      leaves++;
    }
    L.run(chosen.length);
    chosen.forEach((id, i) => {
      const t = i * TASK_FIELDS;
      const node = this.#nodes[id] as DraftNode;
      const [left, right] = this.#makeChildren(id, T[t + T_MID] as number);
      next.push(node.left, node.right);
      const hist = slotHists[i] as Float64Array;
      const small = T[t + T_SMALL] as number;
      if (small < 0) {
        L.freeHist(hist);
        this.#release(node);
        return;
      }
      this.#adoptHistograms(node, left, right, small === 0 ? left : right, hist, featureAllowed);
    });
    return leaves;
  }

  /**
   * Moves the node's rows into the other index buffer: left rows forward from `begin`, right rows backward from
   * `end - 1` (one store per row, no copy-back). Returns the first right position.
   */
  #partition(node: DraftNode, sp: SplitResult): number {
    const src = this.buffers[node.buf] as Uint32Array;
    const dst = this.buffers[1 - node.buf] as Uint32Array;
    const n = src.length;
    const f = sp.feature;
    const col = this.binned.columns.subarray(f * n, (f + 1) * n);
    // per-bin left flags (categorical: the split's own; numeric: bin ≤ last, the missing bin by defaultLeft)
    let flags: Uint8Array = this.#goLeft;
    if (sp.categorical) flags = sp.catLeft as Uint8Array;
    else numericGoLeft(sp.bin, this.mapper.nValue[f] as number, sp.defaultLeft ? 1 : 0, flags, 0);
    let w = node.begin;
    let k = node.end - 1;
    // Branch-free: each row is stored at both cursors and only the matching one moves (the left/right outcome is
    // unpredictable; a mispredicted branch per row cost more than the extra store). Two rows per iteration.
    const end = node.end;
    let i = node.begin;
    for (; i + 1 < end; i += 2) {
      const r0 = src[i] as number;
      const r1 = src[i + 1] as number;
      const l0 = flags[col[r0] as number] as number;
      const l1 = flags[col[r1] as number] as number;
      dst[w] = r0;
      dst[k] = r0;
      w += l0;
      k -= 1 - l0;
      dst[w] = r1;
      dst[k] = r1;
      w += l1;
      k -= 1 - l1;
    }
    if (i < end) {
      const r = src[i] as number;
      const l = flags[col[r] as number] as number;
      dst[w] = r;
      dst[k] = r;
      w += l;
    }
    return w;
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

  #finish(eta: number): BuiltTree {
    return finishTree(this.#nodes, this.mapper, this.settings, eta);
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
