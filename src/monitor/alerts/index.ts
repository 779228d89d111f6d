/**
 * Monitors, alerts, incidents and actions (issue 16 §5): signals per kind, windows, thresholds (fixed or learned),
 * the incident rules, the `monitor-alerts` store extension, the engine and the scheduler.
 */
export { builtinAlertActions, alertActionRegistry, defineAlertAction, SIGNATURE_HEADER, signBody, webhookBody } from './actions/index.js';
export type {
  AlertAction,
  AlertActionDeps,
  AlertActionOutcome,
  IncidentEventType,
  IncidentNotice,
  RollbackHandler,
  RollbackRequest,
  RollbackResult,
} from './actions/index.js';
export type { MonitorDataExtent, MonitorDataSource } from './data-source.js';
export { MAX_WINDOWS_PER_ROUND, MonitorEngine, monitorSubject } from './evaluator.js';
export type { MonitorEngineDeps, MonitorRound } from './evaluator.js';
export { incidentStep } from './incidents.js';
export type { EvaluationStatus, IncidentStep, OpenIncident } from './incidents.js';
export type {
  ActionRecord,
  DeclaredMonitor,
  IncidentTransition,
  MonitorAlert,
  MonitorEvaluation,
  MonitorIncident,
  RecordedEvaluation,
} from './records.js';
export { MonitorScheduler } from './scheduler.js';
export type { MonitorSchedulerDeps } from './scheduler.js';
export { defineSignal, noData, signalRegistry } from './signal.js';
export type { EstimateRequest, PerformanceEstimator, Signal, SignalContext, SignalReading } from './signal.js';
export { builtinSignals, DRIFT_BINS, MONITOR_DRIFT_METHODS, numericDrift } from './signals/index.js';
export { monitorAlertsStore } from './store.js';
export type { EvaluationInput, MonitorAlertsEventType, MonitorAlertsRepo } from './store.js';
export { baselineOf, boundsOf, breaches } from './threshold.js';
export type { Baseline, Bounds } from './threshold.js';
export { closedWindows, parseWindowKey, rowWindowAt, timeWindowAt, windowSizeMs } from './windows.js';
export type { MonitorWindow } from './windows.js';
