/**
 * The incident side of the `monitor-alerts` store extension: its event types, what an evaluation records, the
 * row-to-record mappers, and the incident rules applied inside an evaluation's write transaction (store.ts).
 */
import { newId } from '../../core/index.js';
import type { JsonObject } from '../../core/index.js';
import type { ExtensionContext, ExtensionTransaction, WriteContext } from '../../store/index.js';
import { incidentStep } from './incidents.js';
import type { EvaluationStatus } from './incidents.js';
import type { ActionRecord, IncidentTransition, MonitorAlert, MonitorEvaluation, MonitorIncident } from './records.js';
import type { MonitorAlertsTables } from './store-tables.js';
import type { MonitorWindow } from './windows.js';

type T = MonitorAlertsTables;
/** The event types of the extension. */
export type MonitorAlertsEventType =
  | 'monitor.declared'
  | 'monitor.evaluated'
  | 'alert.fired'
  | 'incident.opened'
  | 'incident.updated'
  | 'incident.resolved'
  | 'incident.action_ran';
type Tx = ExtensionTransaction<T, MonitorAlertsEventType>;

/** One evaluation to record. */
export interface EvaluationInput {
  readonly monitor: string;
  readonly subject: string;
  readonly window: MonitorWindow;
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly status: EvaluationStatus;
  readonly rows: number;
  readonly note?: string;
  readonly resolveAfter: number;
}

export function evaluationOf(row: T['monitor_alerts_evaluations']): MonitorEvaluation {
  return {
    id: row.id,
    monitor: row.monitor,
    subject: row.subject,
    window: { key: row.window_key, start: row.window_start, end: row.window_end },
    value: row.value,
    threshold: { lower: row.lower, upper: row.upper },
    status: row.status as EvaluationStatus,
    rows: row.rows,
    note: row.note,
    evaluatedAt: row.evaluated_at,
  };
}

export function incidentOf(row: T['monitor_alerts_incidents']): MonitorIncident {
  return {
    id: row.id,
    monitor: row.monitor,
    subject: row.subject,
    status: row.status as MonitorIncident['status'],
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    alertCount: row.alert_count,
    healthyStreak: row.healthy_streak,
    firstWindow: row.first_window,
    lastWindow: row.last_window,
  };
}

export function alertOf(row: T['monitor_alerts_alerts']): MonitorAlert {
  return {
    id: row.id,
    monitor: row.monitor,
    subject: row.subject,
    evaluationId: row.evaluation_id,
    incidentId: row.incident_id,
    window: row.window_key,
    value: row.value,
    threshold: { lower: row.lower, upper: row.upper },
    firedAt: row.fired_at,
  };
}

export function actionOf(row: T['monitor_alerts_actions']): ActionRecord {
  return {
    id: row.id,
    incidentId: row.incident_id,
    monitor: row.monitor,
    actionIndex: row.action_index,
    kind: row.kind,
    trigger: row.trigger,
    status: row.status as ActionRecord['status'],
    attempts: row.attempts,
    detail: JSON.parse(row.detail) as JsonObject,
    at: row.at,
  };
}

/** Applies the incident rules for one new evaluation inside its transaction. */
export async function applyIncident(
  tx: Tx,
  ext: ExtensionContext<T, MonitorAlertsEventType>,
  input: EvaluationInput,
  evaluation: MonitorEvaluation,
  who: WriteContext,
): Promise<{ transition: IncidentTransition; incident?: MonitorIncident; alert?: MonitorAlert }> {
  const now = ext.clock.now();
  const openRow = await tx.db
    .selectFrom('monitor_alerts_incidents')
    .selectAll()
    .where('monitor', '=', input.monitor)
    .where('subject', '=', input.subject)
    .where('status', '=', 'open')
    .executeTakeFirst();
  const step = incidentStep(
    openRow === undefined ? undefined : { id: openRow.id, healthyStreak: openRow.healthy_streak },
    input.status,
    input.resolveAfter,
  );
  if (step.kind === 'none') return { transition: 'none', ...(openRow === undefined ? {} : { incident: incidentOf(openRow) }) };
  if (step.kind === 'count-healthy' || step.kind === 'resolve') {
    const row = openRow as T['monitor_alerts_incidents'];
    const resolved = step.kind === 'resolve';
    const next = {
      ...row,
      healthy_streak: step.healthyStreak,
      updated_at: now,
      ...(resolved ? { status: 'resolved', resolved_at: now } : {}),
    };
    await tx.db
      .updateTable('monitor_alerts_incidents')
      .set({ healthy_streak: next.healthy_streak, updated_at: now, status: next.status, resolved_at: next.resolved_at })
      .where('id', '=', row.id)
      .execute();
    if (resolved)
      await tx.appendEvent(
        {
          type: 'incident.resolved',
          subjectKind: 'incident',
          subjectId: row.id,
          payload: {
            monitor: input.monitor,
            subject: input.subject,
            window: input.window.key,
            alerts: row.alert_count,
            healthyStreak: step.healthyStreak,
          },
        },
        who,
      );
    return { transition: resolved ? 'resolved' : 'none', incident: incidentOf(next) };
  }
  let incident: T['monitor_alerts_incidents'];
  if (step.kind === 'open') {
    incident = {
      id: newId(ext.clock),
      monitor: input.monitor,
      subject: input.subject,
      status: 'open',
      opened_at: now,
      updated_at: now,
      resolved_at: null,
      alert_count: 1,
      healthy_streak: 0,
      first_window: input.window.key,
      last_window: input.window.key,
    };
    await tx.db.insertInto('monitor_alerts_incidents').values(incident).execute();
  } else {
    const row = openRow as T['monitor_alerts_incidents'];
    incident = { ...row, alert_count: row.alert_count + 1, healthy_streak: 0, updated_at: now, last_window: input.window.key };
    await tx.db
      .updateTable('monitor_alerts_incidents')
      .set({ alert_count: incident.alert_count, healthy_streak: 0, updated_at: now, last_window: incident.last_window })
      .where('id', '=', row.id)
      .execute();
  }
  const alert: T['monitor_alerts_alerts'] = {
    id: newId(ext.clock),
    monitor: input.monitor,
    subject: input.subject,
    evaluation_id: evaluation.id,
    incident_id: incident.id,
    window_key: input.window.key,
    window_end: input.window.end,
    value: input.value as number,
    lower: input.lower,
    upper: input.upper,
    fired_at: now,
  };
  await tx.db.insertInto('monitor_alerts_alerts').values(alert).execute();
  const where = { monitor: input.monitor, subject: input.subject, window: input.window.key };
  await tx.appendEvent(
    {
      type: 'alert.fired',
      subjectKind: 'alert',
      subjectId: alert.id,
      payload: { ...where, incident: incident.id, value: alert.value, lower: alert.lower, upper: alert.upper },
    },
    who,
  );
  const opened = step.kind === 'open';
  await tx.appendEvent(
    {
      type: opened ? 'incident.opened' : 'incident.updated',
      subjectKind: 'incident',
      subjectId: incident.id,
      payload: { ...where, alert: alert.id, alerts: incident.alert_count },
    },
    who,
  );
  return { transition: opened ? 'opened' : 'updated', incident: incidentOf(incident), alert: alertOf(alert) };
}
