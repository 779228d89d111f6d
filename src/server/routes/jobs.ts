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
      parentId: zId().optional().meta({ description: 'Only the jobs this job submitted.' }),
      group: zName().optional().meta({ description: 'Only the jobs of this group.' }),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    response: z.object({ jobs: z.array(jobSchema) }),
    handler: async ({ deps, query }) => {
      const queue = await deps.workspace.jobs();
      return {
        jobs: await queue.list({
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.type === undefined ? {} : { type: query.type }),
          ...(query.parentId === undefined ? {} : { parentId: query.parentId }),
          ...(query.group === undefined ? {} : { group: query.group }),
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
    body: z.strictObject({
      type: zName(),
      payload: z.unknown().default({}),
      id: zId().optional(),
      parentId: zId().optional().meta({ description: 'The job this one belongs to; cancelling the parent cancels it too.' }),
      group: zName().optional().meta({ description: 'A name tying jobs together for listing.' }),
    }),
    status: 201,
    response: jobSchema,
    handler: async ({ deps, body, write }) => {
      const queue = await deps.workspace.jobs();
      const { type, payload, ...options } = body;
      return queue.submit(type, payload, options, write);
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
    summary: 'Cancel a job and the unfinished jobs it fanned out (idempotent)',
    tags,
    params: idParams,
    response: jobSchema,
    handler: async ({ deps, params, write }) => (await deps.workspace.jobs()).cancel(params.id, write),
  }),
];
