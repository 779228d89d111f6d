/**
 * Data engine: the columnar frame (typed arrays, no per-row objects), readers for CSV/TSV, JSON-lines and
 * Parquet with schema inference, column profiles and dataset diffs. Dataset versions themselves (content hash →
 * stored version) are registered by the store on top of {@link readTable}, {@link inferSchema} and
 * {@link profileFrame}. Imports only `src/core`.
 */
export { COLUMN_TYPES, MISSING_BOOLEAN, MISSING_CODE, columnLength, isMissingAt, missingCount, valueAt } from './column.js';
export type { BooleanColumn, CategoricalColumn, Column, ColumnType, DatetimeColumn, NumericColumn, TextColumn } from './column.js';
export { Frame } from './frame.js';
export { categoricalLimit, CATEGORICAL_SHARE, MAX_LEVEL_BYTES, MIN_CATEGORICAL_LEVELS } from './inference-rules.js';
export { parseBooleanBytes, parseNumberBytes, parseNumberString } from './number-parse.js';
export { parseDatetimeBytes, parseDatetimeString } from './datetime-parse.js';
export { readCsv } from './csv-reader.js';
export type { CsvOptions } from './csv-reader.js';
export { readJsonLines } from './jsonl-reader.js';
export type { JsonLinesOptions } from './jsonl-reader.js';
export { readParquet } from './parquet-reader.js';
export type { ParquetOptions } from './parquet-reader.js';
export { FORMAT_EXTENSIONS, formatFromPath, readTable, readTableBytes, TABLE_FORMATS, tableFileFormat } from './read-table.js';
export type { DataFormat, ReadTableOptions, TableFormat, TableRead } from './read-table.js';
export { readStoredTable } from './stored-table.js';
export type { StoredTable } from './stored-table.js';
export { inferSchema, parseSchema, schemaOf } from './schema.js';
export type { ColumnSchema, Schema } from './schema.js';
export { DISTINCT_CAP, HISTOGRAM_BINS, LEVEL_NAMES_CAP, profileColumn, profileFrame, quantileSorted, TOP_LEVELS } from './profile.js';
export type { ColumnProfile, NumericProfile, Profile, Quantiles } from './profile.js';
export { PROFILE_FORMAT_VERSION, profileDocument, readProfileDocument } from './profile-document.js';
export { readSchemaDocument, SCHEMA_FORMAT_VERSION, schemaDocument } from './schema-document.js';
export type { SchemaDocument } from './schema-document.js';
export { sniffDelimiter, SNIFFED_DELIMITERS } from './csv-sniff.js';
export { diffDatasets } from './diff.js';
export type { DatasetChange, DatasetDiff, DatasetSummary, ProfileStat } from './diff.js';
