/** The tables of the `monitor-alerts` store extension and their migrations (permanent: add, never edit). */
import { sql } from 'kysely';

import type { ExtensionMigration } from '../../store/index.js';

export interface MonitorAlertsTables {
  /** Monitors declared through the API (configuration monitors live in the configuration). */
  monitor_alerts_monitors: { name: string; spec: string; created_at: number; created_by: string };
  /** One row per monitor and window: the signal's value and the verdict. */
  monitor_alerts_evaluations: {
    id: string;
    monitor: string;
    subject: string;
    window_key: string;
    window_start: number;
    window_end: number;
    value: number | null;
    lower: number | null;
    upper: number | null;
    status: string;
    rows: number;
    note: string | null;
    evaluated_at: number;
  };
  monitor_alerts_alerts: {
    id: string;
    monitor: string;
    subject: string;
    evaluation_id: string;
    incident_id: string;
    window_key: string;
    /** End of the alert's window (ms or row position): orders alerts of one instant. */
    window_end: number;
    value: number;
    lower: number | null;
    upper: number | null;
    fired_at: number;
  };
  monitor_alerts_incidents: {
    id: string;
    monitor: string;
    subject: string;
    /** `open` or `resolved`; at most one open row per (monitor, subject) (a partial unique index). */
    status: string;
    opened_at: number;
    updated_at: number;
    resolved_at: number | null;
    alert_count: number;
    healthy_streak: number;
    first_window: string;
    last_window: string;
  };
  monitor_alerts_actions: {
    id: string;
    incident_id: string;
    monitor: string;
    /** 1, 2, … per incident: the order the actions ran in. */
    seq: number;
    action_index: number;
    kind: string;
    trigger: string;
    status: string;
    attempts: number;
    detail: string;
    at: number;
  };
}

export const monitorAlertsMigrations: readonly ExtensionMigration[] = [
  {
    name: '0001-monitors-alerts-incidents',
    async up(db) {
      await db.schema
        .createTable('monitor_alerts_monitors')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('monitor_alerts_evaluations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('monitor', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('window_key', 'text', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('window_end', 'bigint', (c) => c.notNull())
        .addColumn('value', 'double precision')
        .addColumn('lower', 'double precision')
        .addColumn('upper', 'double precision')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('rows', 'bigint', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('evaluated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('monitor_alerts_evaluations_window', ['monitor', 'window_key'])
        .execute();
      await db.schema
        .createIndex('monitor_alerts_evaluations_by_end')
        .on('monitor_alerts_evaluations')
        .columns(['monitor', 'window_end'])
        .execute();
      await db.schema
        .createTable('monitor_alerts_incidents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('monitor', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('resolved_at', 'bigint')
        .addColumn('alert_count', 'integer', (c) => c.notNull())
        .addColumn('healthy_streak', 'integer', (c) => c.notNull())
        .addColumn('first_window', 'text', (c) => c.notNull())
        .addColumn('last_window', 'text', (c) => c.notNull())
        .execute();
      // The dedup rule in the schema: one open incident per monitor and subject, whatever process writes.
      await db.schema
        .createIndex('monitor_alerts_incidents_one_open')
        .on('monitor_alerts_incidents')
        .columns(['monitor', 'subject'])
        .unique()
        .where(sql<boolean>`status = 'open'`)
        .execute();
      await db.schema
        .createTable('monitor_alerts_alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('monitor', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('evaluation_id', 'text', (c) => c.notNull().references('monitor_alerts_evaluations.id'))
        .addColumn('incident_id', 'text', (c) => c.notNull().references('monitor_alerts_incidents.id'))
        .addColumn('window_key', 'text', (c) => c.notNull())
        .addColumn('window_end', 'bigint', (c) => c.notNull())
        .addColumn('value', 'double precision', (c) => c.notNull())
        .addColumn('lower', 'double precision')
        .addColumn('upper', 'double precision')
        .addColumn('fired_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('monitor_alerts_alerts_by_time').on('monitor_alerts_alerts').columns(['fired_at']).execute();
      await db.schema
        .createTable('monitor_alerts_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('monitor_alerts_incidents.id'))
        .addColumn('monitor', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('action_index', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('monitor_alerts_actions_seq', ['incident_id', 'seq'])
        .execute();
    },
  },
];
