import { SketchInvalidError } from '../../core/index.js';

/** Counters a frequent-items summary keeps by default. */
export const FREQUENT_ITEMS_CAPACITY = 32;

/** Serialised {@link FrequentItems}: counters in insertion order. */
export interface FrequentItemsState {
  capacity: number;
  /** Total weight added. */
  total: number;
  items: Array<{ value: string; count: number }>;
}

/**
 * Misra–Gries frequent items with weights, mergeable as in Agarwal et al. ("Mergeable summaries", 2012): add
 * the counters, then subtract the (capacity+1)-th largest from all and drop those ≤ 0. **Error bound**: for
 * every value, `estimate ≤ true count ≤ estimate + errorBound()`, where errorBound = (total − Σ counters) /
 * (capacity + 1); a value absent from the summary has a true count ≤ errorBound, and every value whose true
 * count exceeds it is listed. While no counter was ever decremented (≤ capacity distinct values) the counts are
 * exact and errorBound is 0.
 */
export class FrequentItems {
  readonly capacity: number;
  total = 0;
  private readonly counters = new Map<string, number>();

  constructor(capacity = FREQUENT_ITEMS_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 10_000)
      throw SketchInvalidError({ field: 'frequent.capacity', problem: `must be an integer from 1 to 10000, got ${capacity}` });
    this.capacity = capacity;
  }

  /** Adds `weight` occurrences of `value`. */
  add(value: string, weight = 1): void {
    if (weight <= 0) return;
    this.total += weight;
    this.counters.set(value, (this.counters.get(value) ?? 0) + weight);
    if (this.counters.size > this.capacity) this.reduce();
  }

  /** Folds `other` in. @throws MLP_DATA_SKETCH_INVALID when the capacities differ. */
  merge(other: FrequentItems): void {
    if (other.capacity !== this.capacity)
      throw SketchInvalidError({ field: 'frequent.capacity', problem: `cannot merge capacity ${other.capacity} into ${this.capacity}` });
    this.total += other.total;
    for (const [value, count] of other.counters) this.counters.set(value, (this.counters.get(value) ?? 0) + count);
    if (this.counters.size > this.capacity) this.reduce();
  }

  private reduce(): void {
    const counts = [...this.counters.values()].sort((a, b) => b - a);
    const cut = counts[this.capacity] as number;
    for (const [value, count] of this.counters) {
      if (count <= cut) this.counters.delete(value);
      else this.counters.set(value, count - cut);
    }
  }

  /** The most a listed count underestimates the true count (and the most an unlisted value can have occurred). */
  errorBound(): number {
    let kept = 0;
    for (const count of this.counters.values()) kept += count;
    return (this.total - kept) / (this.capacity + 1);
  }

  /** The `limit` largest counters, most frequent first, ties in insertion order. */
  top(limit: number): Array<{ value: string; count: number }> {
    return [...this.counters]
      .map(([value, count], order) => ({ value, count, order }))
      .sort((a, b) => b.count - a.count || a.order - b.order)
      .slice(0, limit)
      .map(({ value, count }) => ({ value, count }));
  }

  /** Estimated count of `value` (0 when not listed). */
  estimate(value: string): number {
    return this.counters.get(value) ?? 0;
  }

  /** A copy. */
  clone(): FrequentItems {
    return FrequentItems.fromState(this.toState());
  }

  /** The stored form. */
  toState(): FrequentItemsState {
    return { capacity: this.capacity, total: this.total, items: [...this.counters].map(([value, count]) => ({ value, count })) };
  }

  /** Reads a stored form. @throws MLP_DATA_SKETCH_INVALID naming the field. */
  static fromState(state: FrequentItemsState, field = 'frequent'): FrequentItems {
    const summary = new FrequentItems(state.capacity);
    if (state.items.length > state.capacity)
      throw SketchInvalidError({ field: `${field}.items`, problem: `more than ${state.capacity} items` });
    let kept = 0;
    for (const { value, count } of state.items) {
      if (summary.counters.has(value))
        throw SketchInvalidError({ field: `${field}.items`, problem: `${JSON.stringify(value)} is listed twice` });
      summary.counters.set(value, count);
      kept += count;
    }
    if (kept > state.total) throw SketchInvalidError({ field: `${field}.total`, problem: 'is less than the listed counts' });
    summary.total = state.total;
    return summary;
  }
}
