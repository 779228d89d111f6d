import { TrainingDataError, UnsupportedFormatError } from '../core/index.js';
import type { Frame } from './frame.js';
import { readTableBytes, TABLE_FORMATS, type TableFormat } from './read-table.js';
import { readSchemaDocument } from './schema-document.js';

/** The facts of a stored dataset version that reading its rows back needs. */
export interface StoredTable {
  readonly datasetName: string;
  readonly version: number;
  /** The format recorded at registration (csv, tsv, jsonl, parquet). */
  readonly format: string;
  /** Digest of the stored content; null for a version registered without content. */
  readonly artifactDigest: string | null;
  /** The stored schema document; its `delimiter` says how a CSV or TSV file was read (absent: the default). */
  readonly schema?: unknown;
}

/**
 * The rows of a stored dataset version, read back through `read` (the artifact store's verified `get`), so AutoML,
 * checks, serving and training all load data the same way.
 * @throws MLP_ML_BAD_TRAINING_DATA when the version has no stored content; MLP_DATA_UNSUPPORTED_FORMAT for a
 *   recorded format this build does not read; MLP_DATA_PARSE; whatever `read` throws (MLP_ARTIFACT_*).
 */
export async function readStoredTable(table: StoredTable, read: (digest: string) => Promise<Uint8Array>): Promise<Frame> {
  const label = `${table.datasetName}@${table.version}`;
  if (table.artifactDigest === null) throw TrainingDataError({ problem: `dataset ${label} has no stored content to read` });
  const format = TABLE_FORMATS.find((f): f is TableFormat => f === table.format);
  if (format === undefined)
    throw UnsupportedFormatError({ file: `${label} (recorded format ${JSON.stringify(table.format)})`, known: [...TABLE_FORMATS] });
  const bytes = await read(table.artifactDigest);
  // Read it as it was registered: with the recorded delimiter, or (schemas before version 2) the format's default.
  const recorded = table.schema === undefined ? undefined : readSchemaDocument(table.schema, `${label} schema`).delimiter;
  const delimiter = format === 'csv' ? (recorded ?? ',') : format === 'tsv' ? (recorded ?? '\t') : undefined;
  return (await readTableBytes(bytes, { format, file: label, ...(delimiter === undefined ? {} : { delimiter }) })).frame;
}
