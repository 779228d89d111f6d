import { describe, expect, it } from 'vitest';

import { decodePageToken, encodePageToken, queryDigest } from '../../../src/store/search/page-token.js';

describe('page tokens', () => {
  const q = queryDigest(['exp', 'metrics.auc > 1']);

  it('round-trips a position for the same query', () => {
    expect(decodePageToken(encodePageToken(q, { phase: 1, offset: 300 }), q)).toEqual({ phase: 1, offset: 300 });
  });

  it('is opaque base64url', () => {
    expect(encodePageToken(q, { phase: 0, offset: 100 })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['garbage!', 'not a base64url'],
    [Buffer.from('{"v":1}').toString('base64url'), 'does not decode'],
    [Buffer.from('not json').toString('base64url'), 'does not decode'],
  ])('rejects %s', (token, reason) => {
    expect(() => decodePageToken(token, q)).toThrow(reason);
  });

  it('rejects an edited offset and a token of another query', () => {
    const token = encodePageToken(q, { phase: 0, offset: 100 });
    const body = JSON.parse(Buffer.from(token, 'base64url').toString()) as Record<string, unknown>;
    expect(() => decodePageToken(Buffer.from(JSON.stringify({ ...body, o: 5 })).toString('base64url'), q)).toThrow('checksum');
    expect(() => decodePageToken(token, queryDigest(['other']))).toThrow('different filter');
  });
});
