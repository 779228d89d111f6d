import type { BinMapper } from '../gbdt/binning.js';
import { midpoint } from '../gbdt/binning.js';
import type { Rng } from '../gbdt/rng.js';
import type { StatsLayout } from './criterion.js';
import { impurityPart, statsWeight } from './criterion.js';
import type { ForestCriterion } from './params.js';
import { BinValues } from './bin-values.js';
import { NodeBuffer } from './node-buffer.js';
import { NodeHistogram } from './node-histogram.js';
import { RandomSplitter } from './random-split.js';
import { BestSplit, SplitSearch } from './split-search.js';
import type { ForestTree } from './tree.js';

/** The binned training set every tree of one forest grows on. */
export interface GrowInput {
  readonly rows: number;
  readonly mapper: BinMapper;
  /** Column-major local bins, `bins[j * rows + i]` (0..nValue-1 values, nValue = missing). */
  readonly bins: Uint8Array;
  /** Raw column-major values (extra trees draw thresholds between a node's min and max). */
  readonly columns: readonly Float64Array[];
  /** Classification: class code per row. */
  readonly yClass: Int32Array | null;
  /** Regression: target per row. */
  readonly y: Float64Array | null;
  readonly layout: StatsLayout;
}

/** How trees grow (resolved parameters). */
export interface GrowSettings {
  /** 0 = unlimited. */
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
  /** Minimum weighted impurity decrease divided by the root's weight (sklearn). */
  readonly minImpurityDecrease: number;
  /** Non-constant features to try per node. */
  readonly mtry: number;
  /** Features that are not constant over the whole training set (the only ones ever drawn). */
  readonly usable: Int32Array;
  readonly criterion: ForestCriterion;
  /** Extra trees: one uniform random threshold per tried feature. */
  readonly randomSplits: boolean;
}

/**
 * Grows CART trees depth-first on binned data (sklearn's DepthFirstTreeBuilder order, so nodes come out in
 * pre-order). Each node draws features without replacement until `mtry` features that are not constant in the
 * node were evaluated (sklearn's rule), builds a histogram of each and keeps the split with the largest weighted
 * impurity decrease. A node becomes a leaf when it is pure, has fewer than `minSamplesSplit` rows (or fewer than
 * 2·`minSamplesLeaf`), reached `maxDepth`, or has no valid split. Buffers are reused across trees.
 */
export class TreeGrower {
  readonly #in: GrowInput;
  readonly #s: GrowSettings;
  readonly #idx: Uint32Array;
  readonly #scratch: Uint32Array;
  readonly #hist: NodeHistogram;
  readonly #nodes: NodeBuffer;
  readonly #tot: Float64Array;
  /** 1 for features with a missing value somewhere in the training set. */
  readonly #hasMissing: Uint8Array;
  readonly #binValues: BinValues;
  readonly #random: RandomSplitter;
  readonly #perm: Int32Array;
  readonly #best = new BestSplit();
  readonly #search: SplitSearch;
  #w: Float64Array = new Float64Array(0);
  /** Extra-trees regression: `w[r]` and `w[r]·y[r]` of the current node's rows in node order (see {@link #totals}). */
  readonly #nodeW: Float64Array;
  readonly #nodeWy: Float64Array;
  /** Every in-bag row of the current tree weighs 1 (the extra-trees cut then counts rows instead of summing weights). */
  #unitWeights = false;
  /** Threshold of the last numeric partition. */
  #threshold = Infinity;

  constructor(input: GrowInput, settings: GrowSettings) {
    this.#in = input;
    this.#s = settings;
    const n = input.rows;
    this.#idx = new Uint32Array(n);
    this.#scratch = new Uint32Array(n);
    this.#hist = new NodeHistogram(input.layout);
    this.#nodes = new NodeBuffer(input.layout.outputs);
    this.#tot = new Float64Array(input.layout.width);
    this.#hasMissing = Uint8Array.from(input.columns, (c) => (c.some((v) => v !== v) ? 1 : 0));
    this.#binValues = new BinValues(input.mapper, input.bins, input.columns, n);
    this.#perm = Int32Array.from(settings.usable);
    const nodeRows = settings.randomSplits && !input.layout.classification ? n : 0;
    this.#nodeW = new Float64Array(nodeRows);
    this.#nodeWy = new Float64Array(nodeRows);
    this.#search = new SplitSearch(input.layout, settings.criterion, settings.minSamplesLeaf);
    this.#random = new RandomSplitter(input, this.#binValues, this.#hasMissing, this.#search, settings.minSamplesLeaf);
  }

  /** Grows one tree on the rows with weight `w[r] > 0` (bootstrap counts × sample weights × class weights). */
  grow(w: Float64Array, rng: Rng): ForestTree {
    const input = this.#in;
    const L = input.layout;
    const K = L.outputs;
    const n = input.rows;
    this.#w = w;
    // the feature order of the draws restarts per tree, so a tree depends on its own RNG stream only
    this.#perm.set(this.#s.usable);
    let m = 0;
    let unit = true;
    for (let r = 0; r < n; r++) {
      if ((w[r] as number) > 0) this.#idx[m++] = r;
      if (w[r] !== 0 && w[r] !== 1) unit = false;
    }
    this.#unitWeights = unit;

    const nodes = this.#nodes;
    nodes.reset();
    // stack of pending nodes: begin, end, depth, parent, side (0 left, 1 right), features known constant
    const stack: number[] = [0, m, 0, -1, 0, 0];
    let rootWeight = 0;
    const tot = this.#tot;
    const best = this.#best;
    const s = this.#s;
    while (stack.length > 0) {
      const known = stack.pop() as number;
      const side = stack.pop() as number;
      const parent = stack.pop() as number;
      const depth = stack.pop() as number;
      const end = stack.pop() as number;
      const begin = stack.pop() as number;
      const pure = this.#totals(begin, end);
      let weight = 0;
      for (let c = 0; c < (L.classification ? K : 1); c++) weight += tot[c] as number;
      const id = nodes.add(weight);
      if (parent >= 0) (side === 0 ? nodes.left : nodes.right)[parent] = id;
      if (id === 0) rootWeight = weight;
      const values = nodes.values;
      for (let c = 0; c < K; c++) values[id * K + c] = L.classification ? (tot[c] as number) / weight : (tot[1] as number) / weight;
      const count = end - begin;
      if (pure || count < s.minSamplesSplit || count < 2 * s.minSamplesLeaf || (s.maxDepth > 0 && depth >= s.maxDepth)) continue;
      const constants = this.#findSplit(begin, end, known, rng);
      if (!best.found || best.gain / rootWeight + 1e-12 < s.minImpurityDecrease) continue;
      const f = best.feature;
      const nv = input.mapper.nValue[f] as number;
      const mid = this.#partition(begin, end);
      nodes.feature[id] = f;
      nodes.gain[id] = best.gain > 0 ? best.gain : 0;
      nodes.defaultLeft[id] = best.defaultLeft ? 1 : 0;
      if (best.categorical) {
        const nw = Math.ceil(nv / 32);
        nodes.catLength[id] = nw;
        for (let wi = 0; wi < nw; wi++) {
          let bits = 0;
          for (let b = 0; b < 32 && wi * 32 + b < nv; b++) if (best.flags[wi * 32 + b] === 1) bits |= 1 << b;
          const at = nodes.addCatWord(bits >>> 0);
          if (wi === 0) nodes.catStart[id] = at;
        }
        nodes.threshold[id] = -Infinity;
      } else {
        nodes.threshold[id] = this.#threshold;
      }
      stack.push(mid, end, depth + 1, id, 1, constants, begin, mid, depth + 1, id, 0, constants);
    }
    return nodes.finish();
  }

  /** Sums the node's stats into `#tot`; returns whether the node is pure (one class / one target value). */
  #totals(begin: number, end: number): boolean {
    const input = this.#in;
    const L = input.layout;
    const tot = this.#tot;
    const idx = this.#idx;
    const w = this.#w;
    tot.fill(0);
    if (L.classification) {
      const y = input.yClass as Int32Array;
      for (let i = begin; i < end; i++) {
        const r = idx[i] as number;
        const c = y[r] as number;
        tot[c] = (tot[c] as number) + (w[r] as number);
      }
      tot[L.countAt] = end - begin;
      let present = 0;
      for (let c = 0; c < L.outputs; c++) if ((tot[c] as number) > 0) present++;
      return present <= 1;
    }
    const y = input.y as Float64Array;
    let sw = 0;
    let swy = 0;
    let lo = Infinity;
    let hi = -Infinity;
    // extra trees keep the node's weights and weighted targets in node order for every feature's cut
    const nodeW = this.#nodeW;
    const nodeWy = this.#nodeWy;
    const keep = nodeW.length > 0;
    for (let i = begin; i < end; i++) {
      const r = idx[i] as number;
      const wr = w[r] as number;
      const v = y[r] as number;
      const wy = wr * v;
      sw += wr;
      swy += wy;
      if (keep) {
        nodeW[i] = wr;
        nodeWy[i] = wy;
      }
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    tot[0] = sw;
    tot[1] = swy;
    tot[2] = end - begin;
    return lo === hi;
  }

  /**
   * Finds the node's best split into `#best` and returns how many features are known constant in it (the first
   * entries of `#perm`), for its children. Like sklearn's splitters: `perm[0 .. known)` holds the features an
   * ancestor found constant, which are never drawn again; the others are drawn without replacement until `mtry`
   * non-constant ones were evaluated, and those found constant here join the prefix. Depth-first growth only
   * reorders entries past a node's prefix, so a right child still finds its parent's prefix intact.
   */
  #findSplit(begin: number, end: number, known: number, rng: Rng): number {
    const input = this.#in;
    const s = this.#s;
    const L = input.layout;
    const mapper = input.mapper;
    const best = this.#best;
    const tot = this.#tot;
    const perm = this.#perm;
    const h = this.#hist;
    const n = input.rows;
    const nf = perm.length;
    best.reset();
    const partTot = impurityPart(s.criterion, L, tot, 0);
    let keyClass = 1;
    if (L.classification && L.outputs > 2) {
      keyClass = 0;
      for (let c = 1; c < L.outputs; c++) if ((tot[c] as number) > (tot[keyClass] as number)) keyClass = c;
    }
    const randomCut = s.randomSplits ? (k: number): number => rng.nextInt(k - 1) : null;
    let visited = 0;
    let constants = known;
    for (let t = known; t < nf && visited < s.mtry; t++) {
      const j = t + rng.nextInt(nf - t);
      const f = perm[j] as number;
      perm[j] = perm[t] as number;
      perm[t] = f;
      const nv = mapper.nValue[f] as number;
      let varies: boolean;
      if (s.randomSplits && mapper.categorical[f] !== true) {
        // extra trees on a numeric feature: the node's value range and one pass for the drawn cut, no histogram
        varies = L.classification
          ? this.#random.classification(f, nv, this.#idx, this.#w, begin, end, tot, partTot, rng, best)
          : this.#random.regression(
              f,
              nv,
              this.#idx,
              this.#unitWeights ? null : this.#nodeW,
              this.#nodeWy,
              begin,
              end,
              tot,
              partTot,
              rng,
              best,
            );
      } else {
        varies = h.build(input.bins, f * n, nv, this.#idx, begin, end, this.#w, input.y, input.yClass) >= 2;
        if (varies && mapper.categorical[f] === true) this.#search.categorical(h, f, tot, partTot, keyClass, randomCut, best);
        else if (varies) this.#search.numeric(h, f, tot, partTot, best);
        h.clear();
      }
      if (varies) visited++;
      else {
        // constant here, so in every descendant: move it into the known prefix (perm[t] ← a non-constant one)
        perm[t] = perm[constants] as number;
        perm[constants++] = f;
      }
    }
    if (!best.found) return constants;
    // a split feature without missing values in this node sends future missing values to the heavier child
    const nvBest = mapper.nValue[best.feature] as number;
    if (this.#missingCount(best.feature, nvBest, begin, end) === 0) best.defaultLeft = best.leftWeight >= statsWeight(L, tot, 0) / 2;
    return constants;
  }

  /** Rows of the node whose value of feature f is missing. */
  #missingCount(f: number, nv: number, begin: number, end: number): number {
    if (this.#hasMissing[f] === 0) return 0;
    const bins = this.#in.bins;
    const o = f * this.#in.rows;
    const idx = this.#idx;
    let c = 0;
    for (let i = begin; i < end; i++) if (bins[o + (idx[i] as number)] === nv) c++;
    return c;
  }

  /** Stable partition of the node's rows by the best split; returns the first right position. */
  #partition(begin: number, end: number): number {
    const input = this.#in;
    const best = this.#best;
    const f = best.feature;
    const nv = input.mapper.nValue[f] as number;
    const bins = input.bins;
    const o = f * input.rows;
    const idx = this.#idx;
    const out = this.#scratch;
    let l = begin;
    let r = begin + best.leftCount;
    const flags = best.flags;
    const cut = best.bin;
    const missLeft = best.defaultLeft;
    // largest value bin on the left, smallest on the right (numeric splits; missing rows excluded)
    let maxLeftBin = -1;
    let minRightBin = 256;
    for (let i = begin; i < end; i++) {
      const row = idx[i] as number;
      const b = bins[o + row] as number;
      const goLeft = best.categorical ? flags[b] === 1 : b === nv ? missLeft : b <= cut;
      if (goLeft) {
        out[l++] = row;
        if (b !== nv && b > maxLeftBin) maxLeftBin = b;
      } else {
        out[r++] = row;
        if (b !== nv && b < minRightBin) minRightBin = b;
      }
    }
    idx.set(out.subarray(begin, end), begin);
    if (!best.categorical) {
      // Any threshold between the largest left value and the smallest right value of the node's rows gives the
      // same partition; take the midpoint (sklearn's rule) rather than the bin boundary next to the left side,
      // which with sparse (bootstrapped) nodes sits close to the left values and biases held-out predictions.
      const raw = input.columns[f] as Float64Array;
      const mid = begin + best.leftCount;
      const bv = this.#binValues;
      const maxLeft = maxLeftBin < 0 ? -Infinity : bv.highest(f, maxLeftBin, bins, o, raw, idx, begin, mid);
      const minRight = minRightBin > 255 ? Infinity : bv.lowest(f, minRightBin, bins, o, raw, idx, mid, end);
      this.#threshold = maxLeft === -Infinity ? -Infinity : minRight === Infinity ? Infinity : midpoint(maxLeft, minRight);
    }
    return begin + best.leftCount;
  }
}
