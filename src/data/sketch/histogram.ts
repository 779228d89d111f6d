import { HistogramEdgesError } from '../../core/index.js';

/** Most bins a histogram may have. */
export const MAX_HISTOGRAM_BINS = 1000;

/**
 * A histogram on fixed edges: bin i is [edges[i], edges[i+1]), the last bin also holds edges[B] (numpy's
 * convention); values below edges[0] (−Infinity included) count in `below`, above edges[B] (+Infinity included)
 * in `above`, so a window profiled on the reference's edges keeps every value. Edges `[v, v]` make one bin
 * holding v (a constant reference column). Merging adds counts and needs identical edges.
 */
export interface HistogramState {
  edges: number[];
  counts: number[];
  below: number;
  above: number;
}

/**
 * Checks edges given for `column`.
 * @throws MLP_DATA_HISTOGRAM_EDGES_INVALID unless 2..1001 finite numbers, strictly increasing (or `[v, v]`).
 */
export function checkEdges(column: string, edges: readonly number[]): Float64Array {
  const fail = (problem: string): Error => HistogramEdgesError({ column, problem });
  if (!Array.isArray(edges)) throw fail('must be an array of numbers');
  if (edges.length < 2 || edges.length > MAX_HISTOGRAM_BINS + 1) throw fail(`got ${edges.length} edges`);
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i];
    if (typeof edge !== 'number' || !Number.isFinite(edge)) throw fail(`edge ${i} is not a finite number`);
    if (i > 0 && !(edge > (edges[i - 1] as number)) && !(edges.length === 2 && edge === edges[0]))
      throw fail(`edge ${i} (${edge}) is not greater than edge ${i - 1}`);
  }
  return Float64Array.from(edges);
}

/** Cells of the lookup grid that maps a value to its bin in one multiplication (see {@link Histogram.addBatch}). */
const GRID = 1024;

/** Mutable histogram counts on fixed edges. */
export class Histogram {
  readonly edges: Float64Array;
  readonly counts: Float64Array;
  below = 0;
  above = 0;
  /** Bin of each grid cell's left end, or null when edges[B] − edges[0] is not a finite positive number. */
  private readonly grid: Int32Array | null;
  private readonly scale: number;

  constructor(edges: Float64Array) {
    this.edges = edges;
    this.counts = new Float64Array(edges.length - 1);
    const low = edges[0] as number;
    const width = (edges[edges.length - 1] as number) - low;
    this.scale = GRID / width;
    if (!(width > 0) || !Number.isFinite(this.scale) || !Number.isFinite(width)) {
      this.grid = null;
      return;
    }
    this.grid = new Int32Array(GRID);
    let bin = 0;
    for (let cell = 0; cell < GRID; cell++) {
      const start = low + cell / this.scale;
      while (bin < edges.length - 2 && start >= (edges[bin + 1] as number)) bin++;
      this.grid[cell] = bin;
    }
  }

  /**
   * Counts `values[from..to)` (NaN must have been removed; ±Infinity go below/above). A value's grid cell gives
   * its bin in one multiplication; comparisons with the neighbouring edges then fix the few values whose cell
   * holds an edge (or that rounding put in the next cell), so the result is exactly the bin by comparison.
   */
  addBatch(values: Float64Array, from: number, to: number): void {
    const edges = this.edges;
    const counts = this.counts;
    const lastBin = edges.length - 2;
    const low = edges[0] as number;
    const high = edges[lastBin + 1] as number;
    const grid = this.grid;
    if (grid === null) {
      for (let i = from; i < to; i++) {
        const v = values[i] as number;
        if (v < low) this.below++;
        else if (v > high) this.above++;
        else {
          // Largest bin whose left edge ≤ v, the last bin closed.
          let lo = 0;
          let hi = lastBin;
          while (lo < hi) {
            const mid = (lo + hi + 1) >>> 1;
            if (v >= (edges[mid] as number)) lo = mid;
            else hi = mid - 1;
          }
          counts[lo] = (counts[lo] as number) + 1;
        }
      }
      return;
    }
    const scale = this.scale;
    let below = 0;
    let above = 0;
    for (let i = from; i < to; i++) {
      const v = values[i] as number;
      if (v < low) below++;
      else if (v > high) above++;
      else {
        let cell = ((v - low) * scale) | 0;
        if (cell >= GRID) cell = GRID - 1;
        let bin = grid[cell] as number;
        while (bin > 0 && v < (edges[bin] as number)) bin--;
        while (bin < lastBin && v >= (edges[bin + 1] as number)) bin++;
        counts[bin] = (counts[bin] as number) + 1;
      }
    }
    this.below += below;
    this.above += above;
  }

  /** Adds `other`'s counts. The caller checks the edges are equal ({@link sameEdges}). */
  merge(other: Histogram): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] = (this.counts[i] as number) + (other.counts[i] as number);
    this.below += other.below;
    this.above += other.above;
  }

  /** The stored form. */
  toState(): HistogramState {
    return { edges: Array.from(this.edges), counts: Array.from(this.counts), below: this.below, above: this.above };
  }

  /** Reads a stored form. @throws MLP_DATA_HISTOGRAM_EDGES_INVALID for bad edges or a count per bin mismatch. */
  static fromState(state: HistogramState, column: string): Histogram {
    const histogram = new Histogram(checkEdges(column, state.edges));
    if (state.counts.length !== histogram.counts.length)
      throw HistogramEdgesError({
        column,
        problem: `${state.edges.length} edges need ${histogram.counts.length} counts, got ${state.counts.length}`,
      });
    histogram.counts.set(state.counts);
    histogram.below = state.below;
    histogram.above = state.above;
    return histogram;
  }
}

/** True when two edge lists are identical (same length, every edge equal). */
export function sameEdges(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Default edges of a reference column: its deciles from the quantile sketch (min, p10, …, p90, max), equal
 * ones dropped; `[v, v]` for a constant column; null without values. Quantile edges rather than equal width
 * because drift statistics on binned data (PSI, chi-squared) need every bin populated: equal-width bins on skewed
 * data (incomes, latencies) put nearly everything in one bin and hide any shift inside it.
 */
export function quantileEdges(min: number, max: number, deciles: readonly number[]): number[] | null {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  if (min === max) return [min, max];
  const edges = [min];
  for (const q of deciles) if (q > (edges[edges.length - 1] as number) && q < max) edges.push(q);
  edges.push(max);
  return edges;
}
