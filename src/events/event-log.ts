/** The event log as the rest of mlpilot reads it: filtered listing and tailing by sequence number. */
import type { Clock } from '../core/index.js';
import type { EventQuery, Store, StoredEvent } from '../store/index.js';
import { resolveTime } from './since.js';

/** A listing request: an {@link EventQuery} whose times also accept the forms of {@link resolveTime}. */
export type EventListOptions = Omit<EventQuery, 'since' | 'until'> & {
  since?: number | string;
  until?: number | string;
};

/** Options of {@link EventLog.follow}. */
export interface FollowOptions {
  /** Wait between polls when nothing new arrived (default 1000 ms). */
  pollMs?: number;
  /** Stops the iteration. */
  signal?: AbortSignal;
  /** How to wait (injected in tests); default a timer that ends early on abort. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  types?: readonly string[];
  /** Events fetched per poll (default 500). */
  batch?: number;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Reads the append-only event log of a store. */
export class EventLog {
  constructor(
    private readonly store: Pick<Store, 'events'>,
    private readonly clock: Clock,
  ) {}

  /** Lists events. @throws MLP_CORE_VALIDATION for a bad time, limit, or a type or subject kind not in the store's catalog. */
  async list(options: EventListOptions = {}): Promise<StoredEvent[]> {
    const { since, until, ...rest } = options;
    const now = this.clock.now();
    const query: EventQuery = { ...rest };
    if (since !== undefined) query.since = resolveTime(since, now, 'since');
    if (until !== undefined) query.until = resolveTime(until, now, 'until');
    return this.store.events.list(query);
  }

  /**
   * Yields every event with `seq > afterSeq`, in order, then waits for new ones until `signal` aborts.
   * Writers serialise appends until commit, so seq order is commit order and no event is skipped.
   */
  async *follow(afterSeq: number, options: FollowOptions = {}): AsyncGenerator<StoredEvent, void, undefined> {
    const pollMs = options.pollMs ?? 1000;
    const batch = options.batch ?? 500;
    const sleep = options.sleep ?? defaultSleep;
    const types = options.types;
    let cursor = afterSeq;
    while (!options.signal?.aborted) {
      const events = await this.store.events.list({ afterSeq: cursor, limit: batch, order: 'asc', ...(types ? { types } : {}) });
      for (const event of events) {
        cursor = event.seq;
        yield event;
        if (options.signal?.aborted) return;
      }
      if (events.length < batch) await sleep(pollMs, options.signal);
    }
  }
}
