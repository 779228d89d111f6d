import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { DataParseError, readUserFile, UnsupportedFormatError, ValidationError } from '../core/index.js';
import type { ColumnType } from './column.js';
import { readCsv } from './csv-reader.js';
import { sniffDelimiter } from './csv-sniff.js';
import type { Frame } from './frame.js';
import { readJsonLines } from './jsonl-reader.js';
import { readParquet } from './parquet-reader.js';

/** Every format {@link readTable} understands, for `--format` validation, the API's schemas and help texts. */
export const TABLE_FORMATS = Object.freeze(['csv', 'tsv', 'jsonl', 'parquet'] as const);

/** File formats {@link readTable} understands. */
export type TableFormat = (typeof TABLE_FORMATS)[number];
/** Alias of {@link TableFormat}. */
export type DataFormat = TableFormat;

/** File name endings and the format each means; a `.gz` after the text ones means gzip-compressed. */
export const FORMAT_EXTENSIONS: Readonly<Record<string, TableFormat>> = Object.freeze({
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
});

/** Options of {@link readTable}. */
export interface ReadTableOptions {
  /** Format to use instead of guessing from the extension. */
  format?: TableFormat;
  /** Forced column types by column name. */
  types?: Readonly<Record<string, ColumnType>>;
  /** Name for error messages (default: the path). */
  file?: string;
  /**
   * Field separator of a CSV or TSV file, one ASCII character. Default: sniffed for CSV (see `sniffDelimiter`),
   * tab for TSV. Refused for JSON lines and Parquet.
   */
  delimiter?: string;
}

/** What {@link readTable} returns. */
export interface TableRead {
  frame: Frame;
  format: TableFormat;
  /** Size of the file in bytes (as stored, i.e. compressed for `.gz`). */
  byteSize: number;
  /** sha256 (hex) of the file bytes as stored: the identity of a dataset version. */
  contentHash: string;
  /** Whether the file was gzip-compressed. */
  gzip: boolean;
  /** The field separator used (CSV and TSV only): given, or sniffed for CSV. */
  delimiter?: string;
}

/**
 * The format of `path` from its extension (`.csv`, `.tsv`/`.tab`, `.jsonl`/`.ndjson`, `.parquet`/`.pq`, and
 * `.csv.gz`, `.tsv.gz`, `.jsonl.gz`…), case-insensitive; undefined for any other name.
 */
export function tableFileFormat(path: string): { format: TableFormat; gzip: boolean } | undefined {
  const lower = path.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const base = gzip ? lower.slice(0, -3) : lower;
  for (const [extension, format] of Object.entries(FORMAT_EXTENSIONS)) {
    if (base.endsWith(extension) && !(gzip && format === 'parquet')) return { format, gzip };
  }
  return undefined;
}

/**
 * Like {@link tableFileFormat}, for a name that must be a table file.
 * @throws MLP_DATA_UNSUPPORTED_FORMAT for any other name.
 */
export function formatFromPath(path: string): { format: TableFormat; gzip: boolean } {
  const found = tableFileFormat(path);
  if (found === undefined)
    throw UnsupportedFormatError({ file: path, known: [...Object.keys(FORMAT_EXTENSIONS), '.csv.gz', '.tsv.gz', '.jsonl.gz'] });
  return found;
}

/**
 * Reads a table file into a frame, with the facts a dataset version records.
 * @param path file to read.
 * @throws MLP_DATA_FILE_NOT_FOUND when the file does not exist; MLP_DATA_FILE_UNREADABLE (with the errno) when it
 *   cannot be read for another reason (a directory, no permission, …).
 * @throws MLP_DATA_UNSUPPORTED_FORMAT when the format cannot be told from the extension and none is given.
 * @throws MLP_DATA_PARSE for malformed content (see each reader).
 */
export async function readTable(path: string, options: ReadTableOptions = {}): Promise<TableRead> {
  const guessed =
    options.format === undefined ? formatFromPath(path) : { format: options.format, gzip: path.toLowerCase().endsWith('.gz') };
  const stored = await readUserFile(path);
  return decodeTable(stored, guessed.format, guessed.gzip, options.file ?? path, options.types, options.delimiter);
}

/**
 * {@link readTable} for content already in memory (an upload). Gzip-compressed content (magic bytes 1f 8b) is
 * decompressed first for the text formats.
 * @param options.file name for error messages (default `<input>`).
 * @throws MLP_DATA_PARSE for malformed content.
 */
export async function readTableBytes(
  bytes: Uint8Array,
  options: { format: TableFormat; types?: Readonly<Record<string, ColumnType>>; file?: string; delimiter?: string },
): Promise<TableRead> {
  const gzip = options.format !== 'parquet' && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return decodeTable(bytes, options.format, gzip, options.file ?? '<input>', options.types, options.delimiter);
}

async function decodeTable(
  stored: Uint8Array,
  format: TableFormat,
  gzip: boolean,
  file: string,
  types: Readonly<Record<string, ColumnType>> | undefined,
  delimiter: string | undefined,
): Promise<TableRead> {
  if (delimiter !== undefined && format !== 'csv' && format !== 'tsv')
    throw ValidationError({ field: 'delimiter', problem: `applies to CSV and TSV files only; ${file} is ${format}` });
  const contentHash = createHash('sha256').update(stored).digest('hex');
  let bytes: Uint8Array = stored;
  if (gzip) {
    try {
      bytes = gunzipSync(stored);
    } catch (error) {
      throw DataParseError({ file, problem: `not a valid gzip file (${(error as Error).message})` }, error);
    }
  }
  let frame: Frame;
  let used: string | undefined;
  switch (format) {
    case 'csv':
      used = delimiter ?? sniffDelimiter(bytes);
      frame = readCsv(bytes, { file, types, delimiter: used });
      break;
    case 'tsv':
      used = delimiter ?? '\t';
      frame = readCsv(bytes, { file, types, delimiter: used });
      break;
    case 'jsonl':
      frame = readJsonLines(bytes, { file, types });
      break;
    case 'parquet':
      frame = await readParquet(bytes, { file, types });
      break;
  }
  return { frame, format, byteSize: stored.length, contentHash, gzip, ...(used === undefined ? {} : { delimiter: used }) };
}
