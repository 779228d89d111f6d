/**
 * Requests refused before any route runs — by fastify's router or by Node's HTTP parser — answer in the documented
 * error shape `{ error: { code, message, details } }` with a catalog code, like every other failure. The parser's
 * refusals never reach fastify's request pipeline, so they are checked over a raw socket.
 */
import { maxHeaderSize } from 'node:http';
import { connect } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

let server: TestServer;
let port = 0;

beforeAll(async () => {
  server = await openTestServer({ auth: false });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  port = (server.app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await server.close();
});

/** Sends `text` as is and returns status, headers and body of the answer (the server closes the connection). */
function rawExchange(text: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const answer = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = answer.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

function expectCatalogShape(body: string, code: string): Record<string, unknown> {
  const parsed = JSON.parse(body) as { error: { code: string; message: string; details: Record<string, unknown> } };
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(Object.keys(parsed.error).sort()).toEqual(['code', 'details', 'message']);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message.length).toBeGreaterThan(10);
  return parsed.error.details;
}

describe('refusals made before any route runs', () => {
  it('answers a URL whose percent-encoding does not decode with 400 MLP_API_BAD_URL', async () => {
    for (const url of ['/api/v1/runs/%E0%A4%A', '/api/v1/experiments/%', '/healthz%zz']) {
      const answer = await server.app.inject({ method: 'GET', url, headers: { host: '127.0.0.1:8080' } });
      expect(answer.statusCode, url).toBe(400);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(expectCatalogShape(answer.body, 'MLP_API_BAD_URL')).toEqual({ url });
    }
  });

  it('answers a path parameter longer than 2048 characters with 414 MLP_API_URI_TOO_LONG', async () => {
    const answer = await server.app.inject({ method: 'GET', url: `/api/v1/experiments/${'a'.repeat(2049)}` });
    expect(answer.statusCode).toBe(414);
    expect(expectCatalogShape(answer.body, 'MLP_API_URI_TOO_LONG')).toEqual({ limit: 2048 });
    const fits = await server.app.inject({ method: 'GET', url: `/api/v1/experiments/${'a'.repeat(2048)}` });
    expect(fits.statusCode).not.toBe(414);
  });

  it('answers headers beyond the parser limit with 431 MLP_API_HEADERS_TOO_LARGE, over a raw socket', async () => {
    for (const request of [
      `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      `GET /api/v1/experiments/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    ]) {
      const answer = await rawExchange(request);
      expect(answer.status).toBe(431);
      expect(answer.headers['content-type']).toBe('application/json');
      expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
      expect(expectCatalogShape(answer.body, 'MLP_API_HEADERS_TOO_LARGE')).toEqual({ limitBytes: maxHeaderSize });
    }
  });

  it('answers bytes that are not HTTP with 400 MLP_API_MALFORMED_REQUEST, over a raw socket', async () => {
    const answer = await rawExchange('GARBAGE\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(expectCatalogShape(answer.body, 'MLP_API_MALFORMED_REQUEST')).toHaveProperty('reason');
  });

  it('still serves well-formed requests on the same server', async () => {
    const answer = await rawExchange('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
  });
});
