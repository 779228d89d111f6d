import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { EMPTY, RAW } from '../../../src/server/define-route.js';
import { buildOpenApiDocument, openApiPath, routePath, toJsonSchema } from '../../../src/server/openapi.js';
import { apiRoutes } from '../../../src/server/routes/index.js';

const document = buildOpenApiDocument(apiRoutes, { prefix: '/api/v1', title: 'mlpilot API', version: '1' });

describe('the OpenAPI document of the resource routes', () => {
  it('is OpenAPI 3.1 with a bearer security scheme and the error schema', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.schemas['Error']).toMatchObject({ type: 'object', required: ['error'] });
  });

  it('lists every route exactly once with its operationId, role and security', () => {
    const seen = new Set<string>();
    for (const route of apiRoutes) {
      const path = openApiPath(routePath(route, '/api/v1'));
      const operation = document.paths[path]?.[route.method.toLowerCase() as 'get'];
      expect(operation, `${route.method} ${path}`).toBeDefined();
      expect(operation?.operationId).toBe(route.operationId);
      expect(operation?.['x-mlpilot-role']).toBe(route.role);
      expect(operation?.security).toEqual([{ bearerAuth: [] }]);
      expect(seen.has(route.operationId), route.operationId).toBe(false);
      seen.add(route.operationId);
    }
    const operationCount = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(operationCount).toBe(apiRoutes.length);
  });

  it('converts every request and response schema of every route', () => {
    for (const route of apiRoutes) {
      for (const [schema, io] of [
        [route.params, 'input'],
        [route.query, 'input'],
        [route.body, 'input'],
      ] as const) {
        if (schema !== undefined) expect(() => toJsonSchema(schema, io), route.operationId).not.toThrow();
      }
      if (route.response !== RAW && route.response !== EMPTY)
        expect(() => toJsonSchema(route.response as z.ZodType, 'output')).not.toThrow();
    }
  });

  it('declares every path template parameter as a required path parameter', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(item)) {
        const declared = operation.parameters.filter((p) => p.in === 'path');
        expect(declared.map((p) => p.name).sort(), `${path} ${operation.operationId}`).toEqual([...names].sort());
        expect(declared.every((p) => p.required)).toBe(true);
      }
    }
  });

  it('follows the role policy: reads viewer, writes editor, alias moves deployer, tokens and GC admin', () => {
    const role = (id: string) => apiRoutes.find((r) => r.operationId === id)?.role;
    for (const route of apiRoutes) {
      if (route.method === 'GET' && !route.url.startsWith('/tokens') && !route.url.startsWith('/admin')) {
        expect(route.role, route.operationId).toBe('viewer');
      }
    }
    expect(role('searchRuns')).toBe('viewer');
    expect(role('createRun')).toBe('editor');
    expect(role('uploadDatasetVersion')).toBe('editor');
    expect(role('createModelVersion')).toBe('editor');
    expect(role('setModelAlias')).toBe('deployer');
    expect(role('deleteModelAlias')).toBe('deployer');
    expect(role('createToken')).toBe('admin');
    expect(role('listTokens')).toBe('admin');
    expect(role('collectGarbage')).toBe('admin');
  });

  it('maps the artifact wildcard to a {path} parameter and documents raw uploads as binary', () => {
    const upload = document.paths['/api/v1/runs/{id}/artifacts/{path}']?.put;
    expect(upload?.parameters.map((p) => p.name)).toEqual(['id', 'path']);
    expect(upload?.requestBody?.content['application/octet-stream']?.schema).toEqual({ type: 'string', format: 'binary' });
    expect(upload?.responses['413']).toBeDefined();
    const dataset = document.paths['/api/v1/datasets/{name}/versions']?.post;
    expect(Object.keys(dataset?.requestBody?.content ?? {})).toContain('text/csv');
    expect(dataset?.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(['format', 'description', 'filename']);
  });

  it('documents query parameters with their types and required flags', () => {
    const events = document.paths['/api/v1/events']?.get;
    const limit = events?.parameters.find((p) => p.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 10000 } });
    const history = document.paths['/api/v1/runs/{id}/metric-history']?.get;
    expect(history?.parameters.find((p) => p.name === 'key')).toMatchObject({ in: 'query', required: true });
  });

  it('names the domain objects as component schemas and refers to them, every reference resolving', () => {
    expect(document.paths['/api/v1/runs/{id}']?.get?.responses['200']?.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/Run',
    });
    expect(document.components.schemas['Run']).toMatchObject({ type: 'object', required: expect.arrayContaining(['id', 'metrics']) });
    for (const name of ['Experiment', 'Run', 'DatasetVersion', 'ModelVersion', 'Job', 'Event', 'ApiToken'])
      expect(document.components.schemas[name], name).toBeDefined();
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
    // Named objects are referred to, never copied into an operation: Run and Experiment are the ones with a
    // `deleted` flag, and no operation spells it out.
    expect(JSON.stringify(document.paths).includes('"deleted":{"type":"boolean"}')).toBe(false);
  });

  it('converts request bodies on their input side (defaults optional) and responses on their output side', () => {
    const body = toJsonSchema(z.strictObject({ dryRun: z.boolean().default(true) }), 'input');
    expect(body['required'] ?? []).not.toContain('dryRun');
    expect(body['additionalProperties']).toBe(false);
    const gc = document.paths['/api/v1/admin/gc']?.post;
    expect(gc?.requestBody?.content['application/json']?.schema).toMatchObject({
      properties: { dryRun: { type: 'boolean', default: true } },
    });
  });
});
