import type { VerbRegistrar } from '../define-command.js';
import { monitorAlertVerbs } from './monitor-alerts.js';
import { monitorDriftVerbs } from './monitor-drift.js';
import { monitorIngestVerbs } from './monitor-ingest.js';
import { monitorPerformanceVerbs } from './monitor-performance.js';

/** `mlpilot monitor …`: every part of monitoring adds its verbs here (one line each). */
export const monitorVerbs: VerbRegistrar = (monitor, session) => {
  monitorIngestVerbs(monitor, session);
  monitorAlertVerbs(monitor, session);
  monitorPerformanceVerbs(monitor, session);
  monitorDriftVerbs(monitor, session);
};
