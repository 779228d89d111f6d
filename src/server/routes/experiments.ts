import { z } from 'zod';

import { EMPTY } from '../define-route.js';
import { experimentSchema, idParams, tagInput, tagMapInput, zText } from '../schemas.js';
import { zName } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['experiments'];

/** Experiments: list, create, get (by id or name), tag, soft-delete. */
export const experimentRoutes: ServerRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/experiments',
    operationId: 'listExperiments',
    role: 'viewer',
    summary: 'List experiments',
    tags,
    query: z.strictObject({ includeDeleted: z.enum(['true', 'false']).optional() }),
    response: z.object({ experiments: z.array(experimentSchema) }),
    handler: async ({ deps, query }) => ({
      experiments: await deps.workspace.store.experiments.list({ includeDeleted: query.includeDeleted === 'true' }),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/experiments',
    operationId: 'createExperiment',
    role: 'editor',
    summary: 'Create an experiment',
    tags,
    body: z.strictObject({ name: zName(), description: zText().optional(), tags: tagMapInput.optional() }),
    status: 201,
    response: experimentSchema,
    handler: async ({ deps, body, write }) => deps.workspace.store.experiments.create(body, write),
  }),
  defineRoute({
    method: 'GET',
    url: '/experiments/:id',
    operationId: 'getExperiment',
    role: 'viewer',
    summary: 'Get an experiment by id or name',
    tags,
    params: idParams,
    response: experimentSchema,
    handler: async ({ deps, params }) => deps.workspace.store.experiments.get(params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/experiments/:id/tags',
    operationId: 'setExperimentTag',
    role: 'editor',
    summary: 'Set one tag on an experiment',
    tags,
    params: idParams,
    body: tagInput,
    response: experimentSchema,
    handler: async ({ deps, params, body, write }) => {
      const experiment = await deps.workspace.store.experiments.get(params.id);
      await deps.workspace.store.experiments.setTag(experiment.id, body.key, body.value, write);
      return deps.workspace.store.experiments.get(experiment.id);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/experiments/:id',
    operationId: 'deleteExperiment',
    role: 'editor',
    summary: 'Soft-delete an experiment (its runs stay searchable with includeDeleted)',
    tags,
    params: idParams,
    response: EMPTY,
    handler: async ({ deps, params, write }) => {
      const experiment = await deps.workspace.store.experiments.get(params.id);
      await deps.workspace.store.experiments.delete(experiment.id, write);
    },
  }),
];
