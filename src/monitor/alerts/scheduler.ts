/**
 * Submits a `monitor-evaluate` job whenever a new hour has begun on the injected clock (hourly and daily windows
 * close on hour boundaries; row windows are looked at as often). `tick()` is the whole logic, so tests drive it
 * with a `ManualClock`; `start()` calls it on a timer for the server and workers.
 */
import type { Clock, Logger } from '../../core/index.js';

const HOUR_MS = 3_600_000;

/** What the scheduler needs. */
export interface MonitorSchedulerDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Submits one evaluation round up to `at` (ms); the job id for the log, or undefined when there was nothing to evaluate. */
  readonly submit: (at: number) => Promise<string | undefined>;
}

/** Submits evaluation rounds as hours pass. */
export class MonitorScheduler {
  readonly #deps: MonitorSchedulerDeps;
  #lastHour: number | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(deps: MonitorSchedulerDeps) {
    this.#deps = deps;
  }

  /** Submits a round when the clock is in an hour no round was submitted for; answers the job id, if any. */
  async tick(): Promise<string | undefined> {
    const now = this.#deps.clock.now();
    const hour = Math.floor(now / HOUR_MS);
    if (hour === this.#lastHour) return undefined;
    this.#lastHour = hour;
    const id = await this.#deps.submit(now);
    if (id !== undefined) this.#deps.logger.debug('monitor evaluation round submitted', { job: id, at: now });
    return id;
  }

  /** Calls {@link tick} every `checkEveryMs` (default a minute) until {@link stop}; a failed submission is logged. */
  start(checkEveryMs = 60_000): void {
    if (this.#timer !== undefined) return;
    const run = (): void => {
      this.#running = this.tick().catch((error: unknown) =>
        this.#deps.logger.error('cannot submit a monitor evaluation round', { message: (error as Error).message }),
      );
    };
    run();
    this.#timer = setInterval(run, checkEveryMs);
    this.#timer.unref();
  }

  /** Stops the timer and waits for a submission in flight. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
