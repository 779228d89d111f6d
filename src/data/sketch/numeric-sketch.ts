import { SketchInvalidError } from '../../core/index.js';
import type { Histogram } from './histogram.js';
import type { HllState } from './hll.js';
import { HyperLogLog } from './hll.js';
import type { KllState } from './kll.js';
import { KLL_K, KllSketch } from './kll.js';
import type { MomentsState } from './moments.js';
import { Moments } from './moments.js';

/** Values per batch: the batch's finite values are copied to a cache-sized scratch array, then each sketch reads it. */
const CHUNK = 4096;
const scratch = new Float64Array(CHUNK);
const scratchWords = new Uint32Array(scratch.buffer);

/**
 * Serialised {@link NumericSketch}. NaN is a missing value; ±Infinity are values (counted, and ranked below /
 * above every finite value) kept out of the moments, the quantile and the distinct-count sketches.
 */
export interface NumericSketchState {
  missing: number;
  negativeInfinity: number;
  positiveInfinity: number;
  moments: MomentsState;
  kll: KllState;
  hll: HllState;
}

/** Time spent per part by {@link NumericSketch.addColumn} when a timer is passed (for the benchmark's breakdown). */
export interface SketchTimings {
  filter: number;
  moments: number;
  hll: number;
  histogram: number;
  kll: number;
}

/**
 * The mergeable state of a numeric (or datetime, as epoch ms) column: missing and infinite counts, moments,
 * KLL quantiles, HyperLogLog distinct count, and optionally a histogram on fixed edges. One pass over the column
 * in batches of 4096 values; nothing is allocated per value.
 */
export class NumericSketch {
  missing = 0;
  negativeInfinity = 0;
  positiveInfinity = 0;
  readonly moments: Moments;
  readonly kll: KllSketch;
  readonly hll: HyperLogLog;

  constructor(seed: number, parts?: { moments: Moments; kll: KllSketch; hll: HyperLogLog }) {
    this.moments = parts?.moments ?? new Moments();
    this.kll = parts?.kll ?? new KllSketch(KLL_K, seed);
    this.hll = parts?.hll ?? new HyperLogLog();
  }

  /** Values that are not missing (finite and infinite). */
  get count(): number {
    return this.moments.count + this.negativeInfinity + this.positiveInfinity;
  }

  /**
   * Adds a column's values; with `histogram`, counts them into it in the same pass.
   * `timings` (optional) accumulates milliseconds per part, read from `now`.
   */
  addColumn(values: Float64Array, histogram?: Histogram, timings?: { now: () => number; add: SketchTimings }): void {
    const n = values.length;
    const negativeBefore = this.negativeInfinity;
    const positiveBefore = this.positiveInfinity;
    let t = timings?.now() ?? 0;
    const lap = (part: keyof SketchTimings): void => {
      if (timings === undefined) return;
      const now = timings.now();
      timings.add[part] += now - t;
      t = now;
    };
    for (let start = 0; start < n; start += CHUNK) {
      const end = Math.min(n, start + CHUNK);
      let m = 0;
      for (let i = start; i < end; i++) {
        const v = values[i] as number;
        // v - v is 0 exactly for finite v (NaN for NaN and ±Infinity).
        if (v - v === 0) scratch[m++] = v;
        else if (v !== v) this.missing++;
        else if (v > 0) this.positiveInfinity++;
        else this.negativeInfinity++;
      }
      lap('filter');
      this.moments.addBatch(scratch, 0, m);
      lap('moments');
      this.hll.addFloats(scratchWords, 0, m);
      lap('hll');
      if (histogram !== undefined) {
        histogram.addBatch(scratch, 0, m);
        lap('histogram');
      }
      this.kll.update(scratch, 0, m);
      lap('kll');
    }
    if (histogram !== undefined) {
      histogram.below += this.negativeInfinity - negativeBefore;
      histogram.above += this.positiveInfinity - positiveBefore;
    }
  }

  /** A second pass that only counts values into `histogram` (for edges computed from this sketch). */
  static countInto(histogram: Histogram, values: Float64Array): void {
    const n = values.length;
    for (let start = 0; start < n; start += CHUNK) {
      const end = Math.min(n, start + CHUNK);
      let m = 0;
      for (let i = start; i < end; i++) {
        const v = values[i] as number;
        if (v === v) scratch[m++] = v;
      }
      histogram.addBatch(scratch, 0, m);
    }
  }

  /** Folds `other` in (see each sketch's merge). */
  merge(other: NumericSketch): void {
    this.missing += other.missing;
    this.negativeInfinity += other.negativeInfinity;
    this.positiveInfinity += other.positiveInfinity;
    this.moments.merge(other.moments);
    this.kll.merge(other.kll);
    this.hll.merge(other.hll);
  }

  /**
   * Distinct non-missing values: exact (from the retained values) while the quantile sketch holds every value,
   * else the HyperLogLog estimate (relative standard error 1.6 %), kept within [1, count]. Each infinity sign
   * counts as one value.
   */
  distinct(): { value: number; exact: boolean } {
    const infinite = (this.negativeInfinity > 0 ? 1 : 0) + (this.positiveInfinity > 0 ? 1 : 0);
    if (this.kll.exact) return { value: this.kll.distinctRetained() + infinite, exact: true };
    const estimate = Math.round(this.hll.estimate());
    return { value: Math.min(this.moments.count, Math.max(1, estimate)) + infinite, exact: false };
  }

  /**
   * Quantiles of all non-missing values (infinities included, ranked at the ends); an infinite quantile is null.
   * Exact (linear interpolation, numpy's default) while the quantile sketch holds every value.
   */
  quantiles(qs: readonly number[]): Array<number | null> {
    const finite = this.moments.count;
    const total = this.count;
    if (total === 0) return qs.map(() => null);
    const low = this.negativeInfinity;
    const show = (v: number): number | null => (Number.isFinite(v) ? v : null);
    if (this.kll.exact) {
      const { values } = this.kll.sortedItems();
      const at = (i: number): number =>
        i < low ? Number.NEGATIVE_INFINITY : i >= low + finite ? Number.POSITIVE_INFINITY : (values[i - low] as number);
      return qs.map((q) => {
        const position = (total - 1) * q;
        const lower = Math.floor(position);
        const a = at(lower);
        const b = at(Math.min(lower + 1, total - 1));
        return show(a === b ? a : a + (b - a) * (position - lower));
      });
    }
    return qs.map((q) => {
      const target = q * total;
      if (target < low || (low > 0 && target === low && q === 0)) return null;
      if (target > low + finite) return null;
      return show(this.kll.quantile(Math.min(1, Math.max(0, (target - low) / finite))));
    });
  }

  /** The stored form. */
  toState(): NumericSketchState {
    return {
      missing: this.missing,
      negativeInfinity: this.negativeInfinity,
      positiveInfinity: this.positiveInfinity,
      moments: this.moments.toState(),
      kll: this.kll.toState(),
      hll: this.hll.toState(),
    };
  }

  /** Reads a stored form. @throws MLP_DATA_SKETCH_INVALID naming the field under `field`. */
  static fromState(state: NumericSketchState, field: string): NumericSketch {
    const sketch = new NumericSketch(0, {
      moments: Moments.fromState(state.moments),
      kll: KllSketch.fromState(state.kll, `${field}.kll`),
      hll: HyperLogLog.fromState(state.hll, `${field}.hll`),
    });
    if (state.kll.n !== state.moments.count)
      throw SketchInvalidError({ field: `${field}.kll.n`, problem: `must equal moments.count (${state.moments.count})` });
    sketch.missing = state.missing;
    sketch.negativeInfinity = state.negativeInfinity;
    sketch.positiveInfinity = state.positiveInfinity;
    return sketch;
  }
}
