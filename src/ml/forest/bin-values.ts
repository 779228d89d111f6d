import type { BinMapper } from '../gbdt/binning.js';

/**
 * The smallest and largest training value in every numeric value bin. Where the two are equal (every bin of a
 * feature with at most `maxBins` distinct values) a node's extreme value in that bin is known without reading the
 * node's raw values: extra trees' value range and the split midpoint then cost one pass over the compact bins
 * instead of gathers from the float64 columns.
 */
export class BinValues {
  readonly #mapper: BinMapper;
  readonly #lo: Float64Array;
  readonly #hi: Float64Array;
  /** 1 for numeric features whose every bin holds a single training value. */
  readonly exact: Uint8Array;

  constructor(mapper: BinMapper, bins: Uint8Array, columns: readonly Float64Array[], rows: number) {
    this.#mapper = mapper;
    const slots = mapper.offset[mapper.numFeatures] as number;
    this.#lo = new Float64Array(slots).fill(Infinity);
    this.#hi = new Float64Array(slots).fill(-Infinity);
    for (let f = 0; f < mapper.numFeatures; f++) {
      if (mapper.categorical[f] === true) continue;
      const nv = mapper.nValue[f] as number;
      const at = mapper.offset[f] as number;
      const col = columns[f] as Float64Array;
      const o = f * rows;
      for (let r = 0; r < rows; r++) {
        const b = bins[o + r] as number;
        if (b === nv) continue;
        const v = col[r] as number;
        if (v < (this.#lo[at + b] as number)) this.#lo[at + b] = v;
        if (v > (this.#hi[at + b] as number)) this.#hi[at + b] = v;
      }
    }
    this.exact = Uint8Array.from({ length: mapper.numFeatures }, (_, f) => {
      if (mapper.categorical[f] === true) return 0;
      const at = mapper.offset[f] as number;
      for (let b = 0; b < (mapper.nValue[f] as number); b++) {
        const lo = this.#lo[at + b] as number;
        if (lo !== Infinity && lo !== this.#hi[at + b]) return 0;
      }
      return 1;
    });
  }

  /**
   * Smallest raw value of feature f among rows `idx[begin .. end)` whose bin is `b` (a bin some of them are in):
   * the bin's training value when it holds one, else a pass over those rows.
   */
  lowest(f: number, b: number, bins: Uint8Array, offset: number, raw: Float64Array, idx: Uint32Array, begin: number, end: number): number {
    const at = (this.#mapper.offset[f] as number) + b;
    const lo = this.#lo[at] as number;
    if (lo === this.#hi[at]) return lo;
    let m = Infinity;
    for (let i = begin; i < end; i++) {
      const r = idx[i] as number;
      if (bins[offset + r] === b && (raw[r] as number) < m) m = raw[r] as number;
    }
    return m;
  }

  /** Largest raw value of feature f among rows `idx[begin .. end)` whose bin is `b`, like {@link lowest}. */
  highest(f: number, b: number, bins: Uint8Array, offset: number, raw: Float64Array, idx: Uint32Array, begin: number, end: number): number {
    const at = (this.#mapper.offset[f] as number) + b;
    const hi = this.#hi[at] as number;
    if (hi === this.#lo[at]) return hi;
    let m = -Infinity;
    for (let i = begin; i < end; i++) {
      const r = idx[i] as number;
      if (bins[offset + r] === b && (raw[r] as number) > m) m = raw[r] as number;
    }
    return m;
  }
}
