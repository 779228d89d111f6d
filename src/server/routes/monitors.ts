import { z } from 'zod';

import { InternalError, monitorSpecSchema } from '../../core/index.js';
import { named } from '../schemas.js';
import { zName } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['monitoring'];
const record = z.record(z.string(), z.unknown());
const num = z.number().nullable();

/** A monitor as answered: its declaration (webhook secrets as "***") and where it was declared. */
const monitorSchema = named(
  'Monitor',
  z.object({
    spec: z.object({
      name: z.string(),
      model: z.string(),
      description: z.string().optional(),
      signal: record.meta({ description: 'kind (drift, metric, estimated-metric, latency, error-rate) and its fields' }),
      window: record.meta({ description: '{ every: hour|day } or { rows: N }' }),
      threshold: record.meta({ description: '{ above?, below? } or { learned: { k, baselineWindows, direction } }' }),
      resolveAfter: z.number().int(),
      minRows: z.number().int(),
      actions: z.array(record).meta({ description: 'webhook (secret redacted), retrain, rollback' }),
    }),
    source: z.enum(['config', 'api']),
    createdAt: z.number().optional(),
    createdBy: z.string().optional(),
  }),
);

const evaluationSchema = named(
  'MonitorEvaluation',
  z.object({
    id: z.string(),
    monitor: z.string(),
    subject: z.string(),
    window: z.object({ key: z.string(), start: z.number(), end: z.number() }),
    value: num,
    threshold: z.object({ lower: num, upper: num }),
    status: z.enum(['baseline', 'healthy', 'alert', 'no-data']),
    rows: z.number(),
    note: z.string().nullable(),
    evaluatedAt: z.number(),
  }),
);

const incidentFields = {
  id: z.string(),
  monitor: z.string(),
  subject: z.string(),
  status: z.enum(['open', 'resolved']),
  openedAt: z.number(),
  updatedAt: z.number(),
  resolvedAt: num,
  alertCount: z.number().int(),
  healthyStreak: z.number().int(),
  firstWindow: z.string(),
  lastWindow: z.string(),
};

const incidentSchema = named(
  'MonitorIncident',
  z.object({
    ...incidentFields,
    actions: z.array(record).meta({ description: 'kind, trigger, status, attempts, at, detail of each action run' }),
  }),
);

const alertSchema = named(
  'MonitorAlert',
  z.object({
    id: z.string(),
    monitor: z.string(),
    subject: z.string(),
    evaluationId: z.string(),
    incidentId: z.string(),
    window: z.string(),
    value: z.number(),
    threshold: z.object({ lower: num, upper: num }),
    firedAt: z.number(),
  }),
);

const statusSchema = named(
  'MonitorStatus',
  z.object({
    name: z.string(),
    model: z.string(),
    subject: z.string(),
    signal: z.string(),
    source: z.enum(['config', 'api']),
    state: z.string().meta({ description: 'alert while an incident is open, else the last status, or never-evaluated' }),
    lastEvaluation: evaluationSchema.nullable(),
    openIncident: z.object(incidentFields).nullable(),
    recent: z.array(evaluationSchema),
  }),
);

const limit = z.coerce.number().int().min(1).max(10_000).default(100);

/** Monitors, alerts and incidents (issue 16 §5). */
export const monitorRoutes: ServerRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/monitors',
    operationId: 'listMonitors',
    role: 'viewer',
    summary: "List the monitors: the configuration's and those declared through the API (webhook secrets redacted)",
    tags,
    response: z.object({ monitors: z.array(monitorSchema) }),
    handler: async ({ deps }) => ({ monitors: await deps.workspace.monitors.list() }),
  }),
  defineRoute({
    method: 'POST',
    url: '/monitors',
    operationId: 'declareMonitor',
    role: 'editor',
    summary: 'Declare a monitor (what, window, method, threshold or learned, actions)',
    tags,
    body: monitorSpecSchema,
    status: 201,
    response: monitorSchema,
    handler: async ({ deps, body, write }) => deps.workspace.monitors.declare(body, write),
  }),
  defineRoute({
    method: 'GET',
    url: '/monitors/:name',
    operationId: 'getMonitor',
    role: 'viewer',
    summary: 'A monitor with its state: last evaluations and open incident',
    tags,
    params: z.strictObject({ name: zName() }),
    response: z.object({ monitor: monitorSchema, status: statusSchema }),
    handler: async ({ deps, params }) => {
      const monitor = await deps.workspace.monitors.get(params.name);
      const [status] = await deps.workspace.monitors.status(params.name);
      if (status === undefined) throw InternalError({ reason: `no status for monitor ${params.name}` });
      return { monitor, status };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/monitor/alerts',
    operationId: 'listMonitorAlerts',
    role: 'viewer',
    summary: 'List alerts, newest first',
    tags,
    query: z.strictObject({
      monitor: zName().optional(),
      since: z.coerce.number().int().min(0).optional().meta({ description: 'Only alerts fired at or after this time (ms).' }),
      limit,
    }),
    response: z.object({ alerts: z.array(alertSchema) }),
    handler: async ({ deps, query }) => ({
      alerts: await deps.workspace.monitors.alerts({
        ...(query.monitor === undefined ? {} : { monitor: query.monitor }),
        ...(query.since === undefined ? {} : { since: query.since }),
        limit: query.limit,
      }),
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/monitor/incidents',
    operationId: 'listMonitorIncidents',
    role: 'viewer',
    summary: 'List incidents with the actions they ran, newest first',
    tags,
    query: z.strictObject({
      monitor: zName().optional(),
      open: z.enum(['true', 'false']).optional().meta({ description: 'true: only open incidents; false: only resolved ones.' }),
      limit,
    }),
    response: z.object({ incidents: z.array(incidentSchema) }),
    handler: async ({ deps, query }) => ({
      incidents: await deps.workspace.monitors.incidents({
        ...(query.monitor === undefined ? {} : { monitor: query.monitor }),
        ...(query.open === undefined ? {} : { open: query.open === 'true' }),
        limit: query.limit,
      }),
    }),
  }),
];
