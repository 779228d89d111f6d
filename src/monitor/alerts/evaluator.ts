/**
 * The monitor engine: evaluates a monitor's closed windows, oldest first, from the end of its last evaluated
 * window (or the start of its data) up to a point in time; judges each value against the threshold; records the
 * evaluation with its incident transition (store.ts); and runs the actions subscribed to the transition.
 * Time only comes in as the `upTo` argument and the injected clock, so a month of windows replays in seconds.
 */
import { isMlpError } from '../../core/index.js';
import type { Clock, JsonObject, Logger, MonitorSpec, Registry } from '../../core/index.js';
import type { AlertAction, AlertActionDeps, IncidentEventType } from './actions/index.js';
import type { MonitorDataSource } from './data-source.js';
import type { EvaluationStatus } from './incidents.js';
import type { ActionRecord, RecordedEvaluation } from './records.js';
import type { PerformanceEstimator, Signal, SignalReading } from './signal.js';
import type { MonitorAlertsRepo } from './store.js';
import { baselineOf, boundsOf, breaches } from './threshold.js';
import type { Baseline } from './threshold.js';
import type { MonitorWindow } from './windows.js';
import { closedWindows, timeWindowAt } from './windows.js';

/** At most this many windows per monitor and round; the rest are caught up in the next round. */
export const MAX_WINDOWS_PER_ROUND = 1000;

/** What the engine works with. */
export interface MonitorEngineDeps {
  readonly repo: MonitorAlertsRepo;
  readonly signals: Registry<Signal>;
  readonly actions: Registry<AlertAction>;
  readonly data: MonitorDataSource;
  readonly estimator?: PerformanceEstimator;
  readonly actionDeps: AlertActionDeps;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** What one monitor's round did. */
export interface MonitorRound {
  readonly monitor: string;
  readonly evaluated: RecordedEvaluation[];
  readonly actions: ActionRecord[];
  /** Set when the round stopped on an error (a signal that cannot be computed, data that cannot be read). */
  readonly error?: { readonly code: string; readonly message: string };
  /** True when more closed windows wait than one round evaluates. */
  readonly more: boolean;
}

/** The subject an incident is about: the model, or the model's column for a drift monitor. */
export function monitorSubject(monitor: MonitorSpec): string {
  return monitor.signal.kind === 'drift' ? `${monitor.model}/${monitor.signal.column}` : monitor.model;
}

/** Evaluates monitors. */
export class MonitorEngine {
  readonly #deps: MonitorEngineDeps;

  constructor(deps: MonitorEngineDeps) {
    this.#deps = deps;
  }

  /**
   * Evaluates every closed window of `monitor` not evaluated yet, up to `upTo` (ms); windows already recorded are
   * skipped, so rounds may overlap or repeat.
   */
  async evaluate(monitor: MonitorSpec, upTo: number, who: { actor: string }): Promise<MonitorRound> {
    const evaluated: RecordedEvaluation[] = [];
    const actions: ActionRecord[] = [];
    let more = false;
    try {
      const windows = await this.#pendingWindows(monitor, upTo);
      more = windows.length > MAX_WINDOWS_PER_ROUND;
      const learned = 'learned' in monitor.threshold ? monitor.threshold.learned : undefined;
      const baselineValues = learned === undefined ? [] : await this.#deps.repo.baselineValues(monitor.name, learned.baselineWindows);
      let baseline: Baseline | undefined =
        learned !== undefined && baselineValues.length >= learned.baselineWindows ? baselineOf(baselineValues) : undefined;
      for (const window of windows.slice(0, MAX_WINDOWS_PER_ROUND)) {
        const reading = await this.#read(monitor, window);
        let status: EvaluationStatus;
        let bounds = boundsOf(monitor.threshold, baseline);
        if (reading.status === 'no-data' || reading.value === null) status = 'no-data';
        else if (bounds === undefined) status = 'baseline';
        else status = breaches(reading.value, bounds) ? 'alert' : 'healthy';
        if (status === 'baseline' || status === 'no-data') bounds ??= { lower: null, upper: null };
        const recorded = await this.#deps.repo.record(
          {
            monitor: monitor.name,
            subject: monitorSubject(monitor),
            window,
            value: reading.value,
            lower: bounds?.lower ?? null,
            upper: bounds?.upper ?? null,
            status,
            rows: reading.rows,
            ...(reading.note === undefined ? {} : { note: reading.note }),
            resolveAfter: monitor.resolveAfter,
          },
          who,
        );
        evaluated.push(recorded);
        if (learned !== undefined && recorded.created && status === 'baseline') {
          baselineValues.push(reading.value as number);
          if (baselineValues.length >= learned.baselineWindows) baseline = baselineOf(baselineValues);
        }
        if (recorded.created && recorded.transition !== 'none') actions.push(...(await this.#runActions(monitor, recorded, who)));
      }
    } catch (error) {
      if (!isMlpError(error)) throw error;
      this.#deps.logger.warn('monitor round stopped', { monitor: monitor.name, code: error.code, message: error.message });
      return { monitor: monitor.name, evaluated, actions, error: { code: error.code, message: error.message }, more };
    }
    return { monitor: monitor.name, evaluated, actions, more };
  }

  /** The closed windows after the last evaluated one (or from the start of the data), one more than a round takes. */
  async #pendingWindows(monitor: MonitorSpec, upTo: number): Promise<MonitorWindow[]> {
    const last = await this.#deps.repo.lastEvaluation(monitor.name);
    const extent = await this.#deps.data.extent(monitor.model);
    if (extent === undefined) return [];
    if ('every' in monitor.window) {
      // The first round starts with the window holding the oldest prediction.
      const from = last?.window.end ?? timeWindowAt(monitor.window, extent.firstTimestamp).start;
      return closedWindows(monitor.window, from, upTo, MAX_WINDOWS_PER_ROUND + 1);
    }
    return closedWindows(monitor.window, last?.window.end ?? 0, extent.rows, MAX_WINDOWS_PER_ROUND + 1);
  }

  #read(monitor: MonitorSpec, window: MonitorWindow): Promise<SignalReading> {
    const signal = this.#deps.signals.get(monitor.signal.kind);
    const ctx = { data: this.#deps.data, ...(this.#deps.estimator === undefined ? {} : { estimator: this.#deps.estimator }) };
    return signal.read(monitor as never, window, ctx);
  }

  /** Runs the monitor's actions subscribed to the transition, in declaration order; each outcome is recorded. */
  async #runActions(monitor: MonitorSpec, recorded: RecordedEvaluation, who: { actor: string }): Promise<ActionRecord[]> {
    const type = `incident.${recorded.transition}` as IncidentEventType;
    const incident = recorded.incident;
    if (incident === undefined) return [];
    const notice = {
      type,
      monitor,
      incident,
      evaluation: recorded.evaluation,
      ...(recorded.alert === undefined ? {} : { alert: recorded.alert }),
    };
    const out: ActionRecord[] = [];
    for (const [index, config] of monitor.actions.entries()) {
      if (!config.on.includes(type)) continue;
      let outcome: { status: 'succeeded' | 'failed'; attempts: number; detail: JsonObject };
      try {
        outcome = await this.#deps.actions.get(config.kind).run(config as never, notice, this.#deps.actionDeps);
      } catch (error) {
        // One action's failure never stops the others or the evaluation; it is recorded with its reason.
        outcome = { status: 'failed', attempts: 1, detail: { reason: (error as Error).message } };
      }
      out.push(
        await this.#deps.repo.recordAction(
          { incidentId: incident.id, monitor: monitor.name, actionIndex: index, kind: config.kind, trigger: type, ...outcome },
          who,
        ),
      );
    }
    return out;
  }
}
