/**
 * The dataset schema as stored with each dataset version: `{ formatVersion: 1, columns }`, written by
 * {@link schemaDocument} and parsed on read by {@link readSchemaDocument} (never cast).
 */
import { toJsonObject } from '../core/index.js';
import type { JsonObject } from '../core/index.js';
import { readVersioned } from './document-version.js';
import type { VersionedShape } from './document-version.js';
import type { Schema } from './schema.js';
import { schemaShape } from './schema.js';

/** The schema layout this build writes. */
export const SCHEMA_FORMAT_VERSION = 1;

const SCHEMA: VersionedShape<Schema> = { document: 'dataset schema', version: SCHEMA_FORMAT_VERSION, shape: schemaShape };

/** The stored form of a schema. */
export function schemaDocument(schema: Schema): JsonObject {
  return toJsonObject({ formatVersion: SCHEMA_FORMAT_VERSION, ...schema }, 'schema');
}

/**
 * Parses a stored schema: the current format, or one stored before schemas carried `formatVersion`.
 * @throws MLP_DATA_DOCUMENT_TOO_NEW for a newer format; MLP_DATA_DOCUMENT_INVALID naming the first bad field.
 */
export function readSchemaDocument(json: unknown, field = 'schema'): Schema {
  return readVersioned(json, SCHEMA, field);
}
