/**
 * Opaque page tokens: base64url JSON `{ v, q, p, o, c }` — version, a digest of the query the token belongs
 * to, the phase (see run-search.ts), the offset within that phase, and a checksum of the rest. A token from
 * another query, an edited token or garbage is refused with MLP_STORE_INVALID_PAGE_TOKEN.
 */
import { createHash } from 'node:crypto';

import { InvalidPageTokenError } from '../../core/index.js';

/** Where the next page starts. */
export interface PagePosition {
  phase: 0 | 1;
  offset: number;
}

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, length);
}

/** A short digest identifying a search (filter, order, experiments, deleted flag). */
export function queryDigest(parts: unknown): string {
  return digest(JSON.stringify(parts), 16);
}

/** Encodes a page position for the query with digest `q`. */
export function encodePageToken(q: string, position: PagePosition): string {
  const body = { v: 1, q, p: position.phase, o: position.offset };
  const c = digest(JSON.stringify(body), 10);
  return Buffer.from(JSON.stringify({ ...body, c }), 'utf8').toString('base64url');
}

/** Decodes a token made by {@link encodePageToken} for the same query. @throws MLP_STORE_INVALID_PAGE_TOKEN */
export function decodePageToken(token: string, q: string): PagePosition {
  if (typeof token !== 'string' || token.length === 0 || token.length > 512 || !/^[A-Za-z0-9_-]+$/.test(token))
    throw InvalidPageTokenError({ reason: 'it is not a base64url string made by a previous search' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw InvalidPageTokenError({ reason: 'it does not decode to a page position' });
  }
  const t = parsed as { v?: unknown; q?: unknown; p?: unknown; o?: unknown; c?: unknown };
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    t.v !== 1 ||
    typeof t.q !== 'string' ||
    (t.p !== 0 && t.p !== 1) ||
    typeof t.o !== 'number' ||
    !Number.isSafeInteger(t.o) ||
    t.o < 0 ||
    typeof t.c !== 'string'
  )
    throw InvalidPageTokenError({ reason: 'it does not decode to a page position' });
  if (digest(JSON.stringify({ v: t.v, q: t.q, p: t.p, o: t.o }), 10) !== t.c)
    throw InvalidPageTokenError({ reason: 'its checksum does not match (was it edited?)' });
  if (t.q !== q) throw InvalidPageTokenError({ reason: 'it belongs to a search with a different filter, order or experiments' });
  return { phase: t.p, offset: t.o };
}

/** Where the next metric-history page starts: after `skip` points at exactly (`step`, `timestamp`). */
export interface HistoryPosition {
  step: number;
  timestamp: number;
  skip: number;
}

/** Encodes a metric-history position for the series with digest `q` (same format rules as run-search tokens). */
export function encodeHistoryToken(q: string, position: HistoryPosition): string {
  const body = { v: 1, q, s: position.step, t: position.timestamp, k: position.skip };
  const c = digest(JSON.stringify(body), 10);
  return Buffer.from(JSON.stringify({ ...body, c }), 'utf8').toString('base64url');
}

/** Decodes a token made by {@link encodeHistoryToken} for the same series. @throws MLP_STORE_INVALID_PAGE_TOKEN */
export function decodeHistoryToken(token: string, q: string): HistoryPosition {
  if (typeof token !== 'string' || token.length === 0 || token.length > 512 || !/^[A-Za-z0-9_-]+$/.test(token))
    throw InvalidPageTokenError({ reason: 'it is not a base64url string made by a previous metric-history page' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw InvalidPageTokenError({ reason: 'it does not decode to a metric-history position' });
  }
  const t = parsed as { v?: unknown; q?: unknown; s?: unknown; t?: unknown; k?: unknown; c?: unknown };
  const count = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  if (typeof parsed !== 'object' || parsed === null || t.v !== 1 || typeof t.q !== 'string' || !count(t.s) || !count(t.t) || !count(t.k))
    throw InvalidPageTokenError({ reason: 'it does not decode to a metric-history position' });
  if (typeof t.c !== 'string' || digest(JSON.stringify({ v: t.v, q: t.q, s: t.s, t: t.t, k: t.k }), 10) !== t.c)
    throw InvalidPageTokenError({ reason: 'its checksum does not match (was it edited?)' });
  if (t.q !== q) throw InvalidPageTokenError({ reason: 'it belongs to another run or metric key' });
  return { step: t.s, timestamp: t.t, skip: t.k };
}
