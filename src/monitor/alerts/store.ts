/**
 * The `monitor-alerts` store extension: monitors declared through the API, evaluations, alerts, incidents and
 * action runs, with their events. Recording an evaluation applies the incident rules (incidents.ts) in the same
 * write transaction as the evaluation, its alert and its events, so concurrent evaluators cannot open two
 * incidents for one monitor and subject (a partial unique index backs this up).
 */
import { ConflictError, newId } from '../../core/index.js';
import type { MonitorSpec } from '../../core/index.js';
import { defineStoreExtension } from '../../store/index.js';
import type { ExtensionContext, WriteContext } from '../../store/index.js';
import type { EvaluationStatus } from './incidents.js';
import type { ActionRecord, DeclaredMonitor, MonitorAlert, MonitorEvaluation, MonitorIncident, RecordedEvaluation } from './records.js';
import { monitorAlertsMigrations } from './store-tables.js';
import type { MonitorAlertsTables } from './store-tables.js';

type T = MonitorAlertsTables;
import { actionOf, alertOf, applyIncident, evaluationOf, incidentOf } from './store-incident.js';
import type { EvaluationInput, MonitorAlertsEventType } from './store-incident.js';

export type { EvaluationInput, MonitorAlertsEventType } from './store-incident.js';

/** The repository of the extension (`store.extension(monitorAlertsStore)`). */
export interface MonitorAlertsRepo {
  /** @throws MLP_STORE_CONFLICT when a monitor of that name was declared already. */
  declare(spec: MonitorSpec, ctx: WriteContext): Promise<DeclaredMonitor>;
  declared(): Promise<DeclaredMonitor[]>;
  /** The last evaluated window of a monitor (by window end). */
  lastEvaluation(monitor: string): Promise<MonitorEvaluation | undefined>;
  /** Evaluations, newest window first. */
  evaluations(query: { monitor: string; status?: EvaluationStatus; limit: number }): Promise<MonitorEvaluation[]>;
  /** Values of the first `count` baseline evaluations, oldest first. */
  baselineValues(monitor: string, count: number): Promise<number[]>;
  /** Records an evaluation and what it does to its incident, with events; a window evaluated before is not recorded again. */
  record(input: EvaluationInput, ctx: WriteContext): Promise<RecordedEvaluation>;
  alerts(query: { monitor?: string; since?: number; limit: number }): Promise<MonitorAlert[]>;
  incidents(query: { monitor?: string; open?: boolean; limit: number }): Promise<MonitorIncident[]>;
  openIncident(monitor: string, subject: string): Promise<MonitorIncident | undefined>;
  recordAction(input: Omit<ActionRecord, 'id' | 'at'>, ctx: WriteContext): Promise<ActionRecord>;
  actions(incidentId: string): Promise<ActionRecord[]>;
}

function monitorAlertsRepo(ext: ExtensionContext<T, MonitorAlertsEventType>): MonitorAlertsRepo {
  const evaluationRow = (monitor: string, key: string) =>
    ext.db
      .selectFrom('monitor_alerts_evaluations')
      .selectAll()
      .where('monitor', '=', monitor)
      .where('window_key', '=', key)
      .executeTakeFirst();
  return {
    async declare(spec, who) {
      const row = { name: spec.name, spec: JSON.stringify(spec), created_at: ext.clock.now(), created_by: who.actor };
      try {
        await ext.write('declare', async (tx) => {
          await tx.db.insertInto('monitor_alerts_monitors').values(row).execute();
          await tx.appendEvent(
            {
              type: 'monitor.declared',
              subjectKind: 'monitor',
              subjectId: spec.name,
              payload: { model: spec.model, signal: spec.signal.kind },
            },
            who,
          );
        });
      } catch (error) {
        if (ext.isUniqueViolation(error))
          throw ConflictError({ entity: 'monitor', key: spec.name, reason: 'a monitor of that name exists' }, error);
        throw error;
      }
      return { spec, createdAt: row.created_at, createdBy: row.created_by };
    },

    async declared() {
      const rows = await ext.db.selectFrom('monitor_alerts_monitors').selectAll().orderBy('name').execute();
      return rows.map((r) => ({ spec: JSON.parse(r.spec) as MonitorSpec, createdAt: r.created_at, createdBy: r.created_by }));
    },

    async lastEvaluation(monitor) {
      const row = await ext.db
        .selectFrom('monitor_alerts_evaluations')
        .selectAll()
        .where('monitor', '=', monitor)
        .orderBy('window_end', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : evaluationOf(row);
    },

    async evaluations(query) {
      let q = ext.db.selectFrom('monitor_alerts_evaluations').selectAll().where('monitor', '=', query.monitor);
      if (query.status !== undefined) q = q.where('status', '=', query.status);
      return (await q.orderBy('window_end', 'desc').limit(query.limit).execute()).map(evaluationOf);
    },

    async baselineValues(monitor, count) {
      const rows = await ext.db
        .selectFrom('monitor_alerts_evaluations')
        .select('value')
        .where('monitor', '=', monitor)
        .where('status', '=', 'baseline')
        .orderBy('window_end', 'asc')
        .limit(count)
        .execute();
      return rows.map((r) => r.value as number);
    },

    async record(input, who) {
      const existing = await evaluationRow(input.monitor, input.window.key);
      if (existing !== undefined) return { evaluation: evaluationOf(existing), transition: 'none', created: false };
      try {
        return await ext.write('record', async (tx) => {
          const row: T['monitor_alerts_evaluations'] = {
            id: newId(ext.clock),
            monitor: input.monitor,
            subject: input.subject,
            window_key: input.window.key,
            window_start: input.window.start,
            window_end: input.window.end,
            value: input.value,
            lower: input.lower,
            upper: input.upper,
            status: input.status,
            rows: input.rows,
            note: input.note ?? null,
            evaluated_at: ext.clock.now(),
          };
          await tx.db.insertInto('monitor_alerts_evaluations').values(row).execute();
          const evaluation = evaluationOf(row);
          const outcome = await applyIncident(tx, ext, input, evaluation, who);
          await tx.appendEvent(
            {
              type: 'monitor.evaluated',
              subjectKind: 'monitor',
              subjectId: input.monitor,
              payload: {
                window: input.window.key,
                status: input.status,
                value: input.value,
                ...(outcome.incident === undefined ? {} : { incident: outcome.incident.id }),
              },
            },
            who,
          );
          return { evaluation, ...outcome, created: true };
        });
      } catch (error) {
        // Another evaluator recorded this window first: answer what it stored.
        if (!ext.isUniqueViolation(error)) throw error;
        const stored = await evaluationRow(input.monitor, input.window.key);
        if (stored === undefined) throw error;
        return { evaluation: evaluationOf(stored), transition: 'none', created: false };
      }
    },

    async alerts(query) {
      let q = ext.db.selectFrom('monitor_alerts_alerts').selectAll();
      if (query.monitor !== undefined) q = q.where('monitor', '=', query.monitor);
      if (query.since !== undefined) q = q.where('fired_at', '>=', query.since);
      return (await q.orderBy('fired_at', 'desc').orderBy('window_end', 'desc').orderBy('monitor').limit(query.limit).execute()).map(
        alertOf,
      );
    },

    async incidents(query) {
      let q = ext.db.selectFrom('monitor_alerts_incidents').selectAll();
      if (query.monitor !== undefined) q = q.where('monitor', '=', query.monitor);
      if (query.open !== undefined) q = q.where('status', '=', query.open ? 'open' : 'resolved');
      return (await q.orderBy('opened_at', 'desc').orderBy('monitor').orderBy('subject').limit(query.limit).execute()).map(incidentOf);
    },

    async openIncident(monitor, subject) {
      const row = await ext.db
        .selectFrom('monitor_alerts_incidents')
        .selectAll()
        .where('monitor', '=', monitor)
        .where('subject', '=', subject)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return row === undefined ? undefined : incidentOf(row);
    },

    async recordAction(input, who) {
      return ext.write('recordAction', async (tx) => {
        const last = await tx.db
          .selectFrom('monitor_alerts_actions')
          .select((eb) => eb.fn.max('seq').as('seq'))
          .where('incident_id', '=', input.incidentId)
          .executeTakeFirst();
        const row: T['monitor_alerts_actions'] = {
          id: newId(ext.clock),
          incident_id: input.incidentId,
          monitor: input.monitor,
          seq: Number(last?.seq ?? 0) + 1,
          action_index: input.actionIndex,
          kind: input.kind,
          trigger: input.trigger,
          status: input.status,
          attempts: input.attempts,
          detail: JSON.stringify(input.detail),
          at: ext.clock.now(),
        };
        await tx.db.insertInto('monitor_alerts_actions').values(row).execute();
        await tx.appendEvent(
          {
            type: 'incident.action_ran',
            subjectKind: 'incident',
            subjectId: input.incidentId,
            payload: {
              monitor: input.monitor,
              action: input.kind,
              index: input.actionIndex,
              trigger: input.trigger,
              status: input.status,
              attempts: input.attempts,
            },
          },
          who,
        );
        return actionOf(row);
      });
    },

    async actions(incidentId) {
      const rows = await ext.db
        .selectFrom('monitor_alerts_actions')
        .selectAll()
        .where('incident_id', '=', incidentId)
        .orderBy('seq')
        .execute();
      return rows.map(actionOf);
    },
  };
}

/** The `monitor-alerts` store extension (id permanent). */
export const monitorAlertsStore = defineStoreExtension({
  id: 'monitor-alerts',
  migrations: monitorAlertsMigrations,
  subjectKinds: [
    { kind: 'monitor', description: 'A monitor (issue 16 §5); the subject id is its name.' },
    { kind: 'alert', description: 'An alert: one evaluation of a monitor that breached its threshold; the subject id is the alert id.' },
    {
      kind: 'incident',
      description: 'An incident collecting the alerts of one monitor and subject until it resolves; the subject id is the incident id.',
    },
  ],
  eventTypes: [
    {
      type: 'monitor.declared',
      subjectKind: 'monitor',
      description: 'A monitor was declared through the API; payload has model and signal.',
    },
    {
      type: 'monitor.evaluated',
      subjectKind: 'monitor',
      description:
        'A monitor evaluated one window; payload has window, status (baseline, healthy, alert, no-data), value and the open incident.',
    },
    {
      type: 'alert.fired',
      subjectKind: 'alert',
      description: 'A window breached its threshold; payload has monitor, subject, window, incident, value, lower, upper.',
    },
    {
      type: 'incident.opened',
      subjectKind: 'incident',
      description: 'An alert opened an incident; payload has monitor, subject, window, alert.',
    },
    {
      type: 'incident.updated',
      subjectKind: 'incident',
      description: 'Another alert attached to an open incident; payload has monitor, subject, window, alert, alerts.',
    },
    {
      type: 'incident.resolved',
      subjectKind: 'incident',
      description: 'An incident resolved after resolveAfter healthy evaluations in a row; payload has monitor, subject, window, alerts.',
    },
    {
      type: 'incident.action_ran',
      subjectKind: 'incident',
      description: 'An action of the monitor ran for an incident event; payload has monitor, action, index, trigger, status, attempts.',
    },
  ],
  repository: (ctx: ExtensionContext<T, MonitorAlertsEventType>) => monitorAlertsRepo(ctx),
});
