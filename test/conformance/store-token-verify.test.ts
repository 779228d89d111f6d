/**
 * Verifying an API token is a read on every backend: an unknown or revoked secret never writes, and a live token's
 * last use is recorded at most once per interval (checked with the injected clock and by counting the SQL the
 * store runs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/core/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { storeBackends } from '../fixtures/store/backends.js';

const backends = await storeBackends();
const ctx = { actor: 'admin' };
const T0 = Date.UTC(2026, 0, 1);

describe.each(backends)('token verification on $name', (backend) => {
  let store: Store;
  const clock = new ManualClock(T0);
  const statements: string[] = [];
  /** The writing statements run while `fn` ran (transaction starts, updates, inserts, deletes). */
  const writesDuring = async (fn: () => Promise<unknown>): Promise<string[]> => {
    statements.length = 0;
    await fn();
    return statements.filter((q) => /^\s*(begin|update|insert|delete)\b/i.test(q));
  };
  let secret = '';
  let tokenId = '';
  const lastUsed = async (): Promise<number | null> => (await store.tokens.list()).find((t) => t.id === tokenId)?.lastUsedAt ?? null;

  beforeAll(async () => {
    store = await openStore({ url: backend.freshUrl(), clock, onQuery: (q) => statements.push(q) });
    const issued = await store.tokens.issue({ name: 'ci', role: 'viewer', owner: 'ci-bot' }, ctx);
    secret = issued.secret;
    tokenId = issued.token.id;
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('answers an unknown secret with undefined and writes nothing', async () => {
    const unknown = `mlp_${'x'.repeat(43)}`;
    expect(await writesDuring(async () => expect(await store.tokens.verify(unknown)).toBeUndefined())).toEqual([]);
    expect(await writesDuring(() => store.tokens.verify('not-even-a-token'))).toEqual([]);
    expect(await lastUsed()).toBeNull();
  });

  it('records the first use, then no write until 60 s have passed, then the next use', async () => {
    const first = await writesDuring(async () => expect((await store.tokens.verify(secret))?.id).toBe(tokenId));
    expect(first.length).toBeGreaterThan(0);
    expect(await lastUsed()).toBe(T0);

    for (const step of [1, 30_000, 29_998]) {
      clock.advance(step);
      expect(await writesDuring(() => store.tokens.verify(secret)), `after +${step} ms`).toEqual([]);
    }
    expect(await lastUsed()).toBe(T0); // 59,999 ms later: still the first use

    clock.advance(1); // now T0 + 60,000: a full interval since the recorded use
    expect((await writesDuring(() => store.tokens.verify(secret))).length).toBeGreaterThan(0);
    expect(await lastUsed()).toBe(T0 + 60_000);
  });

  it('never writes for a revoked token', async () => {
    await store.tokens.revoke(tokenId, ctx);
    clock.advance(120_000);
    expect(await writesDuring(async () => expect(await store.tokens.verify(secret)).toBeUndefined())).toEqual([]);
    expect(await lastUsed()).toBe(T0 + 60_000);
  });
});
