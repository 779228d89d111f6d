import { describe, expect, it } from 'vitest';

import { ManualClock, isMlpError } from '../../../src/core/index.js';
import { openStore, parseStoreUrl, redactUrl } from '../../../src/store/index.js';

describe('store URLs', () => {
  it('parses sqlite paths and memory', () => {
    expect(parseStoreUrl('sqlite::memory:')).toMatchObject({ kind: 'sqlite', path: ':memory:' });
    expect(parseStoreUrl('sqlite:///tmp/x.db')).toMatchObject({ kind: 'sqlite', path: '/tmp/x.db' });
    expect(parseStoreUrl('sqlite:/tmp/y.db')).toMatchObject({ kind: 'sqlite', path: '/tmp/y.db' });
  });

  it('parses postgres URLs with a schema and redacts passwords', () => {
    const parsed = parseStoreUrl('postgresql://bob:s3cret@db.example:5432/ml?schema=team_a&sslmode=require');
    expect(parsed).toMatchObject({ kind: 'postgres', schema: 'team_a' });
    expect(parsed.redacted).not.toContain('s3cret');
    expect(parsed.kind === 'postgres' && parsed.connectionString).not.toContain('schema=');
    expect(redactUrl('postgres://bob:s3cret@h/db')).toBe('postgres://bob:***@h/db');
    expect(redactUrl('postgres://h/db')).toBe('postgres://h/db');
  });

  it.each(['mysql://h/db', 'http://x', '/plain/path', 'sqlite:'])('rejects %s as unsupported', (url) => {
    try {
      parseStoreUrl(url);
      expect.unreachable();
    } catch (e) {
      expect(isMlpError(e) && e.code).toBe('MLP_STORE_UNSUPPORTED_URL');
    }
  });

  it('rejects a schema name that is not a plain identifier', () => {
    expect(() => parseStoreUrl('postgres://h/db?schema=a;drop')).toThrow();
    expect(() => parseStoreUrl('postgres://h/db?schema=../x')).toThrow();
  });

  it('reports an unreachable PostgreSQL as unavailable, without the password', async () => {
    const error = await openStore({ url: 'postgres://u:hunter2@127.0.0.1:1/none', clock: new ManualClock() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isMlpError(error) && error.code).toBe('MLP_STORE_UNAVAILABLE');
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('opens an in-memory SQLite store with the url shown as given', async () => {
    const store = await openStore({ url: 'sqlite::memory:', clock: new ManualClock() });
    expect(store.dialect).toBe('sqlite');
    expect(store.url).toBe('sqlite::memory:');
    expect((await store.integrityCheck()).ok).toBe(true);
    await store.close();
  });
});
