import { z } from 'zod';

import { EMPTY, RAW, type ApiRoute, type HttpMethod } from './define-route.js';
import { namedSchemaById, namedSchemas } from './schemas.js';

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
 * input side (what a client sends), response schemas the output side. With `components`, every named schema
 * (`namedSchemas`) becomes a `$ref` to `#/components/schemas/<id>` and its definition is added there.
 * @throws when a schema cannot be represented (the unit test converts every route's schemas).
 */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output', components?: Components): JsonSchema {
  const out = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'throw',
    reused: 'inline',
    ...(components === undefined ? {} : { metadata: namedSchemas }),
  }) as JsonSchema;
  delete out['$schema'];
  return components === undefined ? out : components.hoist(out, io);
}

/**
 * The component schemas of one document. A named schema keeps its id when its request (input) form equals its
 * response (output) form, and is `<id>Input` otherwise (defaults make fields optional on input).
 */
export class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  /** Moves `json`'s `$defs` into the components and points its references there. */
  hoist(json: JsonSchema, io: 'input' | 'output'): JsonSchema {
    const defs = (json['$defs'] ?? {}) as Record<string, JsonSchema>;
    delete json['$defs'];
    const names = new Map<string, string>();
    for (const [id, definition] of Object.entries(defs)) {
      const name = io === 'input' && JSON.stringify(definition) !== JSON.stringify(this.#outputForm(id, defs)) ? `${id}Input` : id;
      names.set(id, name);
    }
    const relink = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(relink);
      if (typeof value !== 'object' || value === null) return value;
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        out[key] =
          key === '$ref' && typeof child === 'string' && child.startsWith('#/$defs/')
            ? `#/components/schemas/${names.get(child.slice(8)) ?? child.slice(8)}`
            : relink(child);
      }
      return out;
    };
    for (const [id, definition] of Object.entries(defs)) this.schemas[names.get(id) as string] = relink(definition) as JsonSchema;
    return relink(json) as JsonSchema;
  }

  /** The output form of the named schema `id` (references still local). */
  #outputForm(id: string, defs: Record<string, JsonSchema>): JsonSchema | undefined {
    const schema = namedSchemaById.get(id);
    if (schema === undefined) return defs[id];
    const out = z.toJSONSchema(schema, {
      io: 'output',
      target: 'draft-2020-12',
      unrepresentable: 'throw',
      reused: 'inline',
      metadata: namedSchemas,
    }) as JsonSchema;
    return ((out['$defs'] ?? {}) as Record<string, JsonSchema>)[id];
  }
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

function operationFor<D>(route: ApiRoute<D>, components: Components): OpenApiOperation {
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
      content: { 'application/json': { schema: toJsonSchema(route.response, 'output', components) } },
    };
  }
  responses['400'] = errorResponse(
    'Invalid input (MLP_CORE_VALIDATION, MLP_CORE_INVALID_NAME, MLP_CORE_INVALID_PATH, …), naming the field.',
  );
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
    operation.requestBody = { required: true, content: { 'application/json': { schema: toJsonSchema(route.body, 'input', components) } } };
  } else if (route.rawBody !== undefined) {
    const content: Record<string, { schema: JsonSchema }> = {};
    for (const type of route.rawBody.contentTypes) content[type] = { schema: { type: 'string', format: 'binary' } };
    operation.requestBody = { required: true, content };
  }
  return operation;
}

/**
 * Builds the OpenAPI 3.1 document from the route list — the same definitions that register and validate
 * the routes, so the document cannot drift from the server. Each operation carries `x-mlpilot-role`; the domain
 * objects are named component schemas (`#/components/schemas/Run`, …) referred to by `$ref`.
 */
export function buildOpenApiDocument<D>(
  routes: ReadonlyArray<ApiRoute<D>>,
  options: { prefix: string; title: string; version: string; description?: string },
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  const components = new Components();
  for (const route of routes) {
    const path = openApiPath(routePath(route, options.prefix));
    const item = (paths[path] ??= {});
    item[route.method.toLowerCase() as Lowercase<HttpMethod>] = operationFor(route, components);
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
      schemas: { Error: toJsonSchema(errorBodySchema, 'output'), ...sortedKeys(components.schemas) },
    },
  };
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
