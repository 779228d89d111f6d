/**
 * The dataset schema as stored with each dataset version: `{ formatVersion: 2, columns, delimiter? }`, written by
 * {@link schemaDocument} and parsed on read by {@link readSchemaDocument} (never cast). Version 2 added
 * `delimiter`, the field separator a CSV or TSV file was read with, so its rows are read back the same way;
 * version 1 documents have none (they were read with `,` for CSV and tab for TSV).
 */
import { z } from 'zod';

import { toJsonObject } from '../core/index.js';
import type { JsonObject } from '../core/index.js';
import { readVersioned } from './document-version.js';
import type { VersionedShape } from './document-version.js';
import type { Schema } from './schema.js';
import { schemaShape } from './schema.js';

/** The schema layout this build writes. */
export const SCHEMA_FORMAT_VERSION = 2;

/** A stored schema: the columns, and the delimiter of a CSV or TSV file. */
export type SchemaDocument = Schema & { delimiter?: string };

const SCHEMA: VersionedShape<SchemaDocument> = {
  document: 'dataset schema',
  version: SCHEMA_FORMAT_VERSION,
  shape: schemaShape.extend({ delimiter: z.string().length(1).optional() }),
};

/** The stored form of a schema; `source.delimiter` is the field separator a CSV or TSV file was read with. */
export function schemaDocument(schema: Schema, source: { delimiter?: string } = {}): JsonObject {
  return toJsonObject(
    { formatVersion: SCHEMA_FORMAT_VERSION, ...schema, ...(source.delimiter === undefined ? {} : { delimiter: source.delimiter }) },
    'schema',
  );
}

/**
 * Parses a stored schema: the current format, or one stored before schemas carried `formatVersion`.
 * @throws MLP_DATA_DOCUMENT_TOO_NEW for a newer format; MLP_DATA_DOCUMENT_INVALID naming the first bad field.
 */
export function readSchemaDocument(json: unknown, field = 'schema'): SchemaDocument {
  return readVersioned(json, SCHEMA, field);
}
