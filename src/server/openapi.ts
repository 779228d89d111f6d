import { z } from 'zod';

import { EMPTY, RAW, type ApiRoute, type HttpMethod } from './define-route.js';

/** A JSON Schema object as produced by `z.toJSONSchema`. */
export type JsonSchema = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 operation this server writes. */
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  'x-mlpilot-role': string;
  security: Array<Record<string, string[]>>;
  parameters: Array<{ name: string; in: 'path' | 'query'; required: boolean; description?: string; schema: JsonSchema }>;
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

/** An OpenAPI 3.1 document. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string }>;
  paths: Record<string, Partial<Record<Lowercase<HttpMethod>, OpenApiOperation>>>;
  components: { securitySchemes: Record<string, JsonSchema>; schemas: Record<string, JsonSchema> };
}

/** The wire form of every error: `{ error: { code, message, details } }`. */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string().meta({ description: 'Stable catalog code, e.g. MLP_STORE_NOT_FOUND (docs/errors.md).' }),
    message: z.string().meta({ description: 'What was wrong, where, and what to do.' }),
    details: z.record(z.string(), z.unknown()).meta({ description: 'Facts about the failure (field, known ids, …).' }),
  }),
});

/**
 * Converts a zod schema to JSON Schema (draft 2020-12, which OpenAPI 3.1 uses). Request schemas use the
 * input side (what a client sends), response schemas the output side.
 * @throws when a schema cannot be represented (the unit test converts every route's schemas).
 */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'throw', reused: 'inline' }) as JsonSchema;
  delete out['$schema'];
  return out;
}

/** `/runs/:id/artifacts/*` → `/runs/{id}/artifacts/{path}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{path}');
}

/** The full path of a route: the API prefix plus its url, unless it is mounted absolutely. */
export function routePath(route: { url: string; absolute?: boolean }, prefix: string): string {
  return route.absolute === true ? route.url : `${prefix}${route.url}`;
}

function objectParameters(schema: z.ZodType | undefined, location: 'path' | 'query'): OpenApiOperation['parameters'] {
  if (schema === undefined) return [];
  const json = toJsonSchema(schema, 'input');
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const description = typeof property['description'] === 'string' ? property['description'] : undefined;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(description === undefined ? {} : { description }),
      schema: property,
    };
  });
}

const errorRef = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorRef } } });

function operationFor<D>(route: ApiRoute<D>): OpenApiOperation {
  const responses: OpenApiOperation['responses'] = {};
  if (route.response === EMPTY) {
    responses[String(route.status ?? 204)] = { description: 'Done; no content.' };
  } else if (route.response === RAW) {
    responses[String(route.status ?? 200)] = {
      description: 'Raw content.',
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    };
  } else {
    responses[String(route.status ?? 200)] = {
      description: 'Success.',
      content: { 'application/json': { schema: toJsonSchema(route.response, 'output') } },
    };
  }
  responses['400'] = errorResponse('Invalid input (MLP_CORE_VALIDATION, MLP_CORE_INVALID_NAME, MLP_CORE_INVALID_PATH, …), naming the field.');
  if (route.role !== 'public') {
    responses['401'] = errorResponse('Missing or invalid bearer token (MLP_AUTH_UNAUTHENTICATED).');
    responses['403'] = errorResponse(`The token's role is below ${route.role} (MLP_AUTH_FORBIDDEN).`);
  }
  responses['404'] = errorResponse('Not found (MLP_STORE_NOT_FOUND, MLP_API_ROUTE_NOT_FOUND, …).');
  if (route.rawBody !== undefined) {
    responses['413'] = errorResponse('Body larger than the upload limit (MLP_API_BODY_TOO_LARGE).');
    responses['415'] = errorResponse('Content type not accepted (MLP_API_UNSUPPORTED_MEDIA_TYPE).');
  }
  responses['500'] = errorResponse('Internal error (MLP_CORE_INTERNAL); details are in the server log.');

  const operation: OpenApiOperation = {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: [...route.tags],
    'x-mlpilot-role': route.role,
    security: route.role === 'public' ? [] : [{ bearerAuth: [] }],
    parameters: [...objectParameters(route.params, 'path'), ...objectParameters(route.query, 'query')],
    responses,
  };
  if (route.body !== undefined) {
    operation.requestBody = { required: true, content: { 'application/json': { schema: toJsonSchema(route.body, 'input') } } };
  } else if (route.rawBody !== undefined) {
    const content: Record<string, { schema: JsonSchema }> = {};
    for (const type of route.rawBody.contentTypes) content[type] = { schema: { type: 'string', format: 'binary' } };
    operation.requestBody = { required: true, content };
  }
  return operation;
}

/**
 * Builds the OpenAPI 3.1 document from the route list — the same definitions that register and validate
 * the routes, so the document cannot drift from the server. Each operation carries `x-mlpilot-role`.
 */
export function buildOpenApiDocument<D>(
  routes: ReadonlyArray<ApiRoute<D>>,
  options: { prefix: string; title: string; version: string; description?: string },
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  for (const route of routes) {
    const path = openApiPath(routePath(route, options.prefix));
    const item = (paths[path] ??= {});
    item[route.method.toLowerCase() as Lowercase<HttpMethod>] = operationFor(route);
    for (const tag of route.tags) tags.add(tag);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: options.title,
      version: options.version,
      ...(options.description === undefined ? {} : { description: options.description }),
    },
    servers: [{ url: '/' }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token from `mlpilot tokens create --role …`.' },
      },
      schemas: { Error: toJsonSchema(errorBodySchema, 'output') },
    },
  };
}
