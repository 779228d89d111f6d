import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { resolveConfig, silentLogger, ManualClock } from '../../src/core/index.js';
import { isLoopbackHost, roleBelow, startServer, type ApiRole, type OpenApiDocument } from '../../src/server/index.js';
import { Workspace } from '../../src/workspace/index.js';
import { openTestServer, rawRequest, type TestServer } from '../fixtures/server/test-workspace.js';

/** Values for path parameters: well-formed but naming nothing, so a permitted call ends in 400/404, not a write. */
const FAKE_PARAMS: Record<string, string> = {
  id: '01zzzzzzzzzzzzzzzzzzzzzzzz',
  name: 'no-such-thing',
  version: '1',
  alias: 'champion',
  path: 'no/such/file.bin',
  model: 'no-such-model',
};

interface Operation {
  method: string;
  path: string;
  url: string;
  role: string;
  rawContentType: string | undefined;
}

let server: TestServer;
let operations: Operation[] = [];

beforeAll(async () => {
  server = await openTestServer({ auth: true });
  // The walk is driven by the document the server serves, so a new route is covered without touching this file.
  const res = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  const document = res.json() as OpenApiDocument;
  operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
        const value = FAKE_PARAMS[name];
        if (value === undefined) throw new TypeError(`no fake value for path parameter ${name}; add one to FAKE_PARAMS`);
        return value;
      });
      const content = operation.requestBody?.content ?? {};
      const rawContentType = Object.keys(content).find((type) => type !== 'application/json');
      return { method: method.toUpperCase(), path, url, role: operation['x-mlpilot-role'], rawContentType };
    }),
  );
});
afterAll(async () => {
  await server.close();
});

function send(op: Operation, secret: string | undefined) {
  const headers: Record<string, string> = secret === undefined ? {} : { authorization: `Bearer ${secret}` };
  if (op.method === 'GET' || op.method === 'DELETE') return server.app.inject({ method: op.method as 'GET', url: op.url, headers });
  if (op.rawContentType !== undefined) {
    return server.app.inject({
      method: op.method as 'PUT',
      url: op.url,
      headers: { ...headers, 'content-type': op.rawContentType },
      payload: 'x',
    });
  }
  return server.app.inject({ method: op.method as 'POST', url: op.url, headers, payload: {} });
}

describe('every operation in the served OpenAPI document', () => {
  it('includes the resource, system and admin routes', () => {
    const ids = operations.map((op) => `${op.method} ${op.path}`);
    expect(operations.length).toBeGreaterThan(40);
    expect(ids).toContain('GET /healthz');
    expect(ids).toContain('GET /metrics');
    expect(ids).toContain('PUT /api/v1/models/{name}/aliases/{alias}');
    expect(ids).toContain('POST /api/v1/admin/gc');
    for (const op of operations) expect(['public', 'viewer', 'editor', 'deployer', 'admin'], `${op.method} ${op.path}`).toContain(op.role);
  });

  it('answers 401 without a token (public routes excepted)', async () => {
    for (const op of operations) {
      const res = await send(op, undefined);
      if (op.role === 'public') expect(res.statusCode, `${op.method} ${op.path}`).not.toBe(401);
      else {
        expect(res.statusCode, `${op.method} ${op.path}`).toBe(401);
        expect(res.json().error.code).toBe('MLP_AUTH_UNAUTHENTICATED');
      }
    }
  });

  it('answers 401 for an unknown token', async () => {
    for (const op of operations.filter((o) => o.role !== 'public')) {
      expect((await send(op, 'mlp_not-a-real-token')).statusCode, `${op.method} ${op.path}`).toBe(401);
    }
  });

  it('answers 403 to a token one role below the declared role', async () => {
    let checked = 0;
    for (const op of operations) {
      if (op.role === 'public' || op.role === 'viewer') continue;
      const below = roleBelow(op.role as ApiRole) as ApiRole;
      const res = await send(op, server.secrets[below]);
      expect(res.statusCode, `${op.method} ${op.path} as ${below}`).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'MLP_AUTH_FORBIDDEN', details: { required: op.role, actual: below } });
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('lets the declared role through (any answer but 401/403)', async () => {
    for (const op of operations) {
      const role = (op.role === 'public' ? 'viewer' : op.role) as ApiRole;
      const res = await send(op, server.secrets[role]);
      expect([401, 403], `${op.method} ${op.path} as ${role}: ${res.body.slice(0, 200)}`).not.toContain(res.statusCode);
      expect(res.statusCode, `${op.method} ${op.path}`).toBeLessThan(500);
    }
  });

  it('wrote nothing on behalf of refused requests', async () => {
    const events = await server.workspace.store.events.list({ limit: 10_000 });
    const byRefused = events.filter(
      (e) => e.actor !== 'setup' && e.actor !== 'editor-owner' && e.actor !== 'admin-owner' && e.actor !== 'deployer-owner',
    );
    expect(byRefused).toEqual([]);
  });
});

describe('binding', () => {
  it('tells loopback hosts from others', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2', 'LOCALHOST']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '', '127.0.0.1.evil.com'])
      expect(isLoopbackHost(host), host).toBe(false);
  });

  it('refuses a non-loopback host when auth is disabled, before opening a socket', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const cwd = mkdtempSync(join(tmpdir(), 'mlpilot-bind-'));
    const workspace = await Workspace.open({ cwd, config: resolveConfig({}), clock: new ManualClock(), logger: silentLogger, actor: 'me' });
    try {
      for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
        await expect(startServer({ workspace, host, port: 0, actor: 'me' }), host).rejects.toMatchObject({
          code: 'MLP_SERVER_UNSAFE_BIND',
        });
      }
      const controller = new AbortController();
      const running = await startServer({ workspace, host: '127.0.0.1', port: 0, actor: 'me', signal: controller.signal });
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await rawRequest(running.url, 'GET', '/healthz', {});
      expect(health.statusCode).toBe(200);
      const created = await rawRequest(
        running.url,
        'POST',
        '/api/v1/experiments',
        { 'content-type': 'application/json' },
        '{"name":"local"}',
      );
      expect(created.statusCode).toBe(201);
      const events = await workspace.store.events.list({});
      expect(events.map((e) => e.actor)).toEqual(['me']);
      controller.abort();
      await running.close();
    } finally {
      await workspace.close();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
