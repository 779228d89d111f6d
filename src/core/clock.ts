/**
 * Time as a dependency. Only the edges (CLI, server) hand in {@link systemClock}; everything else takes a
 * `Clock`, which is what lets the lifecycle benchmark replay months of traffic in seconds. This file is the only
 * one outside the edges that reads the runtime's clocks (ESLint rule `mlpilot/no-wall-clock`).
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The wall clock. Use only at the edges. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Elapsed time for durations and rate limits: milliseconds from an arbitrary origin, never going back (the wall
 * clock can, when the system time is set). Not a date: never store or show it.
 */
export interface MonotonicClock {
  /** Milliseconds since an arbitrary, fixed origin. */
  now(): number;
}

/**
 * The runtime's monotonic timer (`performance.now()`). Handed in at a composition root: the edges, or the entry of
 * a worker thread, which cannot be handed functions.
 */
export const systemMonotonicClock: MonotonicClock = { now: () => performance.now() };

/** A clock that moves only when told to; for tests and simulations (as a `Clock` or a `MonotonicClock`). */
export class ManualClock implements Clock, MonotonicClock {
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
