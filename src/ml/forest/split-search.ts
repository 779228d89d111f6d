import type { StatsLayout } from './criterion.js';
import { impurityPart, statsWeight } from './criterion.js';
import type { NodeHistogram } from './node-histogram.js';
import type { ForestCriterion } from './params.js';

/** The best split of a node so far (a reused object). */
export class BestSplit {
  found = false;
  /** Weighted impurity decrease. */
  gain = -Infinity;
  feature = -1;
  categorical = false;
  /** Numeric: rows whose value bin ≤ `bin` go left. */
  bin = 0;
  /** Rows with a missing value go left (numeric; categorical ones follow `flags[missing bin]`). */
  defaultLeft = false;
  /** Categorical: 1 = this local bin (category code, or the missing bin after them) goes left. */
  readonly flags = new Uint8Array(257);
  /** Row count of the left child. */
  leftCount = 0;
  leftWeight = 0;

  reset(): void {
    this.found = false;
    this.gain = -Infinity;
    this.feature = -1;
  }

  /**
   * Offers the squared-error split "bins ≤ `bin` of feature `f` go left" from the left stats (weight, Σwy, rows)
   * `l*`, the missing values' `m*` and the node's `t*`: missing values right, then (when there are any) left. Keeps
   * the better one when it beats the best so far and leaves both children at least `minLeaf` rows.
   */
  offerRegression(
    f: number,
    bin: number,
    lw: number,
    ly: number,
    lc: number,
    mw: number,
    my: number,
    mc: number,
    tw: number,
    ty: number,
    tc: number,
    partTot: number,
    minLeaf: number,
  ): void {
    for (let side = 0; side < (mc > 0 ? 2 : 1); side++) {
      const cw = side === 0 ? lw : lw + mw;
      const cy = side === 0 ? ly : ly + my;
      const cc = side === 0 ? lc : lc + mc;
      if (cc < minLeaf || tc - cc < minLeaf) continue;
      const rw = tw - cw;
      const ry = ty - cy;
      if (!(cw > 0) || !(rw > 0)) continue;
      const g = (cy * cy) / cw + (ry * ry) / rw - partTot;
      if (g > this.gain) {
        this.found = true;
        this.gain = g;
        this.feature = f;
        this.categorical = false;
        this.bin = bin;
        this.defaultLeft = side === 1;
        this.leftCount = cc;
        this.leftWeight = cw;
      }
    }
  }
}

/**
 * Evaluates the splits of one feature from its node histogram (`(nValue + 1) × layout.width` stats, the missing
 * bin last). Best mode tries every bin boundary (numeric, missing values sent right then left: the default
 * direction is learned) or every prefix of the categories ordered by their mean target / class share (the
 * optimal binary partition for regression and two classes, Breiman's trick; for more classes the share of the
 * node's majority class, a one-vs-rest ordering). Random mode (extra trees) tries one given cut.
 */
export class SplitSearch {
  readonly #layout: StatsLayout;
  readonly #criterion: ForestCriterion;
  readonly #minLeaf: number;
  readonly #cum: Float64Array;
  readonly #cumMissing: Float64Array;
  readonly #right: Float64Array;
  readonly #order = new Int32Array(257);
  readonly #key = new Float64Array(257);

  constructor(layout: StatsLayout, criterion: ForestCriterion, minSamplesLeaf: number) {
    this.#layout = layout;
    this.#criterion = criterion;
    this.#minLeaf = minSamplesLeaf;
    this.#cum = new Float64Array(layout.width);
    this.#cumMissing = new Float64Array(layout.width);
    this.#right = new Float64Array(layout.width);
  }

  /** Gain of the left stats `l` (right = total − left), or −∞ when a child breaks the leaf-size rules. */
  #gain(l: Float64Array, tot: Float64Array, partTot: number): number {
    const L = this.#layout;
    const ca = L.countAt;
    const countL = l[ca] as number;
    const countR = (tot[ca] as number) - countL;
    if (countL < this.#minLeaf || countR < this.#minLeaf) return -Infinity;
    const r = this.#right;
    for (let s = 0; s < L.width; s++) r[s] = (tot[s] as number) - (l[s] as number);
    if (!(statsWeight(L, l, 0) > 0) || !(statsWeight(L, r, 0) > 0)) return -Infinity;
    return impurityPart(this.#criterion, L, l, 0) + impurityPart(this.#criterion, L, r, 0) - partTot;
  }

  #record(out: BestSplit, gain: number, f: number, categorical: boolean, bin: number, defaultLeft: boolean, l: Float64Array): void {
    out.found = true;
    out.gain = gain;
    out.feature = f;
    out.categorical = categorical;
    out.bin = bin;
    out.defaultLeft = defaultLeft;
    out.leftCount = l[this.#layout.countAt] as number;
    out.leftWeight = statsWeight(this.#layout, l, 0);
  }

  /**
   * Numeric feature `f` from its node histogram `h`: every boundary after a non-empty value bin, with the node's
   * missing values sent right and then left (the default direction is learned).
   */
  numeric(h: NodeHistogram, f: number, tot: Float64Array, partTot: number, out: BestSplit): void {
    if (!this.#layout.classification) {
      this.#numericRegression(h, f, tot, partTot, out);
      return;
    }
    const W = this.#layout.width;
    const ca = this.#layout.countAt;
    const hist = h.hist;
    const cum = this.#cum;
    const cm = this.#cumMissing;
    const mo = h.missing * W;
    const hasMissing = (hist[mo + ca] as number) > 0;
    cum.fill(0);
    for (let i = 0; i < h.count; i++) {
      const b = h.list[i] as number;
      const o = b * W;
      for (let s = 0; s < W; s++) cum[s] = (cum[s] as number) + (hist[o + s] as number);
      const g = this.#gain(cum, tot, partTot);
      if (g > out.gain) this.#record(out, g, f, false, b, false, cum);
      if (hasMissing) {
        for (let s = 0; s < W; s++) cm[s] = (cum[s] as number) + (hist[mo + s] as number);
        const gm = this.#gain(cm, tot, partTot);
        if (gm > out.gain) this.#record(out, gm, f, false, b, true, cm);
      }
    }
  }

  /** {@link numeric} for squared error, the stats (weight, Σwy, rows) unrolled. */
  #numericRegression(h: NodeHistogram, f: number, tot: Float64Array, partTot: number, out: BestSplit): void {
    const hist = h.hist;
    const minLeaf = this.#minLeaf;
    const tw = tot[0] as number;
    const ty = tot[1] as number;
    const tc = tot[2] as number;
    const mo = h.missing * 3;
    const mw = hist[mo] as number;
    const my = hist[mo + 1] as number;
    const mc = hist[mo + 2] as number;
    let lw = 0;
    let ly = 0;
    let lc = 0;
    for (let i = 0; i < h.count; i++) {
      const b = h.list[i] as number;
      const o = b * 3;
      lw += hist[o] as number;
      ly += hist[o + 1] as number;
      lc += hist[o + 2] as number;
      out.offerRegression(f, b, lw, ly, lc, mw, my, mc, tw, ty, tc, partTot, minLeaf);
    }
  }

  /**
   * One given numeric split (extra trees): left stats `l` (rows with a value bin ≤ `bin`) and the node's missing
   * stats `miss` (`null` when it has none), tried with missing values right and then left.
   */
  cut(l: Float64Array, miss: Float64Array | null, bin: number, f: number, tot: Float64Array, partTot: number, out: BestSplit): void {
    const g = this.#gain(l, tot, partTot);
    if (g > out.gain) this.#record(out, g, f, false, bin, false, l);
    if (miss === null) return;
    const cm = this.#cumMissing;
    for (let s = 0; s < this.#layout.width; s++) cm[s] = (l[s] as number) + (miss[s] as number);
    const gm = this.#gain(cm, tot, partTot);
    if (gm > out.gain) this.#record(out, gm, f, false, bin, true, cm);
  }

  /**
   * Categorical feature `f` with `nv` categories (the missing bin `nv` takes part as one more category).
   * `keyClass` orders categories by that class's share (classification) and is ignored for regression;
   * `randomCut(k)` (extra trees) picks the prefix length − 1 among `k` present categories, or null for best mode.
   */
  categorical(
    h: NodeHistogram,
    f: number,
    tot: Float64Array,
    partTot: number,
    keyClass: number,
    randomCut: ((k: number) => number) | null,
    out: BestSplit,
  ): void {
    const L = this.#layout;
    const W = L.width;
    const ca = L.countAt;
    const order = this.#order;
    const key = this.#key;
    const hist = h.hist;
    const nv = h.missing;
    let k = 0;
    for (let i = 0; i <= h.count; i++) {
      const b = i < h.count ? (h.list[i] as number) : nv;
      const o = b * W;
      if ((hist[o + ca] as number) === 0) continue;
      order[k++] = b;
      const w = statsWeight(L, hist, o);
      key[b] = L.classification ? (hist[o + keyClass] as number) / w : (hist[o + 1] as number) / w;
    }
    if (k < 2) return;
    const ord = order.subarray(0, k);
    ord.sort((a, b) => (key[a] as number) - (key[b] as number) || a - b);
    const cum = this.#cum;
    cum.fill(0);
    const only = randomCut === null ? -1 : randomCut(k);
    let bestCut = -1;
    for (let i = 0; i + 1 < k; i++) {
      const o = (ord[i] as number) * W;
      for (let s = 0; s < W; s++) cum[s] = (cum[s] as number) + (hist[o + s] as number);
      if (only >= 0 && i !== only) continue;
      const g = this.#gain(cum, tot, partTot);
      if (g > out.gain) {
        this.#record(out, g, f, true, -1, false, cum);
        bestCut = i;
      }
      if (only >= 0) break;
    }
    if (bestCut < 0) return;
    const flags = out.flags;
    flags.fill(0, 0, nv + 1);
    for (let i = 0; i <= bestCut; i++) flags[ord[i] as number] = 1;
    out.defaultLeft = flags[nv] === 1;
  }
}
