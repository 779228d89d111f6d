import { z } from 'zod';

import { EMPTY } from '../define-route.js';
import { idParams, roleSchema, tokenSchema, zText } from '../schemas.js';
import { zName } from '../validation.js';
import { defineRoute, type ServerRoute } from './define.js';

const tags = ['tokens'];

/** API tokens (admin only). Only the sha256 of a secret is stored; creating a token returns the secret once. */
export const tokenRoutes: ServerRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/tokens',
    operationId: 'listTokens',
    role: 'admin',
    summary: 'List API tokens (never their secrets)',
    tags,
    response: z.object({ tokens: z.array(tokenSchema) }),
    handler: async ({ deps }) => ({ tokens: await deps.workspace.store.tokens.list() }),
  }),
  defineRoute({
    method: 'POST',
    url: '/tokens',
    operationId: 'createToken',
    role: 'admin',
    summary: 'Create an API token; the secret is in this answer only',
    tags,
    body: z.strictObject({
      name: zName(),
      role: roleSchema,
      owner: zText(256).min(1).meta({ description: 'The person or system the token acts for; the actor of its events.' }),
    }),
    status: 201,
    response: z.object({ token: tokenSchema, secret: z.string() }),
    handler: async ({ deps, body, write }) => deps.workspace.store.tokens.issue(body, write),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/tokens/:id',
    operationId: 'revokeToken',
    role: 'admin',
    summary: 'Revoke an API token',
    tags,
    params: idParams,
    response: EMPTY,
    handler: async ({ deps, params, write }) => {
      await deps.workspace.store.tokens.revoke(params.id, write);
    },
  }),
];
