import { maxHeaderSize } from 'node:http';

import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

import {
  ForbiddenError,
  InternalError,
  RouteNotFoundError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
  type Logger,
} from '../core/index.js';
import { clientErrorHandler, frameworkErrorHandler } from './client-errors.js';
import { EMPTY, RAW, RawReply, type ApiRoute, type RouteContext } from './define-route.js';
import { JSON_CONTENT_TYPES, toMlpError } from './error-mapping.js';
import type { ApiMetrics } from './metrics.js';
import { buildOpenApiDocument, routePath, type OpenApiDocument } from './openapi.js';
import { bearerSecret, roleSatisfies, type Principal } from './roles.js';
import { systemRoutes } from './system-routes.js';
import type { RequestGuard } from './request-guard.js';
import { parseInput } from './validation.js';

/** How requests are authenticated. */
export interface AuthOptions {
  /** When false every request is trusted as `localActor` with role admin (loopback-only embedded mode). */
  readonly enabled: boolean;
  readonly localActor: string;
  /** The principal behind a bearer secret, or undefined when the secret is unknown or revoked. */
  readonly verify: (secret: string) => Promise<Principal | undefined>;
}

/** Everything {@link createApi} needs; `D` is what handlers receive as `ctx.deps`. */
export interface ApiOptions<D> {
  readonly routes: ReadonlyArray<ApiRoute<D>>;
  readonly deps: D;
  readonly auth: AuthOptions;
  readonly logger: Logger;
  readonly metrics: ApiMetrics;
  /** Mount point of the API routes. Default `/api/v1`. */
  readonly prefix?: string;
  /** Largest raw upload (dataset version, artifact) in bytes. Default 512 MiB. */
  readonly uploadLimitBytes?: number;
  /** Largest JSON body in bytes. Default 16 MiB (metric batches). */
  readonly jsonLimitBytes?: number;
  /** Extra liveness check for `/healthz` (e.g. a store round trip); throw to report unhealthy. */
  readonly healthCheck?: () => Promise<Record<string, unknown>>;
  readonly info?: { title: string; version: string; description?: string };
  /** Checks `Host` and `Origin` of every request before anything else (set when auth is off). */
  readonly guard?: RequestGuard;
}

export const DEFAULT_UPLOAD_LIMIT_BYTES = 512 * 1024 * 1024;
export const DEFAULT_JSON_LIMIT_BYTES = 16 * 1024 * 1024;
export const API_PREFIX = '/api/v1';
/** Longest path parameter (id, name, artifact path) the router matches; longer answers 414 MLP_API_URI_TOO_LONG. */
const MAX_PARAM_LENGTH = 2048;

/**
 * Builds a fastify instance serving `routes` under the prefix plus `/healthz`, `/metrics` and
 * `/api/v1/openapi.json`. One generic registration: per route, an `onRequest` hook authenticates and
 * checks the declared role before the body is even read (401/403), then the handler validates params,
 * query and body with the route's zod schemas (fastify's own validation is not used), calls the route and
 * serialises the answer through the response schema. Every failure is answered from the error catalog.
 */
export async function createApi<D>(options: ApiOptions<D>): Promise<FastifyInstance> {
  const prefix = options.prefix ?? API_PREFIX;
  const uploadLimit = options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
  const jsonLimit = options.jsonLimitBytes ?? DEFAULT_JSON_LIMIT_BYTES;
  const logger = options.logger;
  const app = Fastify({
    logger: false,
    bodyLimit: jsonLimit,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH, caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false },
    return503OnClosing: true,
    // Refusals made before any route runs still answer from the catalog (client-errors.ts).
    frameworkErrors: frameworkErrorHandler(MAX_PARAM_LENGTH),
    clientErrorHandler: clientErrorHandler(maxHeaderSize),
  });

  let document: OpenApiDocument | undefined;
  const allRoutes: Array<ApiRoute<D>> = [
    ...options.routes,
    ...systemRoutes<D>({
      prefix,
      metrics: options.metrics,
      openapi: () => (document ??= buildOpenApiDocument(allRoutes, { prefix, ...(options.info ?? defaultInfo) })),
      ...(options.healthCheck === undefined ? {} : { healthCheck: options.healthCheck }),
    }),
  ];
  assertUniqueOperationIds(allRoutes);

  // Raw uploads: the body arrives as a Buffer; the only other parser is fastify's JSON one. Each route then takes
  // only its own declared types (see `invoke`): registering a parser for a type makes it parse on every route.
  app.removeContentTypeParser('text/plain');
  const rawTypes = [...new Set(allRoutes.flatMap((route) => route.rawBody?.contentTypes ?? []))];
  if (rawTypes.length > 0) {
    app.addContentTypeParser(rawTypes, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }

  const principals = new WeakMap<FastifyRequest, Principal>();
  const accepted = new WeakMap<FastifyRequest, readonly string[]>();

  app.setErrorHandler((error, request, reply) => {
    const mlp = toMlpError(
      error,
      {
        method: request.method,
        url: request.routeOptions.url ?? request.url,
        requestId: request.id,
        bodyLimit: request.routeOptions.bodyLimit ?? jsonLimit,
        accepted: accepted.get(request) ?? JSON_CONTENT_TYPES,
      },
      logger,
    );
    // A refusal that says when to come back (ingestion backpressure) says it in the standard header too.
    const retryAfter = mlp.details['retryAfterSeconds'];
    if (typeof retryAfter === 'number' && Number.isInteger(retryAfter) && retryAfter >= 0)
      void reply.header('retry-after', String(retryAfter));
    void reply.status(mlp.httpStatus).type('application/json').send(mlp.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const mlp = RouteNotFoundError({ method: request.method, url: request.url.split('?')[0] ?? request.url });
    void reply.status(mlp.httpStatus).type('application/json').send(mlp.toJSON());
  });
  const guard = options.guard;
  if (guard !== undefined) {
    app.addHook('onRequest', async (request) => {
      guard({ host: request.headers.host, origin: request.headers.origin });
    });
  }
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    options.metrics.observe(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
    logger.debug('request', {
      method: request.method,
      route,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      requestId: request.id,
    });
  });

  for (const route of allRoutes) {
    const url = routePath(route, prefix);
    app.route({
      method: route.method,
      url,
      bodyLimit: route.rawBody === undefined ? Math.min(route.bodyLimitBytes ?? jsonLimit, jsonLimit) : uploadLimit,
      onRequest: async (request) => {
        accepted.set(request, route.rawBody?.contentTypes ?? JSON_CONTENT_TYPES);
        principals.set(request, await authenticate(route, request, options.auth));
        checkMediaType(route, request.headers['content-type']);
      },
      handler: async (request, reply) => {
        const principal = principals.get(request);
        if (principal === undefined) throw InternalError({ reason: 'request reached a handler without authentication' });
        return await invoke(route, options.deps, principal, request, reply, logger);
      },
    });
  }
  await app.ready();
  return app;
}

function acceptedMediaTypes<D>(route: ApiRoute<D>): readonly string[] {
  return route.rawBody?.contentTypes ?? JSON_CONTENT_TYPES;
}

/**
 * Refuses a body type the route does not declare, before the body is read. A `text/plain` (or form) POST is what a
 * foreign page can send without a CORS preflight, so it must never reach a JSON route, nor an upload route that
 * declares other types.
 * @throws MLP_API_UNSUPPORTED_MEDIA_TYPE naming the accepted types.
 */
function checkMediaType<D>(route: ApiRoute<D>, header: string | undefined): void {
  if (header === undefined) return;
  const accepted = acceptedMediaTypes(route);
  if (!accepted.includes(mediaType(header))) throw UnsupportedMediaTypeError({ contentType: header, accepted: [...accepted] });
}

/** `Text/CSV; charset=utf-8` → `text/csv`. */
function mediaType(header: string): string {
  return (header.split(';')[0] ?? '').trim().toLowerCase();
}

const defaultInfo = { title: 'mlpilot API', version: '1' };

function assertUniqueOperationIds<D>(routes: ReadonlyArray<ApiRoute<D>>): void {
  const seen = new Set<string>();
  for (const route of routes) {
    if (seen.has(route.operationId)) throw InternalError({ reason: `two routes share operationId ${route.operationId}` });
    seen.add(route.operationId);
  }
}

async function authenticate<D>(route: ApiRoute<D>, request: FastifyRequest, auth: AuthOptions): Promise<Principal> {
  if (!auth.enabled) return { owner: auth.localActor, role: 'admin', tokenId: null };
  if (route.role === 'public') return { owner: 'anonymous', role: 'viewer', tokenId: null };
  const secret = bearerSecret(request.headers.authorization);
  const principal = await auth.verify(secret);
  if (principal === undefined) throw UnauthenticatedError({ reason: 'the token is unknown or revoked' });
  if (!roleSatisfies(principal.role, route.role)) {
    throw ForbiddenError({ required: route.role, actual: principal.role, action: `${route.method} ${routePath(route, '')}` });
  }
  return principal;
}

async function invoke<D>(
  route: ApiRoute<D>,
  deps: D,
  principal: Principal,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
): Promise<unknown> {
  const rawParams = { ...(request.params as Record<string, string>) };
  if ('*' in rawParams) {
    rawParams['path'] = rawParams['*'] as string;
    delete rawParams['*'];
  }
  const params = route.params === undefined ? undefined : parseInput(route.params, rawParams, 'params');
  const query = route.query === undefined ? undefined : parseInput(route.query, request.query ?? {}, 'query');
  let body: unknown;
  const contentType = request.headers['content-type'] ?? '(none)';
  const acceptedTypes = acceptedMediaTypes(route);
  if (route.rawBody !== undefined) {
    if (!Buffer.isBuffer(request.body)) throw UnsupportedMediaTypeError({ contentType, accepted: [...acceptedTypes] });
    body = request.body;
  } else if (route.body !== undefined) {
    if (Buffer.isBuffer(request.body)) throw UnsupportedMediaTypeError({ contentType, accepted: [...acceptedTypes] });
    body = parseInput(route.body, request.body, 'body');
  }
  const ctx: RouteContext<D, unknown, unknown, unknown> = {
    deps,
    params,
    query,
    body,
    principal,
    write: { actor: principal.owner },
    request,
    reply,
  };
  const result = await route.handler(ctx);
  if (route.response === EMPTY) {
    void reply.status(route.status ?? 204);
    return reply.send();
  }
  if (route.response === RAW) {
    if (!(result instanceof RawReply)) throw InternalError({ reason: `route ${route.operationId} did not return raw content` });
    void reply
      .status(route.status ?? 200)
      .type(result.contentType)
      .headers(result.headers);
    return reply.send(result.body);
  }
  const checked = route.response.safeParse(result);
  if (!checked.success) {
    logger.error('response does not match its schema', { operationId: route.operationId, issues: checked.error.issues.slice(0, 5) });
    throw InternalError({ reason: `the answer of ${route.operationId} does not match its documented schema` });
  }
  void reply.status(route.status ?? 200).type('application/json');
  return reply.send(checked.data);
}
