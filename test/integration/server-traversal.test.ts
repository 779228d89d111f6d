/**
 * One test per MLflow path-traversal / local-file-inclusion pattern, sent to our API over a real socket (so
 * no client normalises the URL). Each must be refused with 400 or 404, write nothing (no event, no blob) and
 * never serve a file outside the artifact store (`secret.txt` next to `.mlpilot/` holds a sentinel).
 * Traversal is impossible by construction — names are validated ids and artifact paths are keys mapped to
 * sha256 digests — and these tests keep it that way.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { openTestServer, rawRequest, type RawAnswer, type TestServer } from '../fixtures/server/test-workspace.js';

let server: TestServer;
let base = '';
let runId = '';
let before = { events: 0, blobs: 0 };

const editor = () => ({ authorization: `Bearer ${server.secrets.editor}` });
const json = () => ({ ...editor(), 'content-type': 'application/json' });
const octet = () => ({ ...editor(), 'content-type': 'application/octet-stream' });

async function counts(): Promise<{ events: number; blobs: number }> {
  const events = (await server.workspace.store.events.list({ limit: 10_000 })).length;
  let blobs = 0;
  for await (const _ of server.workspace.artifacts.list()) blobs++;
  return { events, blobs };
}

/** The answer is a refusal from the catalog, serves nothing outside the store, and nothing was written. */
async function expectRefused(answer: RawAnswer, statuses: number[], code?: string, field?: string): Promise<void> {
  expect(statuses, answer.body.slice(0, 300)).toContain(answer.statusCode);
  expect(answer.body).not.toContain(server.sentinel);
  expect(answer.body).not.toContain('root:x:0:0');
  const error = answer.json().error;
  expect(typeof error.code).toBe('string');
  if (code !== undefined) expect(error.code).toBe(code);
  if (field !== undefined) expect(error.details['field']).toBe(field);
  expect(await counts()).toEqual(before);
}

beforeAll(async () => {
  server = await openTestServer({ auth: true });
  base = await server.app.listen({ host: '127.0.0.1', port: 0 });
  const experiment = await rawRequest(base, 'POST', '/api/v1/experiments', json(), JSON.stringify({ name: 'cve' }));
  const run = await rawRequest(base, 'POST', '/api/v1/runs', json(), JSON.stringify({ experimentId: experiment.json()['id'] }));
  runId = run.json()['id'] as string;
  await rawRequest(base, 'PUT', `/api/v1/runs/${runId}/artifacts/model/weights.bin`, octet(), 'weights');
  await rawRequest(base, 'POST', '/api/v1/models', json(), JSON.stringify({ name: 'm' }));
});
beforeEach(async () => {
  before = await counts();
});
afterAll(async () => {
  await server.close();
});

describe('MLflow path-traversal CVE patterns against the mlpilot API', () => {
  it('CVE-2023-1177: a model version "source" pointing at a server path is not a field, and artifactPath must be relative', async () => {
    const source = await rawRequest(
      base,
      'POST',
      '/api/v1/models/m/versions',
      json(),
      JSON.stringify({ runId, artifactPath: 'model', source: 'file:///etc/' }),
    );
    await expectRefused(source, [400], 'MLP_CORE_VALIDATION', 'body.source');
    const absolute = await rawRequest(
      base,
      'POST',
      '/api/v1/models/m/versions',
      json(),
      JSON.stringify({ runId, artifactPath: '/etc/passwd' }),
    );
    await expectRefused(absolute, [400], 'MLP_CORE_INVALID_PATH', 'body.artifactPath');
    const fileUri = await rawRequest(
      base,
      'POST',
      '/api/v1/models/m/versions',
      json(),
      JSON.stringify({ runId, artifactPath: 'file:///etc/passwd' }),
    );
    await expectRefused(fileUri, [400], 'MLP_CORE_INVALID_PATH', 'body.artifactPath');
    const nothing = await rawRequest(base, 'GET', '/api/v1/models/m/versions/1', editor());
    await expectRefused(nothing, [404], 'MLP_STORE_NOT_FOUND');
  });

  it('CVE-2023-2356 / mlflow#7166: get-artifact with path=../../../../etc/passwd', async () => {
    const plain = await rawRequest(base, 'GET', `/api/v1/runs/${runId}/artifacts/../../../../../../secret.txt`, editor());
    await expectRefused(plain, [400, 404]);
    const nested = await rawRequest(base, 'GET', `/api/v1/runs/${runId}/artifacts/model/../../../../secret.txt`, editor());
    await expectRefused(nested, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
    const upload = await rawRequest(base, 'PUT', `/api/v1/runs/${runId}/artifacts/model/../../../../secret.txt`, octet(), 'overwrite');
    await expectRefused(upload, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
  });

  it('CVE-2023-2780: backslash traversal (\\..\\..\\file) for Windows hosts', async () => {
    const encoded = await rawRequest(base, 'GET', `/api/v1/runs/${runId}/artifacts/model%5C..%5C..%5Csecret.txt`, editor());
    await expectRefused(encoded, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
    const body = await rawRequest(
      base,
      'POST',
      '/api/v1/models/m/versions',
      json(),
      JSON.stringify({ runId, artifactPath: 'model\\..\\..\\secret.txt' }),
    );
    await expectRefused(body, [400], 'MLP_CORE_INVALID_PATH', 'body.artifactPath');
  });

  it('CVE-2023-6977: an is_local_uri bypass with //proc/self/root', async () => {
    const body = await rawRequest(
      base,
      'POST',
      '/api/v1/models/m/versions',
      json(),
      JSON.stringify({ runId, artifactPath: '//proc/self/root/etc/passwd' }),
    );
    await expectRefused(body, [400], 'MLP_CORE_INVALID_PATH', 'body.artifactPath');
    const url = await rawRequest(base, 'GET', `/api/v1/runs/${runId}/artifacts//proc/self/root/etc/passwd`, editor());
    await expectRefused(url, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
  });

  it('CVE-2023-6909 / CVE-2024-3848: a "#" fragment smuggling a path', async () => {
    const location = await rawRequest(
      base,
      'POST',
      '/api/v1/experiments',
      json(),
      JSON.stringify({ name: 'x', artifactLocation: 'http:///#/../../../../etc/' }),
    );
    await expectRefused(location, [400], 'MLP_CORE_VALIDATION', 'body.artifactLocation');
    const fragment = await rawRequest(base, 'GET', `/api/v1/runs/${runId}/artifacts/model%23/../../secret.txt`, editor());
    await expectRefused(fragment, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
    const upload = await rawRequest(base, 'PUT', `/api/v1/runs/${runId}/artifacts/model%23x`, octet(), 'x');
    await expectRefused(upload, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
  });

  it('CVE-2024-1483: "?" or "#" in the artifact location with a file:///etc/ source', async () => {
    const query = await rawRequest(base, 'PUT', `/api/v1/runs/${runId}/artifacts/a%3F/../../../secret.txt`, octet(), 'x');
    await expectRefused(query, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
    const qmark = await rawRequest(base, 'PUT', `/api/v1/runs/${runId}/artifacts/a%3Fb`, octet(), 'x');
    await expectRefused(qmark, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
    const source = await rawRequest(
      base,
      'POST',
      '/api/v1/models/m/versions',
      json(),
      JSON.stringify({ runId, artifactPath: 'model', source: 'file:///etc/' }),
    );
    await expectRefused(source, [400], 'MLP_CORE_VALIDATION', 'body.source');
  });

  it('CVE-2024-1594: a fragment in the experiment artifact location or name', async () => {
    const name = await rawRequest(base, 'POST', '/api/v1/experiments', json(), JSON.stringify({ name: 'x#/../../etc' }));
    await expectRefused(name, [400], 'MLP_CORE_INVALID_NAME', 'body.name');
  });

  it('CVE-2024-1558: ".." after a valid run artifact prefix in a model version source', async () => {
    const body = await rawRequest(
      base,
      'POST',
      '/api/v1/models/m/versions',
      json(),
      JSON.stringify({ runId, artifactPath: 'model/../../../../secret.txt' }),
    );
    await expectRefused(body, [400], 'MLP_CORE_INVALID_PATH', 'body.artifactPath');
    const runRef = await rawRequest(
      base,
      'POST',
      '/api/v1/models/m/versions',
      json(),
      JSON.stringify({ runId: `${runId}/../..`, artifactPath: 'model' }),
    );
    await expectRefused(runRef, [400], 'MLP_CORE_VALIDATION', 'body.runId');
  });

  it('CVE-2023-6831 / CVE-2024-1560: double URL-encoded traversal (%252e%252e%252f)', async () => {
    const doubled = await rawRequest(base, 'PUT', `/api/v1/runs/${runId}/artifacts/..%252f..%252fsecret.txt`, octet(), 'x');
    await expectRefused(doubled, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
    const dots = await rawRequest(base, 'GET', `/api/v1/runs/${runId}/artifacts/%252e%252e/%252e%252e/secret.txt`, editor());
    await expectRefused(dots, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
    const single = await rawRequest(base, 'GET', `/api/v1/runs/${runId}/artifacts/..%2f..%2fsecret.txt`, editor());
    await expectRefused(single, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
  });

  it('CVE-2024-1593: ";" path parameters smuggling ".."', async () => {
    const semi = await rawRequest(base, 'GET', `/api/v1/runs/${runId}/artifacts/model;/../../secret.txt`, editor());
    await expectRefused(semi, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
    const dotSemi = await rawRequest(base, 'PUT', `/api/v1/runs/${runId}/artifacts/..;/..;/secret.txt`, octet(), 'x');
    await expectRefused(dotSemi, [400], 'MLP_CORE_INVALID_PATH', 'params.path');
  });

  it('CVE-2024-3573: file: and empty-scheme URIs treated as local', async () => {
    for (const artifactPath of ['file:secret.txt', 'file://localhost/etc/passwd', 's3:bucket/key']) {
      const answer = await rawRequest(base, 'POST', '/api/v1/models/m/versions', json(), JSON.stringify({ runId, artifactPath }));
      await expectRefused(answer, [400], 'MLP_CORE_INVALID_PATH', 'body.artifactPath');
    }
  });

  it('path-like names anywhere: dataset, model, alias, experiment, token, filename', async () => {
    const csv = { ...editor(), 'content-type': 'text/csv' };
    await expectRefused(
      await rawRequest(base, 'POST', '/api/v1/datasets/..%2f..%2fetc%2fpasswd/versions', csv, 'a\n1\n'),
      [400],
      'MLP_CORE_INVALID_NAME',
      'params.name',
    );
    await expectRefused(
      await rawRequest(base, 'POST', '/api/v1/datasets/%2Fetc%2Fpasswd/versions', csv, 'a\n1\n'),
      [400],
      'MLP_CORE_INVALID_NAME',
      'params.name',
    );
    await expectRefused(
      await rawRequest(base, 'POST', '/api/v1/datasets/ok/versions?filename=..%2F..%2Fx.csv', csv, 'a\n1\n'),
      [400],
      'MLP_CORE_INVALID_NAME',
      'query.filename',
    );
    await expectRefused(
      await rawRequest(base, 'POST', '/api/v1/datasets/ok/versions?source=file:///etc/passwd', csv, 'a\n1\n'),
      [400],
      'MLP_CORE_VALIDATION',
      'query.source',
    );
    await expectRefused(
      await rawRequest(base, 'POST', '/api/v1/datasets/a%00b/versions', csv, 'a\n1\n'),
      [400],
      'MLP_CORE_INVALID_NAME',
      'params.name',
    );
    await expectRefused(
      await rawRequest(base, 'POST', '/api/v1/models', json(), JSON.stringify({ name: '/etc/passwd' })),
      [400],
      'MLP_CORE_INVALID_NAME',
      'body.name',
    );
    await expectRefused(
      await rawRequest(base, 'POST', '/api/v1/models', json(), JSON.stringify({ name: 'a\u0000b' })),
      [400],
      'MLP_CORE_INVALID_NAME',
      'body.name',
    );
    await expectRefused(
      await rawRequest(base, 'POST', '/api/v1/experiments', json(), JSON.stringify({ name: '..' })),
      [400],
      'MLP_CORE_INVALID_NAME',
      'body.name',
    );
    const deployer = { authorization: `Bearer ${server.secrets.deployer}`, 'content-type': 'application/json' };
    await expectRefused(
      await rawRequest(base, 'PUT', '/api/v1/models/m/aliases/..%2F..%2Fx', deployer, '{"version":1}'),
      [400],
      'MLP_CORE_INVALID_NAME',
      'params.alias',
    );
    const admin = { authorization: `Bearer ${server.secrets.admin}`, 'content-type': 'application/json' };
    await expectRefused(
      await rawRequest(base, 'POST', '/api/v1/tokens', admin, JSON.stringify({ name: '../t', role: 'viewer', owner: 'x' })),
      [400],
      'MLP_CORE_INVALID_NAME',
      'body.name',
    );
    await expectRefused(
      await rawRequest(base, 'GET', '/api/v1/runs/..%2F..%2Fsecret.txt', editor()),
      [400],
      'MLP_CORE_VALIDATION',
      'params.id',
    );
    await expectRefused(
      await rawRequest(base, 'GET', '/api/v1/runs/a%00b/artifacts/x', editor()),
      [400],
      'MLP_CORE_VALIDATION',
      'params.id',
    );
  });

  it('an artifact path with a NUL byte, and one that is only a key, not a file', async () => {
    await expectRefused(
      await rawRequest(base, 'PUT', `/api/v1/runs/${runId}/artifacts/a%00.bin`, octet(), 'x'),
      [400],
      'MLP_CORE_INVALID_PATH',
      'params.path',
    );
    // A well-formed path that was never logged is a 404 even when a file of that name exists on disk.
    await expectRefused(
      await rawRequest(base, 'GET', `/api/v1/runs/${runId}/artifacts/secret.txt`, editor()),
      [404],
      'MLP_STORE_NOT_FOUND',
    );
  });
});
