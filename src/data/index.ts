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
export {
  HISTOGRAM_BINS,
  histogramEdges,
  LEVEL_NAMES_BUDGET,
  LEVEL_NAMES_CAP,
  PROFILE_QUANTILES,
  PROFILE_SEED,
  profileColumn,
  profileColumns,
  profileFrame,
  quantileSorted,
  TOP_LEVELS,
} from './profile.js';
export type { ColumnProfile, ColumnSketch, NumericProfile, Profile, ProfileOptions, Quantiles } from './profile-types.js';
export { mergeProfiles } from './profile-merge.js';
export { PROFILE_FORMAT_VERSION, profileDocument, profileFromDocument, readProfileDocument } from './profile-document.js';
export { FREQUENT_ITEMS_CAPACITY, FrequentItems } from './sketch/frequent-items.js';
export type { FrequentItemsState } from './sketch/frequent-items.js';
export { checkEdges, Histogram, MAX_HISTOGRAM_BINS, quantileEdges, sameEdges } from './sketch/histogram.js';
export type { HistogramState } from './sketch/histogram.js';
export { HLL_PRECISION, HyperLogLog } from './sketch/hll.js';
export type { HllState } from './sketch/hll.js';
export { KLL_K, KLL_RANK_ERROR, KllSketch } from './sketch/kll.js';
export type { KllState } from './sketch/kll.js';
export { Moments } from './sketch/moments.js';
export type { MomentsState } from './sketch/moments.js';
export { NumericSketch } from './sketch/numeric-sketch.js';
export type { NumericSketchState, SketchTimings } from './sketch/numeric-sketch.js';
export { hashFloat, hashString } from './sketch/hash.js';
export { readSchemaDocument, SCHEMA_FORMAT_VERSION, schemaDocument } from './schema-document.js';
export type { SchemaDocument } from './schema-document.js';
export { sniffDelimiter, SNIFFED_DELIMITERS } from './csv-sniff.js';
export { diffDatasets } from './diff.js';
export type { DatasetChange, DatasetDiff, DatasetSummary, ProfileStat } from './diff.js';
