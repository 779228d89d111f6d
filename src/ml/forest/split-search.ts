import type { StatsLayout } from './criterion.js';
import { impurityPart, statsWeight } from './criterion.js';
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
   * Numeric feature `f` with `nv` value bins, non-empty ones within `lo..hi`. `cut` < 0: try every boundary;
   * otherwise only "bins ≤ cut go left".
   */
  numeric(
    hist: Float64Array,
    nv: number,
    lo: number,
    hi: number,
    f: number,
    tot: Float64Array,
    partTot: number,
    cut: number,
    out: BestSplit,
  ): void {
    const W = this.#layout.width;
    const ca = this.#layout.countAt;
    const cum = this.#cum;
    const cm = this.#cumMissing;
    const mo = nv * W;
    const hasMissing = (hist[mo + ca] as number) > 0;
    cum.fill(0);
    const last = cut < 0 ? hi : Math.min(cut, hi);
    for (let b = lo; b <= last; b++) {
      const o = b * W;
      if ((hist[o + ca] as number) === 0) continue;
      for (let s = 0; s < W; s++) cum[s] = (cum[s] as number) + (hist[o + s] as number);
      if (cut >= 0 && b < cut) continue;
      const g = this.#gain(cum, tot, partTot);
      if (g > out.gain) this.#record(out, g, f, false, b, false, cum);
      if (hasMissing) {
        for (let s = 0; s < W; s++) cm[s] = (cum[s] as number) + (hist[mo + s] as number);
        const gm = this.#gain(cm, tot, partTot);
        if (gm > out.gain) this.#record(out, gm, f, false, b, true, cm);
      }
    }
    if (cut >= 0 && (hist[cut * W + ca] as number) === 0) {
      // the random cut bin itself is empty in this node: evaluate the cumulative stats up to it
      const g = this.#gain(cum, tot, partTot);
      if (g > out.gain) this.#record(out, g, f, false, cut, false, cum);
      if (hasMissing) {
        for (let s = 0; s < W; s++) cm[s] = (cum[s] as number) + (hist[mo + s] as number);
        const gm = this.#gain(cm, tot, partTot);
        if (gm > out.gain) this.#record(out, gm, f, false, cut, true, cm);
      }
    }
  }

  /**
   * Categorical feature `f` with `nv` categories (the missing bin `nv` takes part as one more category).
   * `keyClass` orders categories by that class's share (classification) and is ignored for regression;
   * `randomCut(k)` (extra trees) picks the prefix length − 1 among `k` present categories, or null for best mode.
   */
  categorical(
    hist: Float64Array,
    nv: number,
    lo: number,
    hi: number,
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
    let k = 0;
    for (let b = lo; b <= nv; b++) {
      if (b > hi && b < nv) b = nv;
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
