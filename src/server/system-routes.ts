import { z } from 'zod';

import { RAW, RawReply, routeFactory, type ApiRoute } from './define-route.js';
import type { ApiMetrics } from './metrics.js';
import type { OpenApiDocument } from './openapi.js';

/**
 * The routes every API instance has, whatever its resources:
 * - `GET /healthz` (public): liveness for load balancers and probes; reveals nothing but "ok" and check results.
 * - `GET /metrics` (role viewer): Prometheus text. Public when auth is disabled (the server then listens on
 *   loopback only); with auth enabled a scraper sends a viewer token (`authorization: credentials` in Prometheus).
 *   Labels are route templates, methods and status codes — never ids, names or secrets.
 * - `GET /api/v1/openapi.json` (public): the OpenAPI 3.1 document, built from the route list.
 */
export function systemRoutes<D>(options: {
  prefix: string;
  metrics: ApiMetrics;
  openapi: () => OpenApiDocument;
  healthCheck?: () => Promise<Record<string, unknown>>;
}): Array<ApiRoute<D>> {
  const defineRoute = routeFactory<D>();
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      absolute: true,
      operationId: 'getHealth',
      role: 'public',
      summary: 'Liveness check',
      tags: ['system'],
      response: z.object({ status: z.literal('ok'), checks: z.record(z.string(), z.unknown()) }),
      handler: async () => ({ status: 'ok' as const, checks: options.healthCheck === undefined ? {} : await options.healthCheck() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/metrics',
      absolute: true,
      operationId: 'getMetrics',
      role: 'viewer',
      summary: 'Prometheus metrics (text exposition format)',
      tags: ['system'],
      response: RAW,
      handler: async () => {
        const { text, contentType } = await options.metrics.render();
        return new RawReply(text, contentType);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/openapi.json',
      operationId: 'getOpenApiDocument',
      role: 'public',
      summary: 'This OpenAPI 3.1 document',
      tags: ['system'],
      response: z.record(z.string(), z.unknown()),
      handler: async () => options.openapi() as unknown as Record<string, unknown>,
    }),
  ];
}
