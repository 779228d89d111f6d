import { z } from 'zod';

import { csvList, idParams, jobSchema, jobStatusSchema } from '../schemas.js';
import { zId, zName } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['jobs'];

/** Jobs: submit (payload validated by the handler's schema), list, get, cancel. */
export const jobRoutes: ServerRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/jobs',
    operationId: 'listJobs',
    role: 'viewer',
    summary: 'List jobs, newest first',
    tags,
    query: z.strictObject({
      status: csvList(jobStatusSchema).optional().meta({ description: 'Comma-separated statuses.' }),
      type: zName().optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    response: z.object({ jobs: z.array(jobSchema) }),
    handler: async ({ deps, query }) => {
      const queue = await deps.workspace.jobs();
      return {
        jobs: await queue.list({
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.type === undefined ? {} : { type: query.type }),
          limit: query.limit,
        }),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/jobs',
    operationId: 'submitJob',
    role: 'editor',
    summary: 'Submit a job of a registered type',
    tags,
    body: z.strictObject({ type: zName(), payload: z.unknown().default({}), id: zId().optional() }),
    status: 201,
    response: jobSchema,
    handler: async ({ deps, body, write }) => {
      const queue = await deps.workspace.jobs();
      return queue.submit(body.type, body.payload, body.id === undefined ? undefined : { id: body.id }, write);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/jobs/:id',
    operationId: 'getJob',
    role: 'viewer',
    summary: 'Get a job with its status, progress and result',
    tags,
    params: idParams,
    response: jobSchema,
    handler: async ({ deps, params }) => (await deps.workspace.jobs()).get(params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/jobs/:id/cancel',
    operationId: 'cancelJob',
    role: 'editor',
    summary: 'Cancel a job (idempotent)',
    tags,
    params: idParams,
    response: jobSchema,
    handler: async ({ deps, params, write }) => (await deps.workspace.jobs()).cancel(params.id, write),
  }),
];
