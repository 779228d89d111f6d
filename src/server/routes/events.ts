import { z } from 'zod';

import { ValidationError } from '../../core/index.js';
import { csvList, eventCatalogSchema, eventSchema, zText } from '../schemas.js';
import { zId } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const count = z.coerce.number().int().min(0);

/** The event log: every state change with its actor (audit trail, DORA metrics). */
export const eventRoutes: ServerRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/events',
    operationId: 'listEvents',
    role: 'viewer',
    summary: 'List events, oldest first by default; tail with afterSeq',
    tags: ['events'],
    query: z.strictObject({
      since: count.optional().meta({ description: 'Only events at or after this time (ms).' }),
      until: count.optional().meta({ description: 'Only events before this time (ms).' }),
      // Checked against the store's catalog (core and extension types; see GET /events/types).
      type: csvList(zText(128)).optional().meta({ description: 'Comma-separated event types (GET /events/types lists them).' }),
      subjectKind: zText(128).optional().meta({ description: 'A subject kind (GET /events/types lists them).' }),
      subjectId: zId().optional(),
      actor: zText(256).optional(),
      afterSeq: count.optional().meta({ description: 'Only events with a larger seq (a cursor).' }),
      limit: z.coerce.number().int().min(1).max(10_000).default(100),
      order: z.enum(['asc', 'desc']).default('asc'),
    }),
    response: z.object({ events: z.array(eventSchema) }),
    handler: async ({ deps, query }) => {
      const catalog = deps.workspace.store.events.catalog;
      query.type?.forEach((type, i) => {
        if (!catalog.has(type))
          throw ValidationError({
            field: `query.type[${i}]`,
            problem: `unknown event type ${JSON.stringify(type)}; GET /api/v1/events/types lists them`,
          });
      });
      if (query.subjectKind !== undefined && !catalog.hasSubjectKind(query.subjectKind))
        throw ValidationError({
          field: 'query.subjectKind',
          problem: `unknown subject kind ${JSON.stringify(query.subjectKind)}; GET /api/v1/events/types lists them`,
        });
      return {
        events: await deps.workspace.store.events.list({
          ...(query.since === undefined ? {} : { since: query.since }),
          ...(query.until === undefined ? {} : { until: query.until }),
          ...(query.type === undefined ? {} : { types: query.type }),
          ...(query.subjectKind === undefined ? {} : { subjectKind: query.subjectKind }),
          ...(query.subjectId === undefined ? {} : { subjectId: query.subjectId }),
          ...(query.actor === undefined ? {} : { actor: query.actor }),
          ...(query.afterSeq === undefined ? {} : { afterSeq: query.afterSeq }),
          limit: query.limit,
          order: query.order,
        }),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/events/types',
    operationId: 'listEventTypes',
    role: 'viewer',
    summary: "The store's event catalog: every event type and subject kind, the core's and its extensions'",
    tags: ['events'],
    response: eventCatalogSchema,
    handler: async ({ deps }) => {
      const { types, subjectKinds } = deps.workspace.store.events.catalog;
      return { types: [...types], subjectKinds: [...subjectKinds] };
    },
  }),
];
