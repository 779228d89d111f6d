import type { StatsLayout } from './criterion.js';

/**
 * The histogram of one feature over one node's rows (`(nValue + 1) × layout.width` stats, the missing bin last)
 * and the ascending list of its non-empty value bins. Building it costs O(rows); the split search and the
 * clearing walk the list, so a node of a few rows costs O(rows + non-empty bins), not O(bins).
 */
export class NodeHistogram {
  readonly #layout: StatsLayout;
  /** Stats per bin; all zero between uses. */
  readonly hist: Float64Array;
  /** Non-empty value bins `list[0 .. count - 1]`, ascending. */
  readonly list = new Uint16Array(257);
  count = 0;
  /** The missing bin of the last feature (its stats sit at `missing × width`). */
  missing = 0;

  constructor(layout: StatsLayout) {
    this.#layout = layout;
    this.hist = new Float64Array(257 * layout.width);
  }

  /**
   * Fills the histogram of the bins `bins[offset + r]` (missing bin `nv`) over rows `idx[begin .. end)`,
   * weighting row r by `w[r]`; regression (`y`) sums `w[r]·y[r]` too, classification counts class `yClass[r]`.
   * Returns the number of non-empty bins, the missing one included.
   */
  build(
    bins: Uint8Array,
    offset: number,
    nv: number,
    idx: Uint32Array,
    begin: number,
    end: number,
    w: Float64Array,
    y: Float64Array | null,
    yClass: Int32Array | null,
  ): number {
    const L = this.#layout;
    const hist = this.hist;
    const list = this.list;
    let k = 0;
    if (y !== null) {
      for (let i = begin; i < end; i++) {
        const r = idx[i] as number;
        const b = bins[offset + r] as number;
        const o = b * 3;
        const c = hist[o + 2] as number;
        if (c === 0 && b !== nv) list[k++] = b;
        hist[o] = (hist[o] as number) + (w[r] as number);
        hist[o + 1] = (hist[o + 1] as number) + (w[r] as number) * (y[r] as number);
        hist[o + 2] = c + 1;
      }
    } else if (yClass !== null) {
      const W = L.width;
      const ca = L.countAt;
      for (let i = begin; i < end; i++) {
        const r = idx[i] as number;
        const b = bins[offset + r] as number;
        const o = b * W;
        const c = hist[o + ca] as number;
        if (c === 0 && b !== nv) list[k++] = b;
        const s = o + (yClass[r] as number);
        hist[s] = (hist[s] as number) + (w[r] as number);
        hist[o + ca] = c + 1;
      }
    }
    this.count = k;
    this.missing = nv;
    this.#sort();
    return k + ((hist[nv * L.width + L.countAt] as number) > 0 ? 1 : 0);
  }

  /** Zeroes the bins the last {@link build} wrote. */
  clear(): void {
    const W = this.#layout.width;
    const hist = this.hist;
    for (let i = 0; i < this.count; i++) {
      const o = (this.list[i] as number) * W;
      for (let s = 0; s < W; s++) hist[o + s] = 0;
    }
    const o = this.missing * W;
    for (let s = 0; s < W; s++) hist[o + s] = 0;
    this.count = 0;
  }

  /** Sorts the list: insertion sort when short, a scan of the occupied range when dense, else the native sort. */
  #sort(): void {
    const k = this.count;
    const list = this.list;
    if (k <= 16) {
      for (let i = 1; i < k; i++) {
        const v = list[i] as number;
        let j = i - 1;
        while (j >= 0 && (list[j] as number) > v) {
          list[j + 1] = list[j] as number;
          j--;
        }
        list[j + 1] = v;
      }
      return;
    }
    let lo = 256;
    let hi = 0;
    for (let i = 0; i < k; i++) {
      const b = list[i] as number;
      if (b < lo) lo = b;
      if (b > hi) hi = b;
    }
    if (hi - lo + 1 <= 4 * k) {
      const W = this.#layout.width;
      const ca = this.#layout.countAt;
      let m = 0;
      for (let b = lo; b <= hi; b++) if ((this.hist[b * W + ca] as number) > 0) list[m++] = b;
      return;
    }
    list.subarray(0, k).sort();
  }
}
