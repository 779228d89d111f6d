import type { FileMetaData } from 'hyparquet';
import { DataParseError, readUserFile, ValidationError } from '../core/index.js';
import type { ColumnType } from './column.js';
import { Frame } from './frame.js';
import { buildColumnFromValues } from './value-column-builder.js';

/** Options of {@link readParquet}. */
export interface ParquetOptions {
  /** Name used in error messages (defaults to the path, or `<input>` for bytes). */
  file?: string;
  /** Forced column types by column name; the other columns are inferred. */
  types?: Readonly<Record<string, ColumnType>>;
}

/**
 * Reads an Apache Parquet file with `hyparquet` (all codecs of `hyparquet-compressors`: snappy, gzip, zstd,
 * brotli, lz4). Each top-level field becomes a column: integers and floats → numeric (INT64 through `Number`,
 * exact up to 2^53), booleans → boolean, DATE/TIMESTAMP → datetime, strings → categorical or text by the
 * cardinality rule of `inference-rules.ts` (strings are not re-parsed as numbers or dates: Parquet is typed),
 * nested groups and lists → text holding their JSON. Nulls (and NaN) are missing.
 *
 * @throws MLP_DATA_PARSE naming the file when it is not a readable Parquet file (bad magic, truncated,
 *   corrupt pages) or a value does not fit a forced type (the message then gives the 0-based row).
 * @throws MLP_DATA_FILE_NOT_FOUND when `source` is a path that does not exist; MLP_DATA_FILE_UNREADABLE (with the
 *   errno) when it cannot be read for another reason (a directory, no permission, a device or FIFO, …).
 */
export async function readParquet(source: Uint8Array | string, options: ParquetOptions = {}): Promise<Frame> {
  const bytes = typeof source === 'string' ? await readUserFile(source) : source;
  const file = options.file ?? (typeof source === 'string' ? source : '<input>');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  // The Parquet reader and its codecs load with the first Parquet file, not with the data layer.
  const [{ parquetMetadata, parquetRead, parquetSchema }, { compressors }] = await Promise.all([
    import('hyparquet'),
    import('hyparquet-compressors'),
  ]);

  let metadata: FileMetaData;
  let names: string[];
  const chunks = new Map<string, Array<{ rowStart: number; data: ArrayLike<unknown> }>>();
  try {
    metadata = parquetMetadata(buffer);
    names = parquetSchema(metadata).children.map((child) => child.element.name);
    await parquetRead({
      file: buffer,
      metadata,
      compressors,
      onChunk: (chunk) => {
        let list = chunks.get(chunk.columnName);
        if (list === undefined) chunks.set(chunk.columnName, (list = []));
        list.push({ rowStart: chunk.rowStart, data: chunk.columnData as ArrayLike<unknown> });
      },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw DataParseError(
      { file, problem: `not a readable Parquet file (${reason}); check that the file is complete and not corrupted` },
      error,
    );
  }

  const rowCount = Number(metadata.num_rows);
  const types = options.types ?? {};
  for (const name of Object.keys(types)) {
    if (!names.includes(name))
      throw ValidationError({ field: `types.${name}`, problem: `there is no column ${JSON.stringify(name)} in ${file}` });
  }
  const columns = names.map((name) => {
    const values = new Array<unknown>(rowCount).fill(null);
    for (const { rowStart, data } of chunks.get(name) ?? []) {
      for (let i = 0; i < data.length && rowStart + i < rowCount; i++) values[rowStart + i] = data[i];
    }
    return buildColumnFromValues(name, values, {
      forced: types[name],
      datetimeFromStrings: false,
      fail: (row, problem) => {
        throw DataParseError({ file, field: name, problem: `row ${row}: ${problem}` });
      },
    });
  });
  return new Frame(columns, rowCount);
}
