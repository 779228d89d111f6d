import { z } from 'zod';

import { TASKS } from '../../core/index.js';
import { describeLearner, PEER_LIBRARIES } from '../../ml/index.js';
import { named } from '../schemas.js';
import { zName } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['learners'];
const paramValue = z.union([z.string(), z.number(), z.boolean()]);
const condition = z.object({ param: z.string(), in: z.array(paramValue).readonly() });
const space = z.union([
  z.object({
    kind: z.enum(['float', 'int']),
    low: z.number(),
    high: z.number(),
    log: z.boolean().optional(),
    tasks: z.array(z.string()).readonly().optional(),
    when: condition.optional(),
  }),
  z.object({
    kind: z.literal('categorical'),
    choices: z.array(paramValue).readonly(),
    tasks: z.array(z.string()).readonly().optional(),
    when: condition.optional(),
  }),
]);

/** A learner as data: what it does, its hyperparameters with JSON Schemas and defaults, and its search space. */
export const learnerSchema = named(
  'Learner',
  z.object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    capabilities: z.object({
      tasks: z.array(z.enum(TASKS)).readonly(),
      handlesMissing: z.boolean(),
      handlesCategorical: z.boolean(),
      supportsWeights: z.boolean(),
      givesProbabilities: z.boolean(),
      multiThreaded: z.boolean(),
      iterationParam: z.string().optional().meta({ description: 'The parameter that sets how many iterations the learner trains.' }),
    }),
    params: z
      .array(
        z.object({
          name: z.string(),
          schema: z.record(z.string(), z.unknown()).meta({ description: 'JSON Schema of the values the parameter accepts.' }),
          default: z.unknown().optional(),
          description: z.string().optional(),
          aliases: z
            .partialRecord(z.enum(PEER_LIBRARIES), z.array(z.string()).readonly())
            .optional()
            .meta({ description: 'The names scikit-learn, XGBoost and LightGBM give the parameter (or the closest one).' }),
        }),
      )
      .readonly(),
    searchSpace: z
      .partialRecord(z.string(), z.union([space, z.array(space).readonly()]))
      .meta({ description: 'Where AutoML searches each tuned parameter.' }),
  }),
);

/** Learners: what `train` can use, for clients and the dashboard. */
export const learnerRoutes: ServerRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/learners',
    operationId: 'listLearners',
    role: 'viewer',
    summary: 'List the learners training can use, with their parameters, defaults and search spaces',
    tags,
    response: z.object({ learners: z.array(learnerSchema) }),
    handler: async ({ deps }) => ({ learners: (await deps.workspace.learners()).list().map(describeLearner) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/learners/:id',
    operationId: 'getLearner',
    role: 'viewer',
    summary: 'Get one learner with its parameters, defaults and search space',
    tags,
    params: z.strictObject({ id: zName() }),
    response: learnerSchema,
    handler: async ({ deps, params }) => describeLearner((await deps.workspace.learners()).get(params.id)),
  }),
];
