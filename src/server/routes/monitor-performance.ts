import { z } from 'zod';

import { PERFORMANCE_METRICS, WINDOW_KINDS, type WindowSpec } from '../../monitor/index.js';
import { named } from '../schemas.js';
import { zName } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';
import { monitorInstant, monitorWindowSchema } from './monitor-ingest.js';

const num = z.number().nullable();
const flag = z.enum(['below', 'above']).nullable();

const metricSchema = z.object({
  metric: z.enum(PERFORMANCE_METRICS),
  realised: z.object({
    metric: z.enum(PERFORMANCE_METRICS),
    status: z.enum(['ok', 'no-labels', 'one-class', 'too-few-labels']),
    value: num,
    lower: num,
    upper: num,
    interval: z.enum(['wilson', 'delong', 'bootstrap-percentile']).nullable(),
    replicates: z.number().int().optional(),
  }),
  estimated: z
    .object({
      method: z.enum(['cbpe', 'dle']),
      status: z.enum(['ok', 'no-rows', 'one-class']),
      value: num,
      standardError: num,
    })
    .nullable()
    .meta({ description: 'The label-free estimate (CBPE: accuracy, f1, roc-auc; DLE: mae, rmse); null for other metrics.' }),
  band: z
    .object({ lower: z.number(), upper: z.number() })
    .nullable()
    .meta({ description: "Baseline band for a window of this many rows (the estimate's)." }),
  realisedBand: z
    .object({ lower: z.number(), upper: z.number() })
    .nullable()
    .meta({ description: 'Baseline band for a window of as many rows as are labelled (the realised value is computed from those).' }),
  flag: z.object({ realised: flag, estimated: flag }),
});

const baselineSchema = z.object({
  metric: z.enum(PERFORMANCE_METRICS),
  windowSize: z.number().int(),
  referenceRows: z.number().int(),
  realised: z.number(),
  mean: z.number(),
  sd: z.number(),
  lower: z.number(),
  upper: z.number(),
  sigmas: z.number(),
  replicates: z.number().int(),
  resampling: z.enum(['rows', 'blocks']),
});

const reportSchema = named(
  'MonitorPerformance',
  z.object({
    model: z.string(),
    version: z.number().int(),
    task: z.enum(['binary', 'multiclass', 'regression']),
    classes: z.array(z.string()).optional(),
    metrics: z.array(z.enum(PERFORMANCE_METRICS)),
    reference: z.object({
      source: z.union([
        z.object({
          kind: z.literal('validation'),
          dataset: z.string(),
          evaluation: z.string(),
          split: z.string(),
          seed: z.number(),
          check: z.object({ metric: z.string(), recorded: z.number(), rebuilt: z.number() }),
        }),
        z.object({ kind: z.literal('dataset'), dataset: z.string(), target: z.string() }),
      ]),
      rows: z.number().int(),
      cached: z.boolean(),
    }),
    estimator: z.object({ method: z.enum(['cbpe', 'dle']), calibration: z.string().optional() }),
    baselines: z.array(baselineSchema),
    nominalWindowRows: z.number().int(),
    windows: z.array(
      z.object({
        window: monitorWindowSchema,
        rows: z.number().int(),
        labelled: z.number().int(),
        otherVersions: z.number().int(),
        metrics: z.array(metricSchema),
        alert: z.boolean(),
      }),
    ),
  }),
);

/** A model version's performance per window (docs/monitoring.md, "On the platform"). */
export const monitorPerformanceRoutes: ServerRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/monitor/:model/performance',
    operationId: 'getMonitorPerformance',
    role: 'viewer',
    summary: "A model version's realised and estimated performance per window against its baseline",
    description:
      'Per window of stored predictions: realised metrics with confidence intervals where labels have arrived, the CBPE ' +
      '(classifiers) or DLE (regressors) estimate with its standard error, the baseline band from the reference and a flag when ' +
      "a value leaves it. The reference is the version's validation rows, rebuilt from its run and checked against the recorded " +
      'metric (409 `MLP_MONITOR_NO_REFERENCE` / `MLP_MONITOR_REFERENCE_MISMATCH` when that is impossible), or `reference`, a ' +
      "labelled dataset version the model was not trained on. The first call for a version may refit the split's model; the " +
      'reference is cached after it.',
    tags: ['monitor'],
    params: z.strictObject({ model: zName() }),
    query: z.strictObject({
      window: z.enum(WINDOW_KINDS).default('daily'),
      size: z.coerce.number().int().min(1).max(10_000_000).optional(),
      from: monitorInstant('from'),
      to: monitorInstant('to'),
      version: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/)
        .optional()
        .meta({ description: 'Version number or alias; default the latest version.' }),
      metric: z
        .union([z.enum(PERFORMANCE_METRICS), z.array(z.enum(PERFORMANCE_METRICS))])
        .optional()
        .meta({ description: 'Metrics (repeat the parameter); default what CBPE or DLE estimates.' }),
      reference: z.string().max(300).optional().meta({ description: 'A labelled dataset version NAME@VERSION as the reference.' }),
      referenceTarget: z
        .string()
        .min(1)
        .max(300)
        .optional()
        .meta({ description: "The reference's label column; default the model's target." }),
    }),
    response: reportSchema,
    handler: async ({ deps, params, query }) => {
      const window: WindowSpec = {
        kind: query.window,
        ...(query.size === undefined ? {} : { size: query.size }),
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
      };
      const metrics = query.metric === undefined ? undefined : Array.isArray(query.metric) ? query.metric : [query.metric];
      const version = query.version === undefined ? undefined : /^[0-9]+$/.test(query.version) ? Number(query.version) : query.version;
      const report = await deps.workspace.performance.report(params.model, {
        window,
        ...(version === undefined ? {} : { version }),
        ...(metrics === undefined ? {} : { metrics }),
        ...(query.reference === undefined ? {} : { reference: query.reference }),
        ...(query.referenceTarget === undefined ? {} : { referenceTarget: query.referenceTarget }),
      });
      // The report's arrays are readonly; the schema's input type spells them mutable (the answer is validated against it).
      return report as z.input<typeof reportSchema>;
    },
  }),
];
