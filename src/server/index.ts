/**
 * The REST API edge: fastify under `/api/v1`, routes as data (`defineRoute`), zod validation, the OpenAPI 3.1
 * document, bearer-token auth with roles, `/healthz` and `/metrics`. The CLI's `mlpilot server` calls
 * {@link startServer}; tests call {@link buildServer} and drive it with `inject`.
 */
export { buildServer } from './build-server.js';
export type { BuildServerOptions } from './build-server.js';
export { isLoopbackHost, startServer } from './start-server.js';
export type { RunningServer, StartServerOptions } from './start-server.js';
export { API_PREFIX, createApi, DEFAULT_UPLOAD_LIMIT_BYTES } from './create-api.js';
export type { ApiOptions, AuthOptions } from './create-api.js';
export { EMPTY, RAW, RawReply, routeFactory } from './define-route.js';
export type { ApiRoute, HttpMethod, RouteContext, RouteDefinition } from './define-route.js';
export { buildOpenApiDocument } from './openapi.js';
export type { OpenApiDocument, OpenApiOperation } from './openapi.js';
export { createApiMetrics } from './metrics.js';
export type { ApiMetrics, GaugeSample, GaugeSource } from './metrics.js';
export { API_ROLES, roleBelow, roleSatisfies } from './roles.js';
export type { ApiRole, Principal, RouteRole } from './roles.js';
export { apiRoutes } from './routes/index.js';
export type { ServerDeps, ServerRoute } from './routes/index.js';
