import type { BinMapper } from '../gbdt/binning.js';
import { binOf, midpoint } from '../gbdt/binning.js';
import type { Rng } from '../gbdt/rng.js';
import type { StatsLayout } from './criterion.js';
import { impurityPart, statsWeight } from './criterion.js';
import type { ForestCriterion } from './params.js';
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
  readonly #wy: Float64Array;
  readonly #hist: Float64Array;
  readonly #tot: Float64Array;
  readonly #perm: Int32Array;
  readonly #best = new BestSplit();
  readonly #search: SplitSearch;
  #w: Float64Array = new Float64Array(0);
  /** Range of non-empty value bins of the last histogram (`#lo > #hi` when every value is missing). */
  #lo = 0;
  #hi = -1;
  /** Threshold of the last numeric partition. */
  #threshold = Infinity;

  constructor(input: GrowInput, settings: GrowSettings) {
    this.#in = input;
    this.#s = settings;
    const n = input.rows;
    this.#idx = new Uint32Array(n);
    this.#scratch = new Uint32Array(n);
    this.#wy = new Float64Array(input.y === null ? 0 : n);
    this.#hist = new Float64Array(257 * input.layout.width);
    this.#tot = new Float64Array(input.layout.width);
    this.#perm = Int32Array.from(settings.usable);
    this.#search = new SplitSearch(input.layout, settings.criterion, settings.minSamplesLeaf);
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
    for (let r = 0; r < n; r++) if ((w[r] as number) > 0) this.#idx[m++] = r;
    if (input.y !== null) for (let r = 0; r < n; r++) this.#wy[r] = (w[r] as number) * (input.y[r] as number);

    const feature: number[] = [];
    const threshold: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const defaultLeft: number[] = [];
    const values: number[] = [];
    const gain: number[] = [];
    const cover: number[] = [];
    const catStart: number[] = [];
    const catLength: number[] = [];
    const catBits: number[] = [];
    // stack of pending nodes: begin, end, depth, parent, side (0 left, 1 right)
    const stack: number[] = [0, m, 0, -1, 0];
    let rootWeight = 0;
    const tot = this.#tot;
    const best = this.#best;
    while (stack.length > 0) {
      const side = stack.pop() as number;
      const parent = stack.pop() as number;
      const depth = stack.pop() as number;
      const end = stack.pop() as number;
      const begin = stack.pop() as number;
      const id = feature.length;
      if (parent >= 0) (side === 0 ? left : right)[parent] = id;
      const pure = this.#totals(begin, end);
      let weight = 0;
      for (let c = 0; c < (L.classification ? K : 1); c++) weight += tot[c] as number;
      if (id === 0) rootWeight = weight;
      for (let c = 0; c < K; c++) values.push(L.classification ? (tot[c] as number) / weight : (tot[1] as number) / weight);
      cover.push(weight);
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      defaultLeft.push(0);
      gain.push(0);
      catStart.push(-1);
      catLength.push(0);
      const count = end - begin;
      const s = this.#s;
      if (pure || count < s.minSamplesSplit || count < 2 * s.minSamplesLeaf || (s.maxDepth > 0 && depth >= s.maxDepth)) continue;
      this.#findSplit(begin, end, rng);
      if (!best.found || best.gain / rootWeight + 1e-12 < s.minImpurityDecrease) continue;
      const f = best.feature;
      const nv = input.mapper.nValue[f] as number;
      const mid = this.#partition(begin, end);
      feature[id] = f;
      gain[id] = best.gain > 0 ? best.gain : 0;
      defaultLeft[id] = best.defaultLeft ? 1 : 0;
      if (best.categorical) {
        const nw = Math.ceil(nv / 32);
        catStart[id] = catBits.length;
        catLength[id] = nw;
        for (let wi = 0; wi < nw; wi++) {
          let bits = 0;
          for (let b = 0; b < 32 && wi * 32 + b < nv; b++) if (best.flags[wi * 32 + b] === 1) bits |= 1 << b;
          catBits.push(bits >>> 0);
        }
        threshold[id] = -Infinity;
      } else {
        threshold[id] = this.#threshold;
      }
      stack.push(mid, end, depth + 1, id, 1, begin, mid, depth + 1, id, 0);
    }
    const t: ForestTree = {
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(threshold),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      defaultLeft: Uint8Array.from(defaultLeft),
      value: new Float64Array(feature.length),
      gain: Float64Array.from(gain),
      cover: Float64Array.from(cover),
      catStart: Int32Array.from(catStart),
      catLength: Int32Array.from(catLength),
      catBits: Uint32Array.from(catBits),
      values: Float64Array.from(values),
    };
    for (let i = 0; i < feature.length; i++) t.value[i] = t.values[i * K + K - 1] as number;
    return t;
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
    const wy = this.#wy;
    let sw = 0;
    let swy = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = begin; i < end; i++) {
      const r = idx[i] as number;
      sw += w[r] as number;
      swy += wy[r] as number;
      const v = y[r] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    tot[0] = sw;
    tot[1] = swy;
    tot[2] = end - begin;
    return lo === hi;
  }

  /**
   * Histogram of feature f over the node's rows into `#hist` (all zero on entry); returns the number of
   * non-empty bins (missing included) and sets `#lo..#hi`, the range of non-empty value bins. Only that range
   * (and the missing bin) is scanned and cleared afterwards, so small nodes cost O(rows + range), not O(bins).
   */
  #histogram(f: number, begin: number, end: number): number {
    const input = this.#in;
    const L = input.layout;
    const W = L.width;
    const ca = L.countAt;
    const nv = input.mapper.nValue[f] as number;
    const hist = this.#hist;
    const n = input.rows;
    const col = input.bins.subarray(f * n, (f + 1) * n);
    const idx = this.#idx;
    const w = this.#w;
    let lo = 256;
    let hi = -1;
    if (L.classification) {
      const y = input.yClass as Int32Array;
      for (let i = begin; i < end; i++) {
        const r = idx[i] as number;
        const b = col[r] as number;
        if (b !== nv) {
          if (b < lo) lo = b;
          if (b > hi) hi = b;
        }
        const o = b * W;
        const c = o + (y[r] as number);
        hist[c] = (hist[c] as number) + (w[r] as number);
        hist[o + ca] = (hist[o + ca] as number) + 1;
      }
    } else {
      const wy = this.#wy;
      for (let i = begin; i < end; i++) {
        const r = idx[i] as number;
        const b = col[r] as number;
        if (b !== nv) {
          if (b < lo) lo = b;
          if (b > hi) hi = b;
        }
        const o = b * W;
        hist[o] = (hist[o] as number) + (w[r] as number);
        hist[o + 1] = (hist[o + 1] as number) + (wy[r] as number);
        hist[o + 2] = (hist[o + 2] as number) + 1;
      }
    }
    this.#lo = lo;
    this.#hi = hi;
    let nonEmpty = (hist[nv * W + ca] as number) > 0 ? 1 : 0;
    for (let b = lo; b <= hi; b++) if ((hist[b * W + ca] as number) > 0) nonEmpty++;
    return nonEmpty;
  }

  /** Zeroes what `#histogram` wrote for feature f (its value-bin range and the missing bin). */
  #clearHistogram(f: number): void {
    const W = this.#in.layout.width;
    const nv = this.#in.mapper.nValue[f] as number;
    if (this.#hi >= this.#lo) this.#hist.fill(0, this.#lo * W, (this.#hi + 1) * W);
    this.#hist.fill(0, nv * W, (nv + 1) * W);
  }

  #findSplit(begin: number, end: number, rng: Rng): void {
    const input = this.#in;
    const s = this.#s;
    const L = input.layout;
    const mapper = input.mapper;
    const best = this.#best;
    const tot = this.#tot;
    const perm = this.#perm;
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
    for (let t = 0; t < nf && visited < s.mtry; t++) {
      const j = t + rng.nextInt(nf - t);
      const f = perm[j] as number;
      perm[j] = perm[t] as number;
      perm[t] = f;
      const nonEmpty = this.#histogram(f, begin, end);
      if (nonEmpty >= 2) {
        visited++;
        const nv = mapper.nValue[f] as number;
        if (mapper.categorical[f] === true) {
          this.#search.categorical(this.#hist, nv, this.#lo, this.#hi, f, tot, partTot, keyClass, randomCut, best);
        } else {
          const cut = s.randomSplits ? this.#randomCut(f, nv, begin, end, rng) : -1;
          this.#search.numeric(this.#hist, nv, this.#lo, this.#hi, f, tot, partTot, cut, best);
        }
      }
      this.#clearHistogram(f);
    }
    if (!best.found) return;
    // a split feature without missing values in this node sends future missing values to the heavier child
    const nvBest = mapper.nValue[best.feature] as number;
    if (this.#histogramCount(best.feature, nvBest, begin, end) === 0) best.defaultLeft = best.leftWeight >= statsWeight(L, tot, 0) / 2;
  }

  /** Rows of the node whose value of feature f is missing. */
  #histogramCount(f: number, nv: number, begin: number, end: number): number {
    const n = this.#in.rows;
    const col = this.#in.bins.subarray(f * n, (f + 1) * n);
    let c = 0;
    for (let i = begin; i < end; i++) if (col[this.#idx[i] as number] === nv) c++;
    return c;
  }

  /**
   * Extra trees: a threshold drawn uniformly between the node's smallest and largest value of feature f
   * (sklearn's random splitter), snapped down to the nearest bin boundary so the split stays a bin split.
   */
  #randomCut(f: number, nv: number, begin: number, end: number, rng: Rng): number {
    const n = this.#in.rows;
    const col = this.#in.bins.subarray(f * n, (f + 1) * n);
    const raw = this.#in.columns[f] as Float64Array;
    let lo = Infinity;
    let hi = -Infinity;
    let bLo = nv;
    let bHi = -1;
    for (let i = begin; i < end; i++) {
      const r = this.#idx[i] as number;
      const b = col[r] as number;
      if (b === nv) continue;
      const v = raw[r] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (b < bLo) bLo = b;
      if (b > bHi) bHi = b;
    }
    if (bHi <= bLo) return bLo < nv ? bLo : nv - 1;
    const t = lo + rng.nextFloat() * (hi - lo);
    const c = binOf(this.#in.mapper, f, t) - 1;
    return c < bLo ? bLo : c > bHi - 1 ? bHi - 1 : c;
  }

  /** Stable partition of the node's rows by the best split; returns the first right position. */
  #partition(begin: number, end: number): number {
    const input = this.#in;
    const best = this.#best;
    const f = best.feature;
    const n = input.rows;
    const nv = input.mapper.nValue[f] as number;
    const col = input.bins.subarray(f * n, (f + 1) * n);
    const idx = this.#idx;
    const out = this.#scratch;
    let l = begin;
    let r = begin + best.leftCount;
    const flags = best.flags;
    const cut = best.bin;
    const missLeft = best.defaultLeft;
    for (let i = begin; i < end; i++) {
      const row = idx[i] as number;
      const b = col[row] as number;
      const goLeft = best.categorical ? flags[b] === 1 : b === nv ? missLeft : b <= cut;
      if (goLeft) out[l++] = row;
      else out[r++] = row;
    }
    idx.set(out.subarray(begin, end), begin);
    if (!best.categorical) {
      // Any threshold between the largest left value and the smallest right value of the node's rows gives the
      // same partition; take the midpoint (sklearn's rule) rather than the bin boundary next to the left side,
      // which with sparse (bootstrapped) nodes sits close to the left values and biases held-out predictions.
      const raw = input.columns[f] as Float64Array;
      let maxLeft = -Infinity;
      let minRight = Infinity;
      const mid = begin + best.leftCount;
      for (let i = begin; i < mid; i++) {
        const v = raw[idx[i] as number] as number;
        if (v > maxLeft) maxLeft = v;
      }
      for (let i = mid; i < end; i++) {
        const v = raw[idx[i] as number] as number;
        if (v < minRight) minRight = v;
      }
      this.#threshold = maxLeft === -Infinity ? -Infinity : minRight === Infinity ? Infinity : midpoint(maxLeft, minRight);
    }
    return begin + best.leftCount;
  }
}
