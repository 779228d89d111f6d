import type { BinMapper } from '../gbdt/binning.js';
import type { Rng } from '../gbdt/rng.js';
import type { BinValues } from './bin-values.js';
import type { StatsLayout } from './criterion.js';
import type { BestSplit, SplitSearch } from './split-search.js';

/** What the random splitter reads of a tree grower's input (the fields of grow.ts `GrowInput` it uses). */
interface RandomSplitInput {
  readonly rows: number;
  readonly mapper: BinMapper;
  /** Column-major local bins, `bins[j * rows + i]`. */
  readonly bins: Uint8Array;
  readonly columns: readonly Float64Array[];
  readonly yClass: Int32Array | null;
  readonly y: Float64Array | null;
  readonly layout: StatsLayout;
}

/**
 * Extra trees' split of a numeric feature (sklearn's random splitter on binned data): no histogram, only the
 * node's value range and one pass for the drawn cut. A tree grower holds one.
 */
export class RandomSplitter {
  readonly #in: RandomSplitInput;
  readonly #binValues: BinValues;
  readonly #search: SplitSearch;
  readonly #minLeaf: number;
  /** Per feature: 0 one training value per bin and no missing values, 1 the same with missing values, 2 bins holding several values. */
  readonly #kind: Uint8Array;
  /** Left and missing stats of a classification cut. */
  readonly #left: Float64Array;
  readonly #miss: Float64Array;
  /** The node's missing count, as the last {@link #range} found it. */
  #mc = 0;

  constructor(input: RandomSplitInput, binValues: BinValues, hasMissing: Uint8Array, search: SplitSearch, minSamplesLeaf: number) {
    this.#in = input;
    this.#binValues = binValues;
    this.#search = search;
    this.#minLeaf = minSamplesLeaf;
    this.#kind = Uint8Array.from(hasMissing, (m, f) => (binValues.exact[f] === 0 ? 2 : m));
    this.#left = new Float64Array(input.layout.width);
    this.#miss = new Float64Array(input.layout.width);
  }

  /**
   * Numeric feature f of a regression node: a threshold drawn uniformly between the node's smallest and largest
   * value (sklearn's random splitter), snapped down to the nearest bin boundary so the split stays a bin split,
   * then evaluated with missing values right and left. One pass for the node's value range and one for the left
   * side's stats, no histogram. `nodeW` / `nodeWy` hold `w[r]` and `w[r]·y[r]` of the node's rows in node order
   * (`nodeW` null: every weight is 1). Returns whether the feature counts as tried: at least two non-empty bins,
   * the missing one included.
   */
  regression(
    f: number,
    nv: number,
    idx: Uint32Array,
    nodeW: Float64Array | null,
    nodeWy: Float64Array,
    begin: number,
    end: number,
    tot: Float64Array,
    partTot: number,
    rng: Rng,
    best: BestSplit,
  ): boolean {
    const cut = this.#range(f, nv, idx, begin, end, rng);
    if (cut < 0) return false;
    const bins = this.#in.bins;
    const o = f * this.#in.rows;
    const mc = this.#mc;
    let lw = 0;
    let ly = 0;
    let lc = 0;
    let mw = 0;
    let my = 0;
    if (mc === 0) {
      // no missing rows: "bin ≤ cut" as a 0/1 factor, no branch to mispredict
      for (let i = begin; i < end; i++) {
        const m = ((cut - (bins[o + (idx[i] as number)] as number)) >> 31) + 1;
        ly += m * (nodeWy[i] as number);
        lc += m;
      }
      if (nodeW === null) lw = lc;
      else for (let i = begin; i < end; i++) lw += (((cut - (bins[o + (idx[i] as number)] as number)) >> 31) + 1) * (nodeW[i] as number);
    } else {
      for (let i = begin; i < end; i++) {
        const b = bins[o + (idx[i] as number)] as number;
        const wi = nodeW === null ? 1 : (nodeW[i] as number);
        if (b <= cut) {
          lw += wi;
          ly += nodeWy[i] as number;
          lc++;
        } else if (b === nv) {
          mw += wi;
          my += nodeWy[i] as number;
        }
      }
    }
    best.offerRegression(f, cut, lw, ly, lc, mw, my, mc, tot[0] as number, tot[1] as number, tot[2] as number, partTot, this.#minLeaf);
    return true;
  }

  /** {@link regression} for classification: the left and missing class weights, rows weighted by `w[r]`. */
  classification(
    f: number,
    nv: number,
    idx: Uint32Array,
    w: Float64Array,
    begin: number,
    end: number,
    tot: Float64Array,
    partTot: number,
    rng: Rng,
    best: BestSplit,
  ): boolean {
    const cut = this.#range(f, nv, idx, begin, end, rng);
    if (cut < 0) return false;
    const input = this.#in;
    const bins = input.bins;
    const o = f * input.rows;
    const yClass = input.yClass as Int32Array;
    const l = this.#left;
    const miss = this.#miss;
    const ca = input.layout.countAt;
    l.fill(0);
    miss.fill(0);
    for (let i = begin; i < end; i++) {
      const r = idx[i] as number;
      const b = bins[o + r] as number;
      const s = b <= cut ? l : b === nv ? miss : null;
      if (s === null) continue;
      const c = yClass[r] as number;
      s[c] = (s[c] as number) + (w[r] as number);
      s[ca] = (s[ca] as number) + 1;
    }
    this.#search.cut(l, this.#mc > 0 ? miss : null, cut, f, tot, partTot, best);
    return true;
  }

  /**
   * One pass for the node's value range of feature f (its lowest and highest value bin and raw value, and its
   * missing count, kept in `#mc`), then the cut: the bin below a threshold drawn uniformly in the node's raw
   * value range. Returns −1 when the feature has fewer than two non-empty bins (the missing one included) in
   * the node; a cut of a node whose values sit in one bin (beside missing ones) is that bin, with no draw.
   */
  #range(f: number, nv: number, idx: Uint32Array, begin: number, end: number, rng: Rng): number {
    const input = this.#in;
    const bins = input.bins;
    const o = f * input.rows;
    const kind = this.#kind[f] as number;
    let bLo = 255;
    let bHi = 0;
    let mc = 0;
    let lo = Infinity;
    let hi = -Infinity;
    if (kind === 2) {
      // bins holding several values: the raw range (NaN compares false) and the bins of the rows holding it
      const raw = input.columns[f] as Float64Array;
      let rLo = -1;
      let rHi = -1;
      for (let i = begin; i < end; i++) {
        const r = idx[i] as number;
        const v = raw[r] as number;
        if (v < lo) {
          lo = v;
          rLo = r;
        }
        if (v > hi) {
          hi = v;
          rHi = r;
        }
        if (v !== v) mc++;
      }
      if (rLo >= 0) {
        bLo = bins[o + rLo] as number;
        bHi = bins[o + rHi] as number;
      }
    } else if (kind === 1) {
      for (let i = begin; i < end; i++) {
        const b = bins[o + (idx[i] as number)] as number;
        if (b === nv) mc++;
        else {
          if (b < bLo) bLo = b;
          if (b > bHi) bHi = b;
        }
      }
    } else {
      for (let i = begin; i < end; i++) {
        const b = bins[o + (idx[i] as number)] as number;
        if (b < bLo) bLo = b;
        if (b > bHi) bHi = b;
      }
    }
    this.#mc = mc;
    if (bLo > bHi || (bHi === bLo && mc === 0)) return -1;
    if (bHi === bLo) return bLo;
    const u = rng.nextFloat();
    // two neighbouring bins: every threshold in the range cuts between them
    if (bHi === bLo + 1) return bLo;
    if (kind !== 2) {
      const raw = input.columns[f] as Float64Array;
      lo = this.#binValues.lowest(f, bLo, bins, o, raw, idx, begin, end);
      hi = this.#binValues.highest(f, bHi, bins, o, raw, idx, begin, end);
    }
    // the threshold lies in bins bLo ..= bHi, so the search needs no other bounds
    const c = upperBin(input.mapper.upper[f] as Float64Array, lo + u * (hi - lo), bLo, bHi) - 1;
    return c < bLo ? bLo : c > bHi - 1 ? bHi - 1 : c;
  }
}

/**
 * Bin of a non-missing numeric value under the upper bounds of its feature's value bins (gbdt `binOf`), given
 * that it lies in bins `from ..= to`.
 */
function upperBin(upper: Float64Array, v: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((upper[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
