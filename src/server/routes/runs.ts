import { z } from 'zod';

import { DEFAULT_HISTORY_PAGE, MAX_HISTORY_BUCKETS, MAX_HISTORY_PAGE } from '../../store/index.js';
import { EMPTY } from '../define-route.js';
import {
  idParams,
  inputRoleSchema,
  metricBucketSchema,
  metricPointSchema,
  metricValueInput,
  runSchema,
  runStatusSchema,
  tagMapInput,
  zText,
} from '../schemas.js';
import { zId, zKey } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['runs'];
const paramValue = z.union([zText(8000), z.number(), z.boolean()]);
const inputList = z
  .array(
    z.strictObject({ dataset: z.string().min(1).max(300).meta({ description: 'NAME or NAME@VERSION' }), role: inputRoleSchema.optional() }),
  )
  .max(100);

/** Runs: create, get, log params/metrics/tags/inputs, end, delete, restore, search, metric history. */
export const runRoutes: ServerRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/runs',
    operationId: 'createRun',
    role: 'editor',
    summary: 'Start a run in an experiment',
    tags,
    body: z.strictObject({
      experimentId: zId().meta({ description: 'Id or name of an existing experiment.' }),
      name: zText(256).optional(),
      parentRunId: zId().optional(),
      params: z.record(zKey(), paramValue).optional(),
      tags: tagMapInput.optional(),
      inputs: inputList.optional(),
      gitCommit: z
        .string()
        .regex(/^[0-9a-f]{40,64}$/, 'must be a git commit hash')
        .optional()
        .meta({ description: 'The commit of the code the run comes from.' }),
      gitDirty: z.boolean().optional().meta({ description: 'Whether that working tree had uncommitted changes.' }),
    }),
    status: 201,
    response: runSchema,
    handler: async ({ deps, body, write }) => {
      const run = await deps.workspace.tracker(write).startRun({
        experimentId: body.experimentId,
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.parentRunId === undefined ? {} : { parentRunId: body.parentRunId }),
        ...(body.params === undefined ? {} : { params: body.params }),
        ...(body.tags === undefined ? {} : { tags: body.tags }),
        ...(body.inputs === undefined ? {} : { inputs: body.inputs }),
        git: body.gitCommit === undefined ? null : { commit: body.gitCommit, dirty: body.gitDirty ?? false },
      });
      return deps.workspace.store.runs.get(run.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/runs/search',
    operationId: 'searchRuns',
    role: 'viewer',
    summary: "Search runs with a filter (metrics.auc > 0.8 and params.lr = '0.1'), order and paging",
    tags,
    body: z.strictObject({
      experimentIds: z.array(zId()).max(100).optional(),
      filter: zText(4000).optional(),
      orderBy: z.array(zText(200)).max(10).optional(),
      maxResults: z.number().int().min(1).max(1000).optional(),
      pageToken: zText(2000).optional(),
      includeDeleted: z.boolean().optional(),
    }),
    response: z.object({ runs: z.array(runSchema), nextPageToken: z.string().nullable() }),
    handler: async ({ deps, body }) => deps.workspace.store.runs.search(body),
  }),
  defineRoute({
    method: 'GET',
    url: '/runs/:id',
    operationId: 'getRun',
    role: 'viewer',
    summary: 'Get a run with its params, tags, latest metrics and inputs',
    tags,
    params: idParams,
    response: runSchema,
    handler: async ({ deps, params }) => deps.workspace.store.runs.get(params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/runs/:id/params',
    operationId: 'logRunParams',
    role: 'editor',
    summary: 'Log params (immutable: a different value for a logged key is a conflict)',
    tags,
    params: idParams,
    body: z.strictObject({ params: z.record(zKey(), paramValue) }),
    response: runSchema,
    handler: async ({ deps, params, body, write }) => {
      await (await deps.workspace.tracker(write).resumeRun(params.id)).logParams(body.params);
      return deps.workspace.store.runs.get(params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/runs/:id/metrics',
    operationId: 'logRunMetrics',
    role: 'editor',
    summary: 'Log a batch of metric points in one transaction',
    tags,
    params: idParams,
    body: z.strictObject({
      metrics: z
        .array(
          z.strictObject({
            key: zKey(),
            value: metricValueInput,
            step: z.number().int().min(0).optional(),
            timestamp: z.number().min(0).max(Number.MAX_SAFE_INTEGER).optional().meta({ description: 'Milliseconds since the epoch.' }),
          }),
        )
        .min(1)
        .max(10_000),
    }),
    response: z.object({ logged: z.number().int() }),
    handler: async ({ deps, params, body, write }) => {
      const run = await deps.workspace.tracker(write).resumeRun(params.id);
      const now = deps.workspace.clock.now();
      await run.logBatch(body.metrics.map((m) => ({ key: m.key, value: m.value, step: m.step ?? 0, timestamp: m.timestamp ?? now })));
      return { logged: body.metrics.length };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/runs/:id/metric-history',
    operationId: 'getRunMetricHistory',
    role: 'viewer',
    summary: 'The points of one metric by step then timestamp, a page at a time, or downsampled into step buckets',
    description:
      `Pages of up to maxResults points (default ${DEFAULT_HISTORY_PAGE}, at most ${MAX_HISTORY_PAGE}); pass nextPageToken back as ` +
      `pageToken for the next. With buckets=N (1 to ${MAX_HISTORY_BUCKETS}) the logged step range is cut into N equal ranges and each ` +
      'non-empty one is answered with its last value (highest step, then latest timestamp), min, max and point count, computed ' +
      'in the database; min and max skip NaN points (NaN only when all are).',
    tags,
    params: idParams,
    query: z
      .strictObject({
        key: zKey(),
        maxResults: z.coerce.number().int().min(1).max(MAX_HISTORY_PAGE).optional(),
        pageToken: zText(512).optional(),
        buckets: z.coerce
          .number()
          .int()
          .min(1)
          .max(MAX_HISTORY_BUCKETS)
          .optional()
          .meta({ description: 'Downsample into this many step buckets instead of paging.' }),
      })
      .refine((q) => q.buckets === undefined || (q.maxResults === undefined && q.pageToken === undefined), {
        message: 'buckets cannot be combined with maxResults or pageToken',
        path: ['buckets'],
      }),
    response: z.union([
      z.object({ key: z.string(), points: z.array(metricPointSchema), nextPageToken: z.string().nullable() }),
      z.object({ key: z.string(), buckets: z.array(metricBucketSchema) }),
    ]),
    handler: async ({ deps, params, query }) => {
      const runs = deps.workspace.store.runs;
      if (query.buckets !== undefined)
        return { key: query.key, buckets: await runs.metricHistoryBuckets(params.id, query.key, query.buckets) };
      const page = await runs.metricHistoryPage(params.id, query.key, {
        ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
        ...(query.pageToken === undefined ? {} : { pageToken: query.pageToken }),
      });
      return { key: query.key, ...page };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/runs/:id/tags',
    operationId: 'setRunTags',
    role: 'editor',
    summary: 'Set tags on a run',
    tags,
    params: idParams,
    body: z.strictObject({ tags: tagMapInput }),
    response: runSchema,
    handler: async ({ deps, params, body, write }) => {
      await (await deps.workspace.tracker(write).resumeRun(params.id)).setTags(body.tags);
      return deps.workspace.store.runs.get(params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/runs/:id/inputs',
    operationId: 'addRunInputs',
    role: 'editor',
    summary: 'Record dataset versions the run used (NAME or NAME@VERSION)',
    tags,
    params: idParams,
    body: z.strictObject({ inputs: inputList.min(1) }),
    response: runSchema,
    handler: async ({ deps, params, body, write }) => {
      await (await deps.workspace.tracker(write).resumeRun(params.id)).useDatasets(body.inputs);
      return deps.workspace.store.runs.get(params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/runs/:id/end',
    operationId: 'endRun',
    role: 'editor',
    summary: 'End a running run',
    tags,
    params: idParams,
    body: z.strictObject({ status: runStatusSchema.exclude(['running']).default('finished') }),
    response: runSchema,
    handler: async ({ deps, params, body, write }) => (await deps.workspace.tracker(write).resumeRun(params.id)).end(body.status),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/runs/:id',
    operationId: 'deleteRun',
    role: 'editor',
    summary: 'Soft-delete a run',
    tags,
    params: idParams,
    response: EMPTY,
    handler: async ({ deps, params, write }) => {
      await deps.workspace.store.runs.get(params.id);
      await deps.workspace.store.runs.delete(params.id, write);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/runs/:id/restore',
    operationId: 'restoreRun',
    role: 'editor',
    summary: 'Restore a soft-deleted run (it takes writes again); a run that is not deleted is answered as it is',
    tags,
    params: idParams,
    response: runSchema,
    handler: async ({ deps, params, write }) => deps.workspace.tracker(write).restoreRun(params.id),
  }),
];
