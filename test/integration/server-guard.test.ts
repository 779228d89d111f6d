/**
 * The loopback server with auth off trusts every request, so it must not be reachable from a browser page of
 * another site: a route takes only the media types it declares (a `text/plain` POST needs no CORS preflight), a
 * foreign `Origin` is refused, and so is a foreign `Host` (DNS rebinding).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

const v1 = '/api/v1';
const interop = join(import.meta.dirname, '../fixtures/ml/interop');
const xgbModel = readFileSync(join(interop, 'xgb-regression.model.json'));
const features = (JSON.parse(readFileSync(join(interop, 'xgb-regression.cases.json'), 'utf8')) as { features: string[] }).features;
const importUrl = `${v1}/models/xgb/import?flavor=xgboost-json&features=${features.join(',')}`;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function open(settings: Record<string, unknown> = {}): Promise<TestServer> {
  server = await openTestServer({ auth: false, server: settings });
  return server;
}

async function modelVersions(s: TestServer): Promise<number[]> {
  const answer = await s.app.inject({ method: 'GET', url: `${v1}/models/xgb/versions`, headers: { host: '127.0.0.1:8080' } });
  return answer.statusCode === 404 ? [] : answer.json().versions.map((v: { version: number }) => v.version);
}

describe('media types per route', () => {
  it('refuses a text/plain upload to a route that declares only application/octet-stream, storing nothing', async () => {
    const s = await open();
    const answer = await s.app.inject({
      method: 'POST',
      url: importUrl,
      headers: { host: '127.0.0.1:8080', 'content-type': 'text/plain' },
      payload: xgbModel,
    });
    expect(answer.statusCode).toBe(415);
    expect(answer.json().error).toMatchObject({
      code: 'MLP_API_UNSUPPORTED_MEDIA_TYPE',
      details: { contentType: 'text/plain', accepted: ['application/octet-stream'] },
    });
    expect(await modelVersions(s)).toEqual([]);
    const good = await s.app.inject({
      method: 'POST',
      url: importUrl,
      headers: { host: '127.0.0.1:8080', 'content-type': 'application/octet-stream' },
      payload: xgbModel,
    });
    expect(good.statusCode).toBe(201);
  });

  it('refuses a text/plain body on a route without a body (a preflight-free cross-site POST)', async () => {
    const s = await open();
    const experiment = await s.workspace.store.experiments.create({ name: 'e' }, { actor: 't' });
    const run = await s.workspace.store.runs.create({ experimentId: experiment.id }, { actor: 't' });
    await s.workspace.store.runs.delete(run.id, { actor: 't' });
    const answer = await s.app.inject({
      method: 'POST',
      url: `${v1}/runs/${run.id}/restore`,
      headers: { host: '127.0.0.1:8080', 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(answer.statusCode).toBe(415);
    expect(answer.json().error.details.accepted).toEqual(['application/json']);
    expect((await s.workspace.store.runs.get(run.id)).deleted).toBe(true);
  });
});

describe('Origin and Host while auth is off', () => {
  it('refuses a foreign Origin before anything is read or written', async () => {
    const s = await open();
    for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example:8080', 'null', 'http://localhost:9999']) {
      const answer = await s.app.inject({
        method: 'POST',
        url: importUrl,
        headers: { host: 'localhost:8080', origin, 'content-type': 'application/octet-stream' },
        payload: xgbModel,
      });
      expect(answer.statusCode, origin).toBe(403);
      expect(answer.json().error).toMatchObject({ code: 'MLP_API_FORBIDDEN_ORIGIN', details: { origin } });
    }
    expect(await modelVersions(s)).toEqual([]);
    const events = await s.workspace.store.events.list({});
    expect(events.filter((e) => e.actor !== 'setup')).toEqual([]);
  });

  it('refuses a foreign Host (DNS rebinding), also on reads and unknown routes', async () => {
    const s = await open();
    for (const host of ['evil.example:8080', 'evil.example', '127.0.0.1.evil.example', '192.168.1.5:8080', 'local host']) {
      for (const url of [`${v1}/experiments`, `${v1}/no-such-route`, '/healthz']) {
        const answer = await s.app.inject({ method: 'GET', url, headers: { host } });
        expect(answer.statusCode, `${host} ${url}`).toBe(421);
        expect(answer.json().error).toMatchObject({ code: 'MLP_API_FORBIDDEN_HOST', details: { host } });
      }
    }
  });

  it('answers the loopback names with their own http origin', async () => {
    const s = await open();
    for (const [i, host] of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080', 'LOCALHOST', '127.0.0.1'].entries()) {
      const answer = await s.app.inject({
        method: 'POST',
        url: `${v1}/experiments`,
        headers: { host, origin: `http://${host.toLowerCase()}` },
        payload: { name: `e${i}` },
      });
      expect(answer.statusCode, host).toBe(201);
    }
    // No Origin (curl, the CLI) is fine too.
    expect((await s.app.inject({ method: 'GET', url: `${v1}/experiments`, headers: { host: 'localhost:8080' } })).statusCode).toBe(200);
  });

  it('answers configured extra hosts and origins, and only those', async () => {
    const s = await open({ allowedHosts: ['box.lan:8080'], allowedOrigins: ['http://localhost:5173'] });
    const get = (headers: Record<string, string>) => s.app.inject({ method: 'GET', url: `${v1}/experiments`, headers });
    expect((await get({ host: 'box.lan:8080', origin: 'http://box.lan:8080' })).statusCode).toBe(200);
    expect((await get({ host: 'box.lan:9090' })).statusCode).toBe(421);
    expect((await get({ host: '127.0.0.1:8080', origin: 'http://localhost:5173' })).statusCode).toBe(200);
    expect((await get({ host: '127.0.0.1:8080', origin: 'http://localhost:5174' })).statusCode).toBe(403);
  });

  it('does not guard when auth is on (a browser cannot attach the bearer token cross-site)', async () => {
    server = await openTestServer({ auth: true });
    const answer = await server.app.inject({
      method: 'GET',
      url: `${v1}/experiments`,
      headers: { host: 'mlpilot.example.com', origin: 'https://dash.example.com', authorization: `Bearer ${server.secrets.viewer}` },
    });
    expect(answer.statusCode).toBe(200);
  });
});
