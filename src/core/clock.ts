/**
 * Time as a dependency. Only the edges (CLI, server) hand in {@link systemClock}; everything else takes a
 * `Clock`, which is what lets the lifecycle benchmark replay months of traffic in seconds.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The wall clock. Use only at the edges. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to; for tests and simulations. */
export class ManualClock implements Clock {
  #now: number;
  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }
  now(): number {
    return this.#now;
  }
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.#now += ms;
  }
  set(ms: number): void {
    this.#now = ms;
  }
}

/**
 * A monotonic time source in milliseconds: an arbitrary origin that never goes backwards, for measuring durations
 * and budgets (not dates). {@link ManualClock} also fits, for tests that move time by hand.
 */
export interface MonotonicClock {
  /** Milliseconds since an arbitrary origin, never decreasing. */
  now(): number;
}

/** The process's monotonic clock (`performance.now()`); the default time source of training budgets. */
export const monotonicClock: MonotonicClock = { now: () => performance.now() };
