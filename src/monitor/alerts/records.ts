/** The records of the `monitor-alerts` extension as the rest of mlpilot sees them (JSON-ready, ms timestamps). */
import type { JsonObject, MonitorSpec } from '../../core/index.js';
import type { EvaluationStatus } from './incidents.js';

/** One evaluated window of a monitor. */
export interface MonitorEvaluation {
  readonly id: string;
  readonly monitor: string;
  readonly subject: string;
  readonly window: { readonly key: string; readonly start: number; readonly end: number };
  /** The signal's value; null for `no-data`. */
  readonly value: number | null;
  /** The bounds it was judged with (null = unbounded; both null while a learned baseline is being collected). */
  readonly threshold: { readonly lower: number | null; readonly upper: number | null };
  readonly status: EvaluationStatus;
  readonly rows: number;
  readonly note: string | null;
  readonly evaluatedAt: number;
}

/** An evaluation whose value breached its threshold; it belongs to one incident. */
export interface MonitorAlert {
  readonly id: string;
  readonly monitor: string;
  readonly subject: string;
  readonly evaluationId: string;
  readonly incidentId: string;
  readonly window: string;
  readonly value: number;
  readonly threshold: { readonly lower: number | null; readonly upper: number | null };
  readonly firedAt: number;
}

/** An incident: one per monitor and subject while open, collecting its alerts until resolved. */
export interface MonitorIncident {
  readonly id: string;
  readonly monitor: string;
  readonly subject: string;
  readonly status: 'open' | 'resolved';
  readonly openedAt: number;
  readonly updatedAt: number;
  readonly resolvedAt: number | null;
  readonly alertCount: number;
  /** Healthy evaluations in a row since the last alert. */
  readonly healthyStreak: number;
  readonly firstWindow: string;
  readonly lastWindow: string;
}

/** What one run of an action did. */
export interface ActionRecord {
  readonly id: string;
  readonly incidentId: string;
  readonly monitor: string;
  readonly actionIndex: number;
  readonly kind: string;
  /** The incident event that triggered it: `incident.opened`, `incident.updated` or `incident.resolved`. */
  readonly trigger: string;
  readonly status: 'succeeded' | 'failed';
  readonly attempts: number;
  readonly detail: JsonObject;
  readonly at: number;
}

/** A monitor declared through the API. */
export interface DeclaredMonitor {
  readonly spec: MonitorSpec;
  readonly createdAt: number;
  readonly createdBy: string;
}

/** How an evaluation changed its incident. */
export type IncidentTransition = 'none' | 'opened' | 'updated' | 'resolved';

/** The outcome of recording one evaluation. */
export interface RecordedEvaluation {
  readonly evaluation: MonitorEvaluation;
  readonly alert?: MonitorAlert;
  readonly incident?: MonitorIncident;
  readonly transition: IncidentTransition;
  /** False when the window had been evaluated already (nothing was written; `evaluation` is the stored one). */
  readonly created: boolean;
}
