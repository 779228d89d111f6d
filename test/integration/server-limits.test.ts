/**
 * Inputs at the edge of what the databases hold answer 400 naming the field, the same on SQLite and PostgreSQL:
 * a filter with too many comparisons, numbers beyond an integer column's range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { storeBackends } from '../fixtures/store/backends.js';
import { openTestServer, type TestServer } from '../fixtures/server/test-workspace.js';

const backends = await storeBackends();
const v1 = '/api/v1';

describe.each(backends)('limits of the REST API on $name', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await openTestServer({ auth: false, databaseUrl: backend.freshUrl() });
  });
  afterAll(async () => {
    await server?.close();
    await backend.cleanup();
  });

  const search = async (filter: string) => {
    const answer = await server.app.inject({ method: 'POST', url: `${v1}/runs/search`, payload: { filter } });
    return { status: answer.statusCode, body: answer.json() };
  };

  it('refuses a filter of more than 50 comparisons with MLP_STORE_SEARCH_SYNTAX naming the limit', async () => {
    const filter = (n: number) => Array.from({ length: n }, (_, i) => `params.p${i} = 'x'`).join(' and ');
    expect((await search(filter(50))).status).toBe(200);
    for (const n of [51, 64, 100]) {
      const answer = await search(filter(n));
      expect(answer.status, `${n} comparisons`).toBe(400);
      expect(answer.body.error.code).toBe('MLP_STORE_SEARCH_SYNTAX');
      expect(answer.body.error.message).toContain('at most 50 comparisons');
    }
  });
});
