import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeEach, describe, expect, it } from 'vitest';

import { LocalArtifactStore, resolveDigest } from '../../../src/artifacts/index.js';
import { isMlpError } from '../../../src/core/index.js';

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMlpError(error), String(error)).toBe(true);
  return error as { code: string; message: string; details: Record<string, unknown> };
}

describe('resolveDigest over the local artifact store', () => {
  let root: string;
  let store: LocalArtifactStore;
  /** Places an (unverified) blob file under a chosen digest: prefix collisions cannot be found by hashing. */
  const fabricate = (digest: string): void => {
    mkdirSync(join(root, 'blobs', digest.slice(0, 2)), { recursive: true });
    writeFileSync(join(root, 'blobs', digest.slice(0, 2), digest), 'x');
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlp-prefix-'));
    store = new LocalArtifactStore(root);
  });

  it('resolves a unique prefix of 8 or more hex characters, with or without sha256: and in any case', async () => {
    const { digest } = await store.put('hello');
    await store.put('world');
    expect(await resolveDigest(store, digest.slice(0, 8), 'digest')).toBe(digest);
    expect(await resolveDigest(store, `sha256:${digest.slice(0, 12).toUpperCase()}`, 'digest')).toBe(digest);
    expect(await resolveDigest(store, digest, 'digest')).toBe(digest);
  });

  it('returns a full digest as it is, whether stored or not (the reader reports a missing blob)', async () => {
    expect(await resolveDigest(store, 'a'.repeat(64), 'digest')).toBe('a'.repeat(64));
  });

  it('refuses fewer than 8 characters and non-hex input, naming the field and the prefix rule', async () => {
    for (const bad of ['abcdef1', 'xyz12345', '', 'a'.repeat(65), '../../etc/passwd']) {
      const error = await failure(resolveDigest(store, bad, 'digest'));
      expect(error.code).toBe('MLP_ARTIFACT_INVALID_DIGEST');
      expect(error.message).toContain('at least 8 hex characters');
    }
  });

  it('answers not found when no stored blob has the prefix', async () => {
    await store.put('hello');
    const error = await failure(resolveDigest(store, '00000000', 'digest'));
    expect(error.code).toBe('MLP_ARTIFACT_NOT_FOUND');
    expect(error.message).toContain('00000000');
  });

  it('lists the candidates of an ambiguous prefix, and a longer prefix settles it', async () => {
    const a = `abcdef0123${'1'.repeat(54)}`;
    const b = `abcdef0123${'2'.repeat(54)}`;
    fabricate(b);
    fabricate(a);
    fabricate(`abcdef0000${'3'.repeat(54)}`);
    const error = await failure(resolveDigest(store, 'abcdef0123', 'digest'));
    expect(error.code).toBe('MLP_ARTIFACT_AMBIGUOUS_DIGEST');
    expect(error.details).toEqual({ prefix: 'abcdef0123', candidates: [a, b], more: false });
    expect(error.message).toContain(a);
    expect(error.message).toContain(b);
    expect(await resolveDigest(store, 'abcdef01232', 'digest')).toBe(b);
  });

  it('lists at most ten candidates and says there are more', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `1234567890${i.toString(16).padStart(54, '0')}`);
    for (const digest of many) fabricate(digest);
    const error = await failure(resolveDigest(store, '12345678', 'digest'));
    expect(error.details).toEqual({ prefix: '12345678', candidates: many.slice(0, 10), more: true });
    expect(error.message).toMatch(/, …\. Give more characters/);
    expect(await store.matchPrefix('12', 100)).toEqual(many);
    expect(await store.matchPrefix('ff', 100)).toEqual([]);
  });
});
