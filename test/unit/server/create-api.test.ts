import { request as httpRequest } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';

import { NotFoundError, silentLogger } from '../../../src/core/index.js';
import { createApi } from '../../../src/server/create-api.js';
import { EMPTY, RAW, RawReply, routeFactory } from '../../../src/server/define-route.js';
import { createApiMetrics } from '../../../src/server/metrics.js';
import type { Principal } from '../../../src/server/roles.js';
import { zName, zRelPath } from '../../../src/server/validation.js';

interface Deps {
  writes: Array<{ actor: string; what: string }>;
}
const defineRoute = routeFactory<Deps>();

const routes = [
  defineRoute({
    method: 'POST',
    url: '/things',
    operationId: 'createThing',
    role: 'editor',
    summary: 'create a thing',
    tags: ['things'],
    body: z.strictObject({ name: zName(), count: z.number().int(), tags: z.record(z.string(), z.string()).optional() }),
    status: 201,
    response: z.object({ name: z.string(), actor: z.string() }),
    handler: async ({ body, write, deps }) => {
      deps.writes.push({ actor: write.actor, what: body.name });
      // The extra key must be stripped by the response schema.
      return { name: body.name, actor: write.actor, secret: 'never-sent' } as { name: string; actor: string };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/things/:name',
    operationId: 'getThing',
    role: 'viewer',
    summary: 'get a thing',
    tags: ['things'],
    params: z.object({ name: zName() }),
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(10).optional() }),
    response: z.object({ name: z.string(), limit: z.number().nullable() }),
    handler: async ({ params, query }) => {
      if (params.name === 'missing') throw NotFoundError({ entity: 'thing', key: params.name });
      if (params.name === 'boom') throw new TypeError('secret internal detail at /srv/app.js:12');
      if (params.name === 'badshape') return { name: 42 } as unknown as { name: string; limit: null };
      return { name: params.name, limit: query.limit ?? null };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/files/*',
    operationId: 'putFile',
    role: 'editor',
    summary: 'upload bytes',
    tags: ['things'],
    params: z.object({ path: zRelPath() }),
    rawBody: { contentTypes: ['application/octet-stream', 'text/csv'] },
    response: z.object({ path: z.string(), size: z.number() }),
    handler: async ({ params, body, deps, write }) => {
      deps.writes.push({ actor: write.actor, what: `file:${params.path}` });
      return { path: params.path, size: body.length };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/files/*',
    operationId: 'getFile',
    role: 'viewer',
    summary: 'download bytes',
    tags: ['things'],
    params: z.object({ path: zRelPath() }),
    response: RAW,
    handler: async ({ params }) => new RawReply(Buffer.from(`content of ${params.path}`), 'application/octet-stream'),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/things/:name',
    operationId: 'deleteThing',
    role: 'admin',
    summary: 'delete a thing',
    tags: ['things'],
    params: z.object({ name: zName() }),
    response: EMPTY,
    handler: async () => undefined,
  }),
];

const tokens: Record<string, Principal> = {
  'view-secret': { owner: 'vera', role: 'viewer', tokenId: 't1' },
  'edit-secret': { owner: 'eddie', role: 'editor', tokenId: 't2' },
  'admin-secret': { owner: 'ada', role: 'admin', tokenId: 't3' },
};

async function build(authEnabled: boolean, deps: Deps, uploadLimitBytes = 1024): Promise<FastifyInstance> {
  return createApi({
    routes,
    deps,
    auth: { enabled: authEnabled, localActor: 'local-user', verify: async (secret) => tokens[secret] },
    logger: silentLogger,
    metrics: createApiMetrics({ defaultMetrics: false }),
    uploadLimitBytes,
  });
}

describe('createApi with auth enabled', () => {
  const deps: Deps = { writes: [] };
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await build(true, deps);
  });
  afterAll(async () => {
    await app.close();
  });
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

  it('answers 401 without a token, before looking at the body', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/things', payload: { nonsense: true } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('MLP_AUTH_UNAUTHENTICATED');
    expect(deps.writes).toHaveLength(0);
    // fastify's automatic HEAD twin of a GET route shares its hooks.
    expect((await app.inject({ method: 'HEAD', url: '/api/v1/things/a' })).statusCode).toBe(401);
  });

  it('answers 401 for an unknown token and for a non-bearer header', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/things/a', headers: bearer('nope') })).statusCode).toBe(401);
    const basic = await app.inject({ method: 'GET', url: '/api/v1/things/a', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.statusCode).toBe(401);
  });

  it('answers 403 when the role is below the declared one', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: bearer('view-secret'),
      payload: { name: 'a', count: 1 },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'MLP_AUTH_FORBIDDEN', details: { required: 'editor', actual: 'viewer' } });
    expect(deps.writes).toHaveLength(0);
  });

  it('runs the handler with the token owner as actor and serialises through the response schema', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: bearer('edit-secret'),
      payload: { name: 'a', count: 1 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ name: 'a', actor: 'eddie' });
    expect(deps.writes).toEqual([{ actor: 'eddie', what: 'a' }]);
  });

  it('a higher role passes a lower requirement', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/things/x?limit=3', headers: bearer('admin-secret') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'x', limit: 3 });
  });

  it('names the dotted field of a wrong type, an unknown key and a bad name', async () => {
    const h = bearer('edit-secret');
    const wrongType = await app.inject({ method: 'POST', url: '/api/v1/things', headers: h, payload: { name: 'a', count: 'many' } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field: 'body.count' } });
    const nested = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: h,
      payload: { name: 'a', count: 1, tags: { t: 5 } },
    });
    expect(nested.json().error.details.field).toBe('body.tags.t');
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: h,
      payload: { name: 'a', count: 1, source: 'file:///etc' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.field).toBe('body.source');
    const badName = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: h,
      payload: { name: '../../etc/passwd', count: 1 },
    });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error).toMatchObject({
      code: 'MLP_CORE_INVALID_NAME',
      details: { field: 'body.name', value: '../../etc/passwd' },
    });
    const badQuery = await app.inject({ method: 'GET', url: '/api/v1/things/x?limit=99', headers: h });
    expect(badQuery.json().error).toMatchObject({ code: 'MLP_CORE_VALIDATION', details: { field: 'query.limit' } });
    expect(deps.writes).toHaveLength(1);
  });

  it('rejects malformed JSON and a missing body as validation errors', async () => {
    const h = { ...bearer('edit-secret'), 'content-type': 'application/json' };
    const bad = await app.inject({ method: 'POST', url: '/api/v1/things', headers: h, payload: '{"name": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('MLP_CORE_VALIDATION');
    const none = await app.inject({ method: 'POST', url: '/api/v1/things', headers: bearer('edit-secret') });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details.field).toBe('body');
  });

  it('maps catalog errors to their status and hides unexpected errors', async () => {
    const h = bearer('view-secret');
    const missing = await app.inject({ method: 'GET', url: '/api/v1/things/missing', headers: h });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: 'MLP_STORE_NOT_FOUND', message: 'thing "missing" not found.', details: { entity: 'thing', key: 'missing' } },
    });
    const boom = await app.inject({ method: 'GET', url: '/api/v1/things/boom', headers: h });
    expect(boom.statusCode).toBe(500);
    expect(boom.json().error.code).toBe('MLP_CORE_INTERNAL');
    expect(boom.body).not.toContain('secret internal detail');
    expect(boom.body).not.toContain('/srv/app.js');
    const badShape = await app.inject({ method: 'GET', url: '/api/v1/things/badshape', headers: h });
    expect(badShape.statusCode).toBe(500);
    expect(badShape.json().error.code).toBe('MLP_CORE_INTERNAL');
  });

  it('answers unknown routes with MLP_API_ROUTE_NOT_FOUND', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'MLP_API_ROUTE_NOT_FOUND', details: { method: 'GET', url: '/api/v1/nothing-here' } });
  });

  it('takes raw uploads, checks the wildcard path, the content type and the size limit', async () => {
    const h = bearer('edit-secret');
    const ok = await app.inject({
      method: 'PUT',
      url: '/api/v1/files/model/weights.bin',
      headers: { ...h, 'content-type': 'application/octet-stream' },
      payload: Buffer.from([1, 2, 3]),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ path: 'model/weights.bin', size: 3 });
    const json = await app.inject({ method: 'PUT', url: '/api/v1/files/a.bin', headers: h, payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
    expect(json.json().error).toMatchObject({
      code: 'MLP_API_UNSUPPORTED_MEDIA_TYPE',
      details: { accepted: ['application/octet-stream', 'text/csv'] },
    });
    const xml = await app.inject({
      method: 'PUT',
      url: '/api/v1/files/a.bin',
      headers: { ...h, 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('MLP_API_UNSUPPORTED_MEDIA_TYPE');
    const big = await app.inject({
      method: 'PUT',
      url: '/api/v1/files/big.bin',
      headers: { ...h, 'content-type': 'application/octet-stream' },
      payload: Buffer.alloc(2048),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'MLP_API_BODY_TOO_LARGE', details: { limitBytes: 1024 } });
    const csvToJson = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { ...h, 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(csvToJson.statusCode).toBe(415);
    expect(deps.writes.filter((w) => w.what.startsWith('file:'))).toEqual([{ actor: 'eddie', what: 'file:model/weights.bin' }]);
  });

  it('refuses traversal in the wildcard path as sent on the wire', async () => {
    // A real socket, because inject() resolves "%2e%2e" segments on the client side like a browser would.
    const h = { ...bearer('edit-secret'), 'content-type': 'application/octet-stream' };
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    for (const url of [
      '/api/v1/files/..%2f..%2fetc%2fpasswd',
      '/api/v1/files/a/%2e%2e/b',
      '/api/v1/files/a/../../b',
      '/api/v1/files/a%5c..%5cb',
      '/api/v1/files/a%00b',
      '/api/v1/files//etc/passwd',
    ]) {
      const res = await rawRequest(address, 'PUT', url, h, Buffer.from('x'));
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('MLP_CORE_INVALID_PATH');
      expect(res.json().error.details.field, url).toBe('params.path');
    }
    expect(deps.writes.filter((w) => w.what.startsWith('file:'))).toHaveLength(1);
  });

  it('downloads raw content and answers 204 for empty routes', async () => {
    const got = await app.inject({ method: 'GET', url: '/api/v1/files/a/b.txt', headers: bearer('view-secret') });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.body).toBe('content of a/b.txt');
    const del = await app.inject({ method: 'DELETE', url: '/api/v1/things/a', headers: bearer('admin-secret') });
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
  });

  it('serves /healthz without a token and /metrics only with one', async () => {
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', checks: {} });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const metrics = await app.inject({ method: 'GET', url: '/metrics', headers: bearer('view-secret') });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(
      /mlpilot_http_request_duration_seconds_count\{route="\/api\/v1\/things\/:name",method="GET",status_code="404"\} [1-9]/,
    );
    expect(metrics.body).not.toContain('edit-secret');
    expect(metrics.body).not.toContain('missing');
  });
});

describe('createApi with auth disabled', () => {
  it('trusts every request as the local user', async () => {
    const deps: Deps = { writes: [] };
    const app = await build(false, deps);
    const res = await app.inject({ method: 'POST', url: '/api/v1/things', payload: { name: 'b', count: 2 } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ name: 'b', actor: 'local-user' });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    await app.close();
  });
});

/** Sends `path` byte for byte (no URL normalisation) and returns status and parsed JSON. */
function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ statusCode: number; json: () => { error: { code: string; details: Record<string, unknown> } } }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ statusCode: res.statusCode ?? 0, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
