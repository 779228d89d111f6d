/**
 * Versioned JSON documents that src/data writes for the store (the dataset schema and profile). Each carries
 * `formatVersion`; a reader accepts every version up to its own, and documents written before versioning (no
 * `formatVersion`), whose layout is version 1's. When a layout changes, its version goes up and the reader
 * converts older layouts after parsing them with their own shape.
 */
import type { z } from 'zod';

import { DocumentInvalidError, DocumentTooNewError } from '../core/index.js';

/** How to read one kind of document. */
export interface VersionedShape<T> {
  /** What it is, for messages: `dataset profile`. */
  readonly document: string;
  /** The newest format version this build writes and reads. */
  readonly version: number;
  /** The layout of that version, without `formatVersion`. */
  readonly shape: z.ZodType<T>;
}

/**
 * Reads a stored document of `kind`.
 * @throws MLP_DATA_DOCUMENT_TOO_NEW when it was written by a newer format version;
 *         MLP_DATA_DOCUMENT_INVALID naming the first bad field (`field` is its root, e.g. `profile`).
 */
export function readVersioned<T>(json: unknown, kind: VersionedShape<T>, field: string): T {
  const invalid = (path: string, problem: string): Error => DocumentInvalidError({ document: kind.document, field: path, problem });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid(field, 'must be a JSON object');
  const { formatVersion, ...body } = json as Record<string, unknown>;
  if (formatVersion !== undefined) {
    if (typeof formatVersion !== 'number' || !Number.isSafeInteger(formatVersion) || formatVersion < 1)
      throw invalid(`${field}.formatVersion`, 'must be a positive integer');
    if (formatVersion > kind.version) throw DocumentTooNewError({ document: kind.document, found: formatVersion, supported: kind.version });
  }
  const parsed = kind.shape.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid([field, ...(issue?.path ?? []).map(String)].join('.'), issue?.message ?? `invalid ${kind.document}`);
  }
  return parsed.data;
}
