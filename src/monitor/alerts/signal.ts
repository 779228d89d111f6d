/**
 * The signal plug-in point: what a monitor watches, computed for one window. One implementation per signal kind
 * (`drift`, `metric`, `estimated-metric`, `latency`, `error-rate`), each made by {@link defineSignal}; the
 * evaluator, not the signal, judges the value against the monitor's threshold.
 */
import { MonitorSignalError, Registry } from '../../core/index.js';
import type { MonitorSignal, MonitorSignalKind, MonitorSpec, Registrable } from '../../core/index.js';
import type { MonitorDataSource } from './data-source.js';
import type { MonitorWindow } from './windows.js';

/** A signal's value for one window. */
export interface SignalReading {
  /** The value (a drift score, a metric, a latency in ms, a rate); null when `status` is `no-data`. */
  readonly value: number | null;
  /** `ok`, or `no-data` when the window has too few usable rows to compute it (never a silent NaN). */
  readonly status: 'ok' | 'no-data';
  /** Rows of the window the value was computed on. */
  readonly rows: number;
  /** Why there is no value, or what the value was computed with (method, statistic). */
  readonly note?: string;
}

/** What an `estimated-metric` monitor asks the estimator for one window. */
export interface EstimateRequest {
  /** The monitor's name (for errors). */
  readonly monitor: string;
  readonly model: string;
  /** The metric id the monitor declares (`signal.metric`). */
  readonly metric: string;
  /** The window being judged (time range, or row positions in timestamp order). */
  readonly window: MonitorWindow;
  /** Rows the data source read for the window (already at least the monitor's `minRows`). */
  readonly rows: number;
}

/**
 * Label-free performance estimation (CBPE/DLE), provided by the performance side of monitoring: the workspace
 * composes one over its performance service (the model version's reference, fitted once per process).
 */
export interface PerformanceEstimator {
  /**
   * The estimated metric for the window from the model's outputs only, or `no-data` saying why.
   * @throws MLP_MONITOR_SIGNAL for a metric the estimator does not estimate.
   */
  estimate(request: EstimateRequest): Promise<SignalReading>;
}

/** What a signal reads with. */
export interface SignalContext {
  readonly data: MonitorDataSource;
  /** Present when a label-free estimator is composed in; `estimated-metric` monitors need it. */
  readonly estimator?: PerformanceEstimator;
}

/** One signal kind. `read` is the `(monitor, window) → { value, status }` contract. */
export interface Signal<K extends MonitorSignalKind = MonitorSignalKind> extends Registrable {
  readonly id: K;
  readonly title: string;
  read(
    monitor: MonitorSpec & { signal: Extract<MonitorSignal, { kind: K }> },
    window: MonitorWindow,
    ctx: SignalContext,
  ): Promise<SignalReading>;
}

/** Makes a signal from its definition (metadata as data plus `read`). */
export function defineSignal<K extends MonitorSignalKind>(signal: Signal<K>): Signal<K> {
  return Object.freeze({ ...signal });
}

/** A reading with no value, saying why. */
export function noData(rows: number, note: string): SignalReading {
  return { value: null, status: 'no-data', rows, note };
}

/** A signal error naming the monitor and the field of its declaration. */
export function signalError(monitor: MonitorSpec, field: string, problem: string): Error {
  return MonitorSignalError({ monitor: monitor.name, field, problem });
}

/** A registry of signals by kind (the built-ins come from `signals/index.ts`). */
export function signalRegistry(signals: Iterable<Signal>): Registry<Signal> {
  return new Registry<Signal>('monitor signal', signals);
}
