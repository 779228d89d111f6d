/**
 * The declaration of a monitor (issue 16 §5), as data: what signal it watches, over which windows, judged against
 * which threshold, and which actions an incident triggers. One schema for the `monitors` list of the configuration
 * file and for `POST /api/v1/monitors`, so both are validated the same way. It lives in core because the
 * configuration schema (config.ts) embeds it; `src/monitor` gives it its behaviour.
 */
import { z } from 'zod';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const name = (what: string) =>
  z.string().regex(NAME, `must be a ${what} name: letters, digits, ".", "_", "-" (at most 128), no path separators`);
const column = z.string().min(1).max(256);
const finite = z.number().finite();

/** Signal kinds a monitor can watch; each has one `Signal` implementation in `src/monitor/alerts/signals`. */
export const MONITOR_SIGNAL_KINDS = ['drift', 'metric', 'estimated-metric', 'latency', 'error-rate'] as const;
export type MonitorSignalKind = (typeof MONITOR_SIGNAL_KINDS)[number];

const signalSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('drift'),
    /** The input column whose distribution is compared with the reference's. */
    column,
    /** The drift method: psi (default), ks (a p-value: alert with "below"), wasserstein, jensen-shannon, hellinger. */
    method: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case drift method id')
      .default('psi'),
  }),
  z.strictObject({
    kind: z.literal('metric'),
    /** A metric id of `mlpilot learners`' metrics: accuracy, f1, mae, rmse, … */
    metric: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case metric id'),
    /** The label column of the joined window (default `label`). */
    labelColumn: column.default('label'),
    /** The prediction column of the window (default `prediction`). */
    predictionColumn: column.default('prediction'),
  }),
  z.strictObject({
    kind: z.literal('estimated-metric'),
    /** A metric the label-free estimator offers (CBPE: accuracy, roc-auc, f1; DLE: mae, rmse). */
    metric: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case metric id'),
  }),
  z.strictObject({
    kind: z.literal('latency'),
    /** The column holding each prediction's latency in milliseconds (default `latency_ms`). */
    column: column.default('latency_ms'),
    statistic: z.enum(['mean', 'p50', 'p95', 'p99', 'max']).default('p95'),
  }),
  z.strictObject({
    kind: z.literal('error-rate'),
    /** A boolean (or 0/1) column, true when the prediction failed (default `error`). */
    column: column.default('error'),
  }),
]);

const windowSchema = z.union([
  z.strictObject({ every: z.enum(['hour', 'day']) }),
  z.strictObject({ rows: z.number().int().min(1).max(100_000_000) }),
]);

const thresholdSchema = z.union([
  z
    .strictObject({
      /** Alert when the value is greater than this. */
      above: finite.optional(),
      /** Alert when the value is less than this. */
      below: finite.optional(),
    })
    .refine((t) => t.above !== undefined || t.below !== undefined, 'give "above", "below" or both')
    .refine((t) => t.above === undefined || t.below === undefined || t.below < t.above, '"below" must be less than "above"'),
  z.strictObject({
    learned: z
      .strictObject({
        /** Width of the band in standard deviations of the baseline windows' values. */
        k: z.number().finite().positive().max(100).default(3),
        /** How many first windows form the baseline (they are evaluated but never alert). */
        baselineWindows: z.number().int().min(2).max(1000).default(7),
        /** Which side alerts: a value above mean + kσ, below mean − kσ, or either. */
        direction: z.enum(['above', 'below', 'both']).default('both'),
      })
      .prefault({}),
  }),
]);

const incidentEvents = z.array(z.enum(['incident.opened', 'incident.updated', 'incident.resolved'])).min(1);

const webhookSchema = z.strictObject({
  kind: z.literal('webhook'),
  /** http(s) URL the JSON body is POSTed to. Configuration only: never taken from prediction data. */
  url: z
    .string()
    .url()
    .refine((v) => /^https?:$/.test(new URL(v).protocol), 'must be an http:// or https:// URL'),
  /** Key of the HMAC-SHA256 signature in the `X-Mlpilot-Signature` header (at least 16 characters). */
  secret: z.string().min(16, 'must be at least 16 characters'),
  on: incidentEvents.default(['incident.opened', 'incident.resolved']),
  /** Deliveries tried at most this many times (network errors, 408, 429 and 5xx answers are retried). */
  maxAttempts: z.number().int().min(1).max(20).default(5),
  /** First retry after this many ms, doubling each time up to `maxBackoffMs`. */
  backoffMs: z.number().int().min(0).max(600_000).default(1000),
  maxBackoffMs: z.number().int().min(0).max(3_600_000).default(60_000),
  /** Each attempt is abandoned after this many ms. */
  timeoutMs: z.number().int().min(1).max(120_000).default(10_000),
});

const retrainSchema = z.strictObject({
  kind: z.literal('retrain'),
  on: incidentEvents.default(['incident.opened']),
  /** The `train` job's payload (the same fields as `mlpilot train` / POST /api/v1/train), checked when the action runs. */
  train: z.record(z.string(), z.unknown()),
});

const rollbackSchema = z.strictObject({
  kind: z.literal('rollback'),
  on: incidentEvents.default(['incident.opened']),
  /** Options handed as is to the rollback handler the delivery side plugs in. */
  options: z.record(z.string(), z.unknown()).default({}),
});

/** One action of a monitor. */
export const monitorActionSchema = z.discriminatedUnion('kind', [webhookSchema, retrainSchema, rollbackSchema]);

/** A monitor declaration (a `monitors` entry of the configuration, or the body of POST /api/v1/monitors). */
export const monitorSpecSchema = z.strictObject({
  name: name('monitor'),
  /** The registered model whose predictions are watched. */
  model: name('model'),
  description: z.string().max(1000).optional(),
  signal: signalSchema,
  window: windowSchema,
  threshold: thresholdSchema,
  /** An open incident resolves after this many healthy evaluations in a row. */
  resolveAfter: z.number().int().min(1).max(1000).default(3),
  /** A window with fewer rows is recorded as `no-data` (neither healthy nor an alert). */
  minRows: z.number().int().min(1).max(100_000_000).default(1),
  actions: z.array(monitorActionSchema).max(20).default([]),
});

/** A validated monitor declaration with defaults applied. */
export type MonitorSpec = z.output<typeof monitorSpecSchema>;
/** A monitor declaration as written (defaults not applied). */
export type MonitorSpecInput = z.input<typeof monitorSpecSchema>;
export type MonitorAction = z.output<typeof monitorActionSchema>;
export type MonitorSignal = MonitorSpec['signal'];
export type MonitorWindowSpec = MonitorSpec['window'];
export type MonitorThreshold = MonitorSpec['threshold'];

/** The configuration's `monitors` list: names must be unique. */
export const monitorsConfigSchema = z
  .array(monitorSpecSchema)
  .max(1000)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((monitor, i) => {
      if (seen.has(monitor.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `monitor name "${monitor.name}" is declared twice` });
      seen.add(monitor.name);
    });
  });
