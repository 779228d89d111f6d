import { createHash } from 'node:crypto';

import { InvalidDigestError } from '../core/index.js';

const DIGEST_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Validates a sha256 digest (64 lowercase hex characters). Artifact paths on disk are built only from validated
 * digests, which is what makes path traversal impossible by construction.
 * @throws MLP_ARTIFACT_INVALID_DIGEST naming `field`.
 */
export function assertDigest(value: unknown, field: string): string {
  if (!isDigest(value)) {
    throw InvalidDigestError({ field, value: String(value).slice(0, 100) });
  }
  return value;
}

/** Whether `value` is a sha256 digest (64 lowercase hex characters). */
export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST_PATTERN.test(value);
}

/** sha256 hex of some bytes. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
