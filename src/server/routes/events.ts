import { z } from 'zod';

import { csvList, EVENT_TYPES, eventSchema, SUBJECT_KINDS, zText } from '../schemas.js';
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
      type: csvList(z.enum(EVENT_TYPES)).optional().meta({ description: 'Comma-separated event types.' }),
      subjectKind: z.enum(SUBJECT_KINDS).optional(),
      subjectId: zId().optional(),
      actor: zText(256).optional(),
      afterSeq: count.optional().meta({ description: 'Only events with a larger seq (a cursor).' }),
      limit: z.coerce.number().int().min(1).max(10_000).default(100),
      order: z.enum(['asc', 'desc']).default('asc'),
    }),
    response: z.object({ events: z.array(eventSchema) }),
    handler: async ({ deps, query }) => ({
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
    }),
  }),
];
