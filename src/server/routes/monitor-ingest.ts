import { z } from 'zod';

import { WindowSpecError } from '../../core/index.js';
import { MAX_BATCH_ROWS, parseIsoTimestamp, WINDOW_KINDS } from '../../monitor/index.js';
import { named } from '../schemas.js';
import { zName } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['monitor'];
const modelParams = z.strictObject({ model: zName() });

/** Largest body of a predictions upload (10,000 rows of a few hundred bytes fit many times over). */
export const PREDICTIONS_BODY_LIMIT = 8 * 1024 * 1024;
/** Largest body of a labels upload. */
export const LABELS_BODY_LIMIT = 2 * 1024 * 1024;

// Rows are checked by the ingestion API itself (MLP_MONITOR_INVALID_RECORD names the row and field), so the body
// schema only bounds the list; the descriptions document the row.
const predictionRow = z.unknown().meta({
  description:
    'A prediction: `id` (string, 1-128 characters, unique per model), `timestamp` (ISO 8601 date-time with a zone, or epoch ms), ' +
    '`inputs` (object of feature → number, string, boolean or null), `outputs` (a number, string, boolean, an array of numbers or an ' +
    'object of name → scalar), optional `version` (the model version number).',
  example: {
    id: 'req-81723',
    timestamp: '2026-03-01T10:15:00Z',
    inputs: { tenure: 14, plan: 'pro' },
    outputs: { prediction: 'churn', proba_churn: 0.81 },
  },
});
const labelRow = z.unknown().meta({
  description:
    'A label: `id` (the prediction id), `label` (number, string or boolean), optional `timestamp` (when it was observed; default now).',
  example: { id: 'req-81723', label: 'churn' },
});

const ingestResultSchema = named(
  'MonitorIngestResult',
  z.object({
    model: z.string(),
    received: z.number().int(),
    accepted: z.number().int().meta({ description: 'Rows stored by this request.' }),
    duplicates: z.number().int().meta({ description: 'Rows whose prediction id was already stored (acknowledged, stored once).' }),
    sampledOut: z.number().int().meta({ description: 'Rows left out by monitor.sampleRate (counted, not stored).' }),
  }),
);
const labelResultSchema = named(
  'MonitorLabelResult',
  z.object({ model: z.string(), received: z.number().int(), accepted: z.number().int(), sampledOut: z.number().int() }),
);
const windowSchema = named(
  'MonitorWindow',
  z.object({
    kind: z.enum(WINDOW_KINDS),
    size: z.number().int(),
    index: z.number().int(),
    start: z.number().int().meta({ description: 'Inclusive start, ms since the epoch.' }),
    end: z.number().int().meta({ description: 'Exclusive end, ms since the epoch.' }),
    count: z.number().int(),
    labelled: z.number().int(),
    complete: z.boolean(),
    range: z.object({ from: z.number().int().optional(), to: z.number().int().optional() }).optional(),
  }),
);
const counterSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  sampledOut: z.number().int(),
  rejected: z.number().int(),
  droppedBackpressure: z.number().int(),
  labelsAccepted: z.number().int(),
  labelsSampledOut: z.number().int(),
  labelsRejected: z.number().int(),
  labelsDroppedBackpressure: z.number().int(),
});
const statusSchema = named(
  'MonitorIngestionStatus',
  z.object({
    model: z.string(),
    predictions: z.number().int(),
    labels: z.number().int(),
    orphanLabels: z.number().int(),
    counters: counterSchema,
    queue: z.object({ queued: z.number().int(), limit: z.number().int() }),
  }),
);

/** `from` / `to` of a window query: epoch ms or an ISO 8601 date-time with a zone. */
function instant(field: 'from' | 'to') {
  return z
    .string()
    .optional()
    .transform((value) => {
      if (value === undefined) return undefined;
      const ms = /^[0-9]{1,16}$/.test(value) ? Number(value) : parseIsoTimestamp(value);
      if (ms === undefined || ms > Number.MAX_SAFE_INTEGER)
        throw WindowSpecError({
          field,
          problem: `${JSON.stringify(value.slice(0, 64))} is neither epoch milliseconds nor an ISO 8601 date-time with a zone`,
        });
      return ms;
    })
    .meta({ description: 'Epoch milliseconds or an ISO 8601 date-time with a zone.' });
}

const BACKPRESSURE =
  'When the ingestion queue is full the request is refused at once with 429 `MLP_MONITOR_BACKPRESSURE` and a `Retry-After` header ' +
  '(503 `MLP_MONITOR_INGEST_CLOSED` while the server shuts down); nothing of it is stored and its rows are counted as dropped. Resend it: ' +
  'ingestion is idempotent by prediction id.';

/** Prediction and label ingestion, windows, and ingestion status (docs/monitoring.md, "Ingestion"). */
export const monitorIngestRoutes: ServerRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/monitor/:model/predictions',
    operationId: 'ingestPredictions',
    role: 'editor',
    summary: 'Log a batch of predictions for monitoring',
    description:
      `Up to ${MAX_BATCH_ROWS} rows. The answer comes once the rows are stored. A row whose prediction id is already stored is ` +
      'acknowledged and counted as a duplicate (the first one stays). A bad row refuses the whole batch with 400 ' +
      '`MLP_MONITOR_INVALID_RECORD` naming its index and field. ' +
      BACKPRESSURE,
    tags,
    params: modelParams,
    body: z.strictObject({ predictions: z.array(predictionRow).min(1).max(MAX_BATCH_ROWS) }),
    bodyLimitBytes: PREDICTIONS_BODY_LIMIT,
    response: ingestResultSchema,
    handler: async ({ deps, params, body }) => deps.workspace.ingestion.ingest(params.model, body.predictions),
  }),
  defineRoute({
    method: 'POST',
    url: '/monitor/:model/labels',
    operationId: 'ingestLabels',
    role: 'editor',
    summary: 'Log labels (ground truth) of predictions, joined by prediction id',
    description:
      'A label may arrive before its prediction: it is kept and joins when the prediction arrives. A later label of the same ' +
      'prediction replaces the earlier one. ' +
      BACKPRESSURE,
    tags,
    params: modelParams,
    body: z.strictObject({ labels: z.array(labelRow).min(1).max(MAX_BATCH_ROWS) }),
    bodyLimitBytes: LABELS_BODY_LIMIT,
    response: labelResultSchema,
    handler: async ({ deps, params, body }) => deps.workspace.ingestion.ingestLabels(params.model, body.labels),
  }),
  defineRoute({
    method: 'GET',
    url: '/monitor/:model/windows',
    operationId: 'listMonitorWindows',
    role: 'viewer',
    summary: "List a model's prediction windows with counts",
    description:
      'Hourly and daily windows are aligned to UTC (a size of N aligns to multiples of N since the epoch) and include empty ones; ' +
      '`rows` windows hold `size` consecutive predictions in time order. A window is complete once it ends before now.',
    tags,
    params: modelParams,
    query: z.strictObject({
      kind: z.enum(WINDOW_KINDS).default('daily'),
      size: z.coerce.number().int().min(1).max(10_000_000).optional(),
      from: instant('from'),
      to: instant('to'),
    }),
    response: z.object({ model: z.string(), windows: z.array(windowSchema) }),
    handler: async ({ deps, params, query }) => ({
      model: params.model,
      windows: await deps.workspace.ingestion.windows(params.model, {
        kind: query.kind,
        ...(query.size === undefined ? {} : { size: query.size }),
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
      }),
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/monitor/:model/ingestion',
    operationId: 'getMonitorIngestion',
    role: 'viewer',
    summary: "A model's stored predictions and labels, ingestion counters and queue",
    tags,
    params: modelParams,
    response: statusSchema,
    handler: async ({ deps, params }) => (await deps.workspace.ingestion.status(params.model))[0] as z.input<typeof statusSchema>,
  }),
];
