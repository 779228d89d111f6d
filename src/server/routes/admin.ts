import { z } from 'zod';

import { gcReportSchema } from '../schemas.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['admin'];

/** Maintenance (admin only): artifact garbage collection and the store integrity check. */
export const adminRoutes: ServerRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/admin/gc',
    operationId: 'collectGarbage',
    role: 'admin',
    summary: 'Delete unreferenced artifacts older than an hour (dry run by default)',
    tags,
    body: z.strictObject({ dryRun: z.boolean().default(true) }),
    response: gcReportSchema,
    handler: async ({ deps, body, write }) => deps.workspace.collectGarbage({ dryRun: body.dryRun }, write),
  }),
  defineRoute({
    method: 'GET',
    url: '/admin/integrity',
    operationId: 'checkIntegrity',
    role: 'admin',
    summary: 'Run the metadata store integrity check',
    tags,
    response: z.object({ ok: z.boolean(), problems: z.array(z.string()) }),
    handler: async ({ deps }) => deps.workspace.store.integrityCheck(),
  }),
];
