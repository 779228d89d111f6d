/**
 * The action plug-in point: what an incident event (opened, updated, resolved) makes happen. Each action kind is
 * made by {@link defineAlertAction} and listed in a registry (the built-ins: `webhook`, `retrain`, `rollback`).
 * Everything an action touches outside mlpilot — HTTP, sleeping between retries, the job queue, the deployment
 * side — comes in through {@link AlertActionDeps}, so tests replay incidents without waiting or networking.
 */
import { Registry } from '../../../core/index.js';
import type { Clock, JsonObject, Logger, MonitorAction, MonitorSpec, Registrable } from '../../../core/index.js';
import type { MonitorAlert, MonitorEvaluation, MonitorIncident } from '../records.js';

/** The incident events actions subscribe to (a monitor action's `on`). */
export type IncidentEventType = 'incident.opened' | 'incident.updated' | 'incident.resolved';

/** What happened, handed to every action subscribed to it. */
export interface IncidentNotice {
  readonly type: IncidentEventType;
  readonly monitor: MonitorSpec;
  readonly incident: MonitorIncident;
  /** The alert that opened or updated the incident (absent when it resolved). */
  readonly alert?: MonitorAlert;
  readonly evaluation: MonitorEvaluation;
}

/** What the rollback kind hands the deployment side. */
export interface RollbackRequest {
  /** The model whose deployment should go back to its previous version. */
  readonly model: string;
  readonly monitor: string;
  readonly incidentId: string;
  /** The action's `options` from the monitor declaration, as declared. */
  readonly options: JsonObject;
}

/** What the deployment side answers: whether it rolled back, and what it did (kept in the action record). */
export interface RollbackResult {
  readonly rolledBack: boolean;
  readonly detail: JsonObject;
}

/**
 * The hook the delivery capability implements to roll a deployment back when a monitor's incident opens. It is
 * injected into the workspace (`WorkspacePlugins.rollback`); without one, a `rollback` action is recorded as
 * failed with the reason.
 */
export type RollbackHandler = (request: RollbackRequest) => Promise<RollbackResult>;

/** The world as actions see it. */
export interface AlertActionDeps {
  /** `fetch` for webhooks (the global one at the edges, a recording fake in tests). */
  readonly fetch: typeof fetch;
  /** Waits `ms` between webhook attempts (instant in tests). */
  readonly sleep: (ms: number) => Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Submits a `train` job with `payload` as the actor of the evaluation; answers the job id. */
  readonly submitTraining: (payload: JsonObject) => Promise<string>;
  /** The deployment side's rollback, when one is plugged in. */
  readonly rollback?: RollbackHandler;
}

/** What one action run did; recorded as an `incident.action_ran` event and an action row. */
export interface AlertActionOutcome {
  readonly status: 'succeeded' | 'failed';
  readonly attempts: number;
  readonly detail: JsonObject;
}

/** One action kind. */
export interface AlertAction<K extends MonitorAction['kind'] = MonitorAction['kind']> extends Registrable {
  readonly id: K;
  readonly title: string;
  /** Runs the action; never throws for an outside failure (it answers `failed` with the reason). */
  run(config: Extract<MonitorAction, { kind: K }>, notice: IncidentNotice, deps: AlertActionDeps): Promise<AlertActionOutcome>;
}

/** Makes an action kind from its definition (metadata as data plus `run`). */
export function defineAlertAction<K extends MonitorAction['kind']>(action: AlertAction<K>): AlertAction<K> {
  return Object.freeze({ ...action });
}

/** A registry of action kinds. */
export function alertActionRegistry(actions: Iterable<AlertAction>): Registry<AlertAction> {
  return new Registry<AlertAction>('alert action', actions);
}
