import { z } from 'zod';

import { isWindowSource, parseWindowSource, type DriftSource } from '../../workspace/index.js';
import { named } from '../schemas.js';
import { defineRoute, type ServerRoute } from './define.js';

const columnType = z.enum(['numeric', 'categorical', 'boolean', 'datetime', 'text']);
const kind = z.enum(['p-value', 'distance']);
const details = z.record(z.string(), z.unknown());

const columnSchema = z.object({
  column: z.string(),
  type: columnType,
  currentType: columnType,
  status: z.enum(['ok', 'insufficient-data', 'type-changed']),
  method: z.string().nullable(),
  kind: kind.nullable(),
  threshold: z.number().nullable(),
  score: z.number().nullable(),
  adjustedPValue: z.number().optional(),
  drift: z.boolean(),
  effectSize: z.object({ name: z.string(), value: z.number() }).optional(),
  choice: z.object({ by: z.enum(['auto', 'pinned']), reason: z.string() }).nullable(),
  sizes: z.object({ reference: z.number(), referenceMissing: z.number(), current: z.number(), currentMissing: z.number() }),
  newCategories: z.array(z.string()),
  note: z.string().optional(),
  details,
  distribution: z
    .object({
      kind: z.enum(['bins', 'levels']),
      edges: z.array(z.number()).optional(),
      labels: z.array(z.string()).optional(),
      reference: z.array(z.number()),
      current: z.array(z.number()),
    })
    .optional(),
});

const reportSchema = named(
  'DriftReport',
  z.object({
    reference: z.object({ label: z.string(), rows: z.number().int() }),
    current: z.object({ label: z.string(), rows: z.number().int() }),
    correction: z.enum(['benjamini-hochberg', 'none']),
    columns: z.array(columnSchema),
    skipped: z.array(z.object({ column: z.string(), reason: z.string() })),
    multivariate: z.array(
      z.object({
        method: z.string(),
        kind,
        threshold: z.number(),
        score: z.number().nullable(),
        drift: z.boolean(),
        columns: z.array(z.string()),
        sizes: z.object({ reference: z.number(), current: z.number() }),
        note: z.string().optional(),
        details,
      }),
    ),
    dataset: z.object({
      compared: z.number().int(),
      drifted: z.number().int(),
      share: z.number(),
      driftShare: z.number(),
      drift: z.boolean(),
    }),
  }),
);

const sourceText = z
  .string()
  .min(1)
  .max(400)
  .meta({ description: 'A dataset version NAME[@VERSION], or a traffic window window:MODEL[@VERSION]:KIND[:START]. Never a file path.' });

/**
 * A request's source: a window, or a dataset version (a name: `parseRef` refuses path separators, so a request can
 * never make the server read a file). A window is parsed here so its error names the body field.
 */
function requestSource(text: string, field: string): DriftSource {
  return isWindowSource(text) ? { window: parseWindowSource(text, field).text } : { data: text };
}

/** Drift of a dataset version or a traffic window against a reference (docs/monitoring.md, "Drift"). */
export const monitorDriftRoutes: ServerRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/monitor/drift',
    operationId: 'runMonitorDrift',
    // It reads and compares; nothing is written.
    role: 'viewer',
    summary: 'Compare a dataset version or a traffic window with a reference, column by column',
    description:
      'The JSON drift report (what `mlpilot monitor drift --json` prints). `current` and `reference` are dataset versions ' +
      '(`NAME@VERSION`) or traffic windows (`window:MODEL[@VERSION]:KIND[:START]`, KIND `hourly`, `daily` or `rows:N`, START an ' +
      'ISO 8601 instant, default the latest window with predictions), whose logged inputs are the rows. Without `reference`, a ' +
      "window is compared with its model version's training data. Files are never read from a request. Nothing is written.",
    tags: ['monitor'],
    body: z.strictObject({
      current: sourceText,
      reference: sourceText.optional(),
      method: z
        .string()
        .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case method id')
        .optional()
        .meta({ description: 'Drift method id for every column (default: chosen per column); GET-able from `mlpilot monitor methods`.' }),
      columns: z
        .array(z.string().min(1).max(300))
        .min(1)
        .max(1000)
        .optional()
        .meta({ description: 'Columns to compare (default: all shared).' }),
    }),
    response: reportSchema,
    handler: async ({ deps, body }) => {
      const current = requestSource(body.current, 'body.current');
      const reference = body.reference === undefined ? undefined : requestSource(body.reference, 'body.reference');
      const run = await deps.workspace.drift.run({
        current,
        ...(reference === undefined ? {} : { reference }),
        options: {
          ...(body.method === undefined ? {} : { method: body.method }),
          ...(body.columns === undefined ? {} : { columns: body.columns }),
        },
      });
      // The report's arrays are readonly; the schema's input type spells them mutable (the answer is validated against it).
      return run.report as z.input<typeof reportSchema>;
    },
  }),
];
