/**
 * Count, mean, sum of squared deviations (M2), min and max of finite values, mergeable: Welford's update
 * within a batch and Chan, Golub & LeVeque's pairwise formula between batches and sketches. Numerically, a batch is
 * summarised by its own mean and M2 (two passes over a cache-sized chunk), then combined with Chan's formula,
 * which is as stable as Welford's and lets a profile merge replicas and windows exactly (up to rounding: merges
 * in any order agree to ~1e-15 relative).
 */
export interface MomentsState {
  count: number;
  /** Mean; null when there are no values or it overflowed. */
  mean: number | null;
  /** Sum of squared deviations from the mean; null when there are no values or it overflowed. */
  m2: number | null;
  min: number | null;
  max: number | null;
}

/** Mutable moments of finite values. */
export class Moments {
  count = 0;
  mean = 0;
  m2 = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  /** Adds one value (Welford). */
  add(value: number): void {
    this.count++;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (value - this.mean);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /**
   * Adds a batch of finite values `values[from..to)`: two passes (sum, then squared deviations from the batch
   * mean), then Chan's combination with what was there.
   */
  addBatch(values: Float64Array, from: number, to: number): void {
    const n = to - from;
    if (n <= 0) return;
    let sum = 0;
    let min = this.min;
    let max = this.max;
    for (let i = from; i < to; i++) {
      const v = values[i] as number;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const mean = sum / n;
    let m2 = 0;
    for (let i = from; i < to; i++) {
      const d = (values[i] as number) - mean;
      m2 += d * d;
    }
    this.combine(n, mean, m2);
    this.min = min;
    this.max = max;
  }

  /** Folds `other` into these moments (Chan et al.). */
  merge(other: Moments): void {
    if (other.count === 0) return;
    this.combine(other.count, other.mean, other.m2);
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  private combine(n: number, mean: number, m2: number): void {
    if (this.count === 0) {
      this.count = n;
      this.mean = mean;
      this.m2 = m2;
      return;
    }
    const total = this.count + n;
    const delta = mean - this.mean;
    this.mean += (delta * n) / total;
    this.m2 += m2 + ((delta * delta * this.count) / total) * n;
    this.count = total;
  }

  /** Sample variance (divides by n − 1); NaN below 2 values. */
  variance(): number {
    return this.count > 1 ? this.m2 / (this.count - 1) : Number.NaN;
  }

  /** A copy. */
  clone(): Moments {
    const copy = new Moments();
    copy.count = this.count;
    copy.mean = this.mean;
    copy.m2 = this.m2;
    copy.min = this.min;
    copy.max = this.max;
    return copy;
  }

  /** The stored form (non-finite → null). */
  toState(): MomentsState {
    const empty = this.count === 0;
    const finite = (v: number): number | null => (empty || !Number.isFinite(v) ? null : v);
    return { count: this.count, mean: finite(this.mean), m2: finite(this.m2), min: finite(this.min), max: finite(this.max) };
  }

  /** Reads a stored form (null mean/m2 with values: the sums overflowed, they stay NaN). */
  static fromState(state: MomentsState): Moments {
    const m = new Moments();
    m.count = state.count;
    if (state.count > 0) {
      m.mean = state.mean ?? Number.NaN;
      m.m2 = state.m2 ?? Number.NaN;
      m.min = state.min ?? Number.POSITIVE_INFINITY;
      m.max = state.max ?? Number.NEGATIVE_INFINITY;
    }
    return m;
  }
}
