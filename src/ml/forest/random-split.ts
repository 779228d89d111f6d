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
  readonly #hasMissing: Uint8Array;
  readonly #search: SplitSearch;
  readonly #minLeaf: number;
  /** Left and missing stats of a classification cut. */
  readonly #left: Float64Array;
  readonly #miss: Float64Array;

  constructor(input: RandomSplitInput, binValues: BinValues, hasMissing: Uint8Array, search: SplitSearch, minSamplesLeaf: number) {
    this.#in = input;
    this.#binValues = binValues;
    this.#hasMissing = hasMissing;
    this.#search = search;
    this.#minLeaf = minSamplesLeaf;
    this.#left = new Float64Array(input.layout.width);
    this.#miss = new Float64Array(input.layout.width);
  }

  /**
   * Numeric feature f: a threshold drawn uniformly between the node's smallest and largest value
   * (sklearn's random splitter), snapped down to the nearest bin boundary so the split stays a bin split, then
   * evaluated with missing values right and left. Two passes over the node's raw values (range, then the left
   * side's stats), no histogram. Returns whether the feature counts as tried: at least two non-empty bins, the
   * missing one included.
   */
  evaluate(
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
    const input = this.#in;
    const bins = input.bins;
    const o = f * input.rows;
    const yClass = input.yClass;
    let bLo = 255;
    let bHi = 0;
    let mc = 0;
    let lo = Infinity;
    let hi = -Infinity;
    const raw = input.columns[f] as Float64Array;
    const upper = input.mapper.upper[f] as Float64Array;
    if (this.#binValues.exact[f] === 0) {
      // bins holding several values: the raw range directly (NaN compares false), its bins by search
      for (let i = begin; i < end; i++) {
        const v = raw[idx[i] as number] as number;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (v !== v) mc++;
      }
      if (lo <= hi) {
        bLo = upperBin(upper, lo);
        bHi = upperBin(upper, hi);
      }
    } else if (this.#hasMissing[f] === 1) {
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
    if (bLo > bHi || (bHi === bLo && mc === 0)) return false;
    let cut = bLo;
    if (bHi > bLo) {
      if (lo > hi) {
        lo = this.#binValues.lowest(f, bLo, bins, o, raw, idx, begin, end);
        hi = this.#binValues.highest(f, bHi, bins, o, raw, idx, begin, end);
      }
      const c = upperBin(upper, lo + rng.nextFloat() * (hi - lo)) - 1;
      cut = c < bLo ? bLo : c > bHi - 1 ? bHi - 1 : c;
    }
    // the missing bin nv is above every cut
    if (yClass === null) {
      const y = input.y as Float64Array;
      let lw = 0;
      let ly = 0;
      let lc = 0;
      let mw = 0;
      let my = 0;
      for (let i = begin; i < end; i++) {
        const r = idx[i] as number;
        const b = bins[o + r] as number;
        if (b <= cut) {
          lw += w[r] as number;
          ly += (w[r] as number) * (y[r] as number);
          lc++;
        } else if (b === nv) {
          mw += w[r] as number;
          my += (w[r] as number) * (y[r] as number);
        }
      }
      this.#cutRegression(f, cut, lw, ly, lc, mw, my, mc, tot, partTot, best);
      return true;
    }
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
    this.#search.cut(l, mc > 0 ? miss : null, cut, f, tot, partTot, best);
    return true;
  }

  /** Squared-error gain of "bins ≤ cut go left", missing values right and then (when there are any) left. */
  #cutRegression(
    f: number,
    cut: number,
    lw: number,
    ly: number,
    lc: number,
    mw: number,
    my: number,
    mc: number,
    tot: Float64Array,
    partTot: number,
    best: BestSplit,
  ): void {
    const minLeaf = this.#minLeaf;
    const tw = tot[0] as number;
    const ty = tot[1] as number;
    const tc = tot[2] as number;
    for (let side = 0; side < (mc > 0 ? 2 : 1); side++) {
      const cw = side === 0 ? lw : lw + mw;
      const cy = side === 0 ? ly : ly + my;
      const cc = side === 0 ? lc : lc + mc;
      if (cc < minLeaf || tc - cc < minLeaf) continue;
      const rw = tw - cw;
      const ry = ty - cy;
      if (!(cw > 0) || !(rw > 0)) continue;
      const g = (cy * cy) / cw + (ry * ry) / rw - partTot;
      if (g > best.gain) {
        best.found = true;
        best.gain = g;
        best.feature = f;
        best.categorical = false;
        best.bin = cut;
        best.defaultLeft = side === 1;
        best.leftCount = cc;
        best.leftWeight = cw;
      }
    }
  }
}

/** Bin of a non-missing numeric value under the upper bounds of its feature's value bins (gbdt `binOf`). */
function upperBin(upper: Float64Array, v: number): number {
  let lo = 0;
  let hi = upper.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((upper[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
